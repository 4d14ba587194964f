/**
 * JSON Schema (draft 2020-12 subset) of the project file `port.json`. `validateProject` interprets
 * exactly this object (see `check.ts` for the keywords it understands), so the schema and the
 * validator cannot drift. `x-hint` is ours: the second half of the message when the field is missing
 * or wrong. Levels are metres in the project datum (`datum.name`, usually D.L.).
 */

type S = Record<string, unknown>;

const num = (description: string, extra: S = {}): S => ({ type: 'number', description, ...extra });
const yearTable = (description: string): S => ({
  type: 'array',
  description: `${description}: [[year, value], …] sorted by year, piecewise-linear, ends held`,
  items: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 },
});
const layer = (description: string): S => ({
  description: `${description}: a GeoJSON file path (relative to port.json) or an inline FeatureCollection in the project CRS`,
  oneOf: [{ type: 'string', minLength: 1 }, { $ref: '#/$defs/featureCollection' }],
});

const force: S = {
  type: 'object',
  additionalProperties: false,
  required: ['hwl_m', 'surge_m'],
  properties: {
    label: { type: 'string', description: 'name shown in tables, e.g. "50-year storm surge"' },
    returnPeriod_yr: num('return period of the surge and waves, years', { exclusiveMinimum: 0 }),
    hwl_m: { ...num('H.W.L. (朔望平均満潮位), m in the project datum'), 'x-hint': 'give H.W.L. in metres in the project datum' },
    surge_m: { ...num('storm-surge deviation (潮位偏差) at the base year, m', { minimum: 0 }), 'x-hint': 'give the design surge deviation in metres' },
    waves: {
      type: 'object',
      additionalProperties: false,
      required: ['hs_m', 'tm10_s'],
      description: 'design waves at the line fronts; omit for still water only',
      properties: {
        hs_m: { ...num('significant wave height Hs (Hm0), m', { exclusiveMinimum: 0 }), 'x-hint': 'give Hs in metres' },
        tm10_s: { ...num('spectral period Tm-1,0, s', { exclusiveMinimum: 0 }), 'x-hint': 'give Tm-1,0 in seconds' },
      },
    },
    surgeRatio: yearTable('future-change ratio of the surge deviation r_S(t)'),
    waveRatio: yearTable('future-change ratio of the wave height r_H(t)'),
  },
};

export const portSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://floodzone.invalid/port.schema.json',
  title: 'floodzone project file (port.json)',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'crs', 'dem', 'datum', 'referenceLevel_m', 'baseYear', 'years', 'scenarios', 'forces', 'facilities'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', minLength: 1, description: 'name of the port', 'x-hint': 'name the port' },
    crs: { type: 'string', minLength: 1, description: 'horizontal CRS of the DEM and every layer, e.g. "EPSG:6677"', 'x-hint': 'give the CRS code of the DEM, e.g. "EPSG:6677"' },
    dem: { type: 'string', minLength: 1, description: 'DEM raster path, relative to port.json', 'x-hint': 'give the DEM file path' },
    datum: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'toTP_m'],
      description: 'vertical datum of the DEM and of every level here, and its offset: T.P. = level + toTP_m',
      'x-hint': 'give {"name": "D.L.", "toTP_m": <offset>}',
      properties: {
        name: { type: 'string', minLength: 1, 'x-hint': 'name the datum, e.g. "D.L."' },
        toTP_m: { ...num('T.P. = level + toTP_m (D.L. = T.P. − 1.134 m gives −1.134)'), 'x-hint': 'give the D.L.→T.P. offset in metres' },
      },
    },
    sea: {
      description: 'sea sources: "border" (default), {"mask": path}, {"polygons": path or FeatureCollection}, {"points": [[x, y], …]}',
      oneOf: [
        { type: 'string', enum: ['border'] },
        { type: 'object', additionalProperties: false, required: ['mask'], properties: { mask: { type: 'string', minLength: 1 } } },
        { type: 'object', additionalProperties: false, required: ['polygons'], properties: { polygons: layer('sea polygons') } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['points'],
          properties: { points: { type: 'array', minItems: 1, items: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 } } },
        },
      ],
    },
    connectivity: { type: 'integer', enum: [4, 8], description: 'flood connectivity, default 8' },
    nodataIsSea: { type: 'boolean', description: 'nodata cells are open water, default false' },
    referenceLevel_m: { ...num("today's reference level L_ref (e.g. today's H.W.L.): land = spill level ≥ L_ref"), 'x-hint': "give today's reference level in metres (land is what stays dry at it)" },
    baseYear: { type: 'integer', minimum: 1900, maximum: 2300, description: 'reference year of the forces', 'x-hint': 'give the reference year of the forces, e.g. 2020' },
    years: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1900, maximum: 2300 }, description: 'years to analyse', 'x-hint': 'list the years to analyse' },
    targetYear: { type: 'integer', minimum: 1900, maximum: 2300, description: 'target year of the plan (目標時期), default the last year' },
    scenarios: {
      type: 'array',
      minItems: 1,
      'x-hint': 'give at least one sea-level-rise scenario',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'slr'],
        properties: {
          name: { type: 'string', minLength: 1, 'x-hint': 'name the scenario' },
          slr: { ...yearTable('mean-sea-level rise ΔMSL(t), m'), minItems: 1, 'x-hint': 'give ΔMSL as [[year, m], …]' },
        },
      },
    },
    forces: {
      type: 'object',
      additionalProperties: false,
      required: ['design'],
      'x-hint': 'give the design force {"design": {...}}',
      properties: {
        design: { ...force, description: 'the force the facilities protect against (施設で防護する外力)', 'x-hint': 'give the facility design force' },
        portPlan: { ...force, description: 'the larger force of the port plan (港湾計画に記載した外力), default the design force' },
      },
    },
    margin_m: num('余裕高 added to every required crest, m, default 0', { minimum: 0 }),
    allowableQ_m3sm: num('default allowable mean overtopping, m³/s per m, default 0.01', { exclusiveMinimum: 0 }),
    facilities: { ...layer('facilities: Polygon/MultiPolygon features with owner, name, kind, damageThreshold_m, key, assetValue'), 'x-hint': 'give the facilities GeoJSON' },
    portArea: layer('the port area (臨港地区): zones are clipped to it'),
    lines: layer('protection lines: LineString features with owner, crest (m), kind, structure ("vertical"|"slope"), toeDepth (m below datum zero), slope (cotα), roughness, allowableQ'),
    points: layer('representative points (代表地点): Point features with name'),
    depthDamage: {
      type: 'object',
      additionalProperties: false,
      required: ['curve'],
      description: 'depth–damage function for the damage adaptation level',
      properties: {
        curve: {
          type: 'array',
          minItems: 2,
          description: '[[depth_m, damage ratio 0..1], …] sorted by depth',
          items: { type: 'array', prefixItems: [{ type: 'number', minimum: 0 }, { type: 'number', minimum: 0, maximum: 1 }], minItems: 2, maxItems: 2 },
          'x-hint': 'give the curve as [[depth_m, ratio], …]',
        },
        limit: num('damage amount the plan must stay below (same unit as assetValue)', { minimum: 0 }),
      },
    },
    plan: {
      type: 'object',
      additionalProperties: false,
      required: ['crests'],
      description: 'a plan to evaluate (§4-7): raised crests by line id',
      properties: {
        crests: { type: 'object', additionalProperties: { type: 'number' }, 'x-hint': 'give {"<line id>": crest_m, …}' },
      },
    },
  },
  $defs: {
    featureCollection: {
      type: 'object',
      required: ['type', 'features'],
      properties: {
        type: { type: 'string', enum: ['FeatureCollection'] },
        features: { type: 'array', items: { type: 'object', required: ['type', 'geometry', 'properties'] } },
      },
    },
  },
} as const;

/** Feature properties of the layers (checked per feature after the file is read). */
export const layerProperties = {
  facilities: {
    owner: 'string',
    name: 'string?',
    kind: 'string?',
    damageThreshold_m: 'number?',
    key: 'boolean?',
    assetValue: 'number?',
    id: 'string?',
  },
  lines: {
    owner: 'string',
    crest: 'number',
    name: 'string?',
    kind: 'string?',
    structure: 'string?',
    toeDepth: 'number?',
    slope: 'number?',
    roughness: 'number?',
    allowableQ: 'number?',
    id: 'string?',
  },
  points: { name: 'string?', id: 'string?' },
} as const;
