/**
 * The example port: a small, seeded, realistic port whose flood answers are known by hand
 * (README.md in this folder lists them). Pure: no I/O; `generate.ts` writes the files.
 *
 * 400 × 300 cells of 5 m (2.0 × 1.5 km) in EPSG:6677 (JGD2011 / Japan Plane Rectangular CS IX),
 * north-up, upper-left corner at (−6000, −42000) ≈ 35.62° N, 139.77° E (inner Tokyo Bay; the port is
 * fictional). Elevations are in the port's D.L. (港湾工事基準面); T.P. = D.L. − 1.134 m, the A.P.
 * offset of Tokyo port (notes/DOMAIN.md §5.1). Layout (rows from the north, columns from the west):
 *
 *   rows   0–29   upland, D.L.+8 → +10 (the north border never floods below +8)
 *   cols   0–9    west upland band (+8), rows 30–161
 *   rows  30–159, cols 10–169  hinterland (背後地), D.L.+0.3…+2.3, its centre below mean sea level
 *                 (T.P. 0 = D.L.+1.134): a zero-metre area; behind
 *   rows 160–161 (cols 10–171) and cols 170–171 (rows 30–161): the seawall, crest D.L.+5.0
 *   cols 172–187, rows 30–209  canal, bed D.L.−4
 *   cols 188–189, rows 30–209  canal east wall, crest D.L.+5.0
 *   east block, cols 190–389:
 *     rows  30–109  terrace (higher ground), D.L.+4.5: substation (key facility), port office
 *     rows 110–195  low yard, D.L.+3.0, shared by the container yard (owner A) and the warehouse (owner B)
 *     rows 196–209  quay aprons, D.L.+4.0: quay A (cols 190–289) and quay B (cols 290–389)
 *   cols 390–399, rows 30–209  east upland band (+8)
 *   the bay: everything else; bed D.L.−10 (−12 at the berths), open to the south, west and east borders
 *   reclaimed island: cols 50–149, rows 235–274, D.L.+4.5
 */
import type { Affine, Crs, FloatGrid } from '@floodzone/raster';
import { rng as mulberry32 } from '../../test-support/random.js';

export const WIDTH = 400;
export const HEIGHT = 300;
export const CELL = 5;
export const X0 = -6000;
export const Y0 = -42000;
export const TRANSFORM: Affine = [X0, CELL, 0, Y0, 0, -CELL];
export const SEED = 20250401;

export const CRS: Crs = {
  code: 'EPSG:6677',
  name: 'JGD2011 / Japan Plane Rectangular CS IX',
  proj4: '+proj=tmerc +lat_0=36 +lon_0=139.833333333333 +k=0.9999 +x_0=0 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  geographic: false,
};

/** Heights in D.L. metres that the answers in README.md follow from. */
export const H = {
  /** D.L. → T.P.: T.P. = D.L. + toTP (Tokyo port's A.P. = T.P. − 1.134 m). */
  toTP: -1.134,
  /** Today's H.W.L. (朔望平均満潮位) of the example: D.L.+2.10 (T.P.+0.97); an example value. */
  hwl: 2.1,
  upland: 8,
  seawall: 5,
  canalWall: 5,
  quay: 4,
  yard: 3,
  terrace: 4.5,
  island: 4.5,
  canalBed: -4,
  bayBed: -10,
  berthBed: -12,
} as const;

/** Inclusive cell rectangles of the layout: [col0, row0, col1, row1]. */
export const R = {
  hinterland: [10, 30, 169, 159],
  seawallSouth: [10, 160, 171, 161],
  seawallCanal: [170, 30, 171, 161],
  canal: [172, 30, 187, 209],
  canalEastWall: [188, 30, 189, 209],
  terrace: [190, 30, 389, 109],
  yard: [190, 110, 389, 195],
  apronA: [190, 196, 289, 209],
  apronB: [290, 196, 389, 209],
  eastBand: [390, 30, 399, 209],
  westBand: [0, 30, 9, 161],
  island: [50, 235, 149, 274],
  berths: [190, 210, 389, 225],
} as const satisfies Record<string, readonly [number, number, number, number]>;

type Rect = readonly [number, number, number, number];


/** Smooth value noise in [0, 1) on the whole grid, lattice spacing `cell` cells. */
function valueNoise(rand: () => number, cell: number): Float32Array {
  const nx = Math.ceil(WIDTH / cell) + 2;
  const ny = Math.ceil(HEIGHT / cell) + 2;
  const lat = new Float32Array(nx * ny);
  for (let i = 0; i < lat.length; i++) lat[i] = rand();
  const out = new Float32Array(WIDTH * HEIGHT);
  for (let r = 0; r < HEIGHT; r++) {
    const fy = r / cell;
    const iy = Math.floor(fy);
    const ty = (fy - iy) * (fy - iy) * (3 - 2 * (fy - iy));
    for (let c = 0; c < WIDTH; c++) {
      const fx = c / cell;
      const ix = Math.floor(fx);
      const tx = (fx - ix) * (fx - ix) * (3 - 2 * (fx - ix));
      const i0 = iy * nx + ix;
      const a = lat[i0] + (lat[i0 + 1] - lat[i0]) * tx;
      const b = lat[i0 + nx] + (lat[i0 + nx + 1] - lat[i0 + nx]) * tx;
      out[r * WIDTH + c] = a + (b - a) * ty;
    }
  }
  return out;
}

const inRect = (c: number, r: number, [c0, r0, c1, r1]: Rect) => c >= c0 && c <= c1 && r >= r0 && r <= r1;

/** Ground of the hinterland at (col, row), D.L. m, before noise: a bowl down to about +0.35 near (90, 95). */
function hinterlandGround(c: number, r: number): number {
  const bowl = 1.25 * Math.exp(-(((c - 90) / 45) ** 2) - (((r - 95) / 35) ** 2));
  const rise = 0.6 * Math.max(0, 1 - (r - 30) / 40); // towards the upland
  return 1.6 - bowl + rise;
}

/** The DEM in D.L. metres. Deterministic for a seed; flat where the README's answers need it. */
export function buildDem(seed = SEED): FloatGrid {
  const rand = mulberry32(seed);
  const n1 = valueNoise(rand, 12);
  const n2 = valueNoise(rand, 30);
  const z = new Float32Array(WIDTH * HEIGHT);
  for (let r = 0; r < HEIGHT; r++) {
    for (let c = 0; c < WIDTH; c++) {
      const i = r * WIDTH + c;
      let v: number;
      if (r < 30) v = H.upland + (2 * (29 - r)) / 29 + 0.3 * n2[i];
      else if (inRect(c, r, R.westBand) || inRect(c, r, R.eastBand)) v = H.upland + 0.5 * n2[i];
      else if (inRect(c, r, R.hinterland)) v = hinterlandGround(c, r) + 0.1 * (n1[i] - 0.5);
      else if (inRect(c, r, R.seawallSouth) || inRect(c, r, R.seawallCanal)) v = H.seawall;
      else if (inRect(c, r, R.canal)) v = H.canalBed + 0.4 * (n1[i] - 0.5);
      else if (inRect(c, r, R.canalEastWall)) v = H.canalWall;
      else if (inRect(c, r, R.terrace)) v = H.terrace;
      else if (inRect(c, r, R.yard)) v = H.yard;
      else if (inRect(c, r, R.apronA) || inRect(c, r, R.apronB)) v = H.quay;
      else if (inRect(c, r, R.island)) v = H.island;
      else if (inRect(c, r, R.berths)) v = H.berthBed + 0.3 * (n1[i] - 0.5);
      else v = H.bayBed + 1.5 * (n2[i] - 0.5) + 0.3 * (n1[i] - 0.5);
      z[i] = v;
    }
  }
  return { data: z, width: WIDTH, height: HEIGHT, transform: TRANSFORM, crs: CRS, nodata: -9999 };
}

// ---------------------------------------------------------------------------------------------
// Vector layers (GeoJSON in EPSG:6677; rectangles on cell edges, so rasterizing is unambiguous)

/** World x of the west edge of column c, y of the north edge of row r. */
export const X = (c: number) => X0 + c * CELL;
export const Y = (r: number) => Y0 - r * CELL;

/** Counter-clockwise ring (RFC 7946 outer ring) around the cells of `rect`. */
export function rectRing([c0, r0, c1, r1]: Rect): number[][] {
  const w = X(c0);
  const e = X(c1 + 1);
  const n = Y(r0);
  const s = Y(r1 + 1);
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}

const CRS_MEMBER = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::6677' } };

export interface Feature<G = unknown, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string;
  properties: P;
  geometry: G;
}
export interface FeatureCollection<F = Feature> {
  type: 'FeatureCollection';
  name: string;
  crs: typeof CRS_MEMBER;
  features: F[];
}
type Polygon = { type: 'Polygon'; coordinates: number[][][] };
type MultiPolygon = { type: 'MultiPolygon'; coordinates: number[][][][] };
type LineString = { type: 'LineString'; coordinates: number[][] };
type Point = { type: 'Point'; coordinates: number[] };

const fc = <F>(name: string, features: F[]): FeatureCollection<F> => ({ type: 'FeatureCollection', name, crs: CRS_MEMBER, features });

export const OWNERS = {
  authority: 'Port Authority',
  a: 'Minato Container Terminal Co.',
  b: 'Keiyo Bulk Logistics',
  power: 'Bayside Power',
  foods: 'Hinode Foods',
  island: 'Wangan Recycling',
} as const;

export interface FacilityProps {
  id: string;
  name: string;
  owner: string;
  kind: string;
  /** Depth (m) above which the facility is damaged. */
  damageThreshold_m: number;
  key: boolean;
  /** Asset value in million yen (an example figure for depth–damage). */
  assetValue: number;
}

const facility = (rect: Rect, p: FacilityProps): Feature<Polygon, FacilityProps> => ({
  type: 'Feature',
  id: p.id,
  properties: p,
  geometry: { type: 'Polygon', coordinates: [rectRing(rect)] },
});

/** Facility rectangles (cells), exported for tests. */
export const FACILITY_CELLS = {
  'container-yard-a': [192, 120, 289, 200],
  'warehouse-b': [300, 130, 380, 190],
  substation: [300, 50, 329, 79],
  'port-office': [200, 40, 229, 69],
  'cold-storage': [60, 80, 109, 119],
  'island-plant': [70, 242, 129, 267],
} as const satisfies Record<string, Rect>;

export function facilities(): FeatureCollection<Feature<Polygon, FacilityProps>> {
  const F = FACILITY_CELLS;
  return fc('facilities', [
    facility(F['container-yard-a'], { id: 'container-yard-a', name: 'Container yard (quay A)', owner: OWNERS.a, kind: 'container yard', damageThreshold_m: 0.5, key: false, assetValue: 8000 }),
    facility(F['warehouse-b'], { id: 'warehouse-b', name: 'Bulk warehouse (quay B)', owner: OWNERS.b, kind: 'warehouse', damageThreshold_m: 0.3, key: false, assetValue: 5000 }),
    facility(F.substation, { id: 'substation', name: 'Port substation', owner: OWNERS.power, kind: 'substation', damageThreshold_m: 0.3, key: true, assetValue: 3000 }),
    facility(F['port-office'], { id: 'port-office', name: 'Port office', owner: OWNERS.authority, kind: 'office', damageThreshold_m: 0.5, key: false, assetValue: 1200 }),
    facility(F['cold-storage'], { id: 'cold-storage', name: 'Cold storage', owner: OWNERS.foods, kind: 'plant', damageThreshold_m: 0.5, key: false, assetValue: 4000 }),
    facility(F['island-plant'], { id: 'island-plant', name: 'Recycling plant (island)', owner: OWNERS.island, kind: 'plant', damageThreshold_m: 1.0, key: false, assetValue: 2500 }),
  ]);
}

/** The port area (臨港地区): the east block with the canal, the south part of the hinterland, the island. */
export function portArea(): FeatureCollection<Feature<MultiPolygon, { name: string }>> {
  const mainland = [
    [X(10), Y(162)],
    [X(172), Y(162)],
    [X(172), Y(210)],
    [X(390), Y(210)],
    [X(390), Y(30)],
    [X(172), Y(30)],
    [X(172), Y(60)],
    [X(10), Y(60)],
    [X(10), Y(162)],
  ];
  return fc('port-area', [
    {
      type: 'Feature',
      id: 'port-area',
      properties: { name: '臨港地区 (port area)' },
      geometry: { type: 'MultiPolygon', coordinates: [[mainland], [rectRing(R.island)]] },
    },
  ]);
}

export interface LineProps {
  id: string;
  name: string;
  owner: string;
  kind: string;
  /** Existing crest, D.L. m. */
  crest: number;
  structure: 'vertical' | 'slope';
  /** Toe depth below D.L. 0, m. */
  toeDepth: number;
  /** Seaward slope cotα for `slope` structures, else null. */
  slope: number | null;
}

const line = (coords: number[][], p: LineProps): Feature<LineString, LineProps> => ({
  type: 'Feature',
  id: p.id,
  properties: p,
  geometry: { type: 'LineString', coordinates: coords },
});

/** Protection lines on the seaward faces of the walls and quays (cell edges), with existing crests. */
export function lines(): FeatureCollection<Feature<LineString, LineProps>> {
  const [i0, r0, i1, r1] = R.island;
  return fc('lines', [
    line([[X(10), Y(162)], [X(172), Y(162)]], { id: 'seawall-south', name: 'Hinterland seawall', owner: OWNERS.authority, kind: 'seawall', crest: H.seawall, structure: 'slope', toeDepth: 10, slope: 2 }),
    line([[X(172), Y(162)], [X(172), Y(30)]], { id: 'seawall-canal', name: 'Canal wall (west bank)', owner: OWNERS.authority, kind: 'seawall', crest: H.seawall, structure: 'vertical', toeDepth: 4, slope: null }),
    line([[X(188), Y(30)], [X(188), Y(210)], [X(190), Y(210)]], { id: 'canal-east', name: 'Canal wall (east bank)', owner: OWNERS.authority, kind: 'seawall', crest: H.canalWall, structure: 'vertical', toeDepth: 4, slope: null }),
    line([[X(190), Y(210)], [X(290), Y(210)]], { id: 'quay-a', name: 'Quay A (container berth, −12 m)', owner: OWNERS.a, kind: 'quay', crest: H.quay, structure: 'vertical', toeDepth: 12, slope: null }),
    line([[X(290), Y(210)], [X(390), Y(210)]], { id: 'quay-b', name: 'Quay B (bulk berth, −12 m)', owner: OWNERS.b, kind: 'quay', crest: H.quay, structure: 'vertical', toeDepth: 12, slope: null }),
    line(
      [[X(i0), Y(r1 + 1)], [X(i1 + 1), Y(r1 + 1)], [X(i1 + 1), Y(r0)], [X(i0), Y(r0)], [X(i0), Y(r1 + 1)]],
      { id: 'island-revetment', name: 'Island revetment', owner: OWNERS.authority, kind: 'revetment', crest: H.island, structure: 'slope', toeDepth: 10, slope: 1.5 },
    ),
  ]);
}

/** Cell centre (world) of (col, row). */
const centre = (c: number, r: number) => [X(c) + CELL / 2, Y(r) - CELL / 2];

export const POINT_CELLS = { 'p-hinterland': [90, 95], 'p-yard': [290, 150], 'p-terrace': [320, 90] } as const;

export function points(): FeatureCollection<Feature<Point, { id: string; name: string }>> {
  const P = POINT_CELLS;
  return fc('points', [
    { type: 'Feature', id: 'p-hinterland', properties: { id: 'p-hinterland', name: 'Hinterland, zero-metre area' }, geometry: { type: 'Point', coordinates: centre(...P['p-hinterland']) } },
    { type: 'Feature', id: 'p-yard', properties: { id: 'p-yard', name: 'Shared low yard' }, geometry: { type: 'Point', coordinates: centre(...P['p-yard']) } },
    { type: 'Feature', id: 'p-terrace', properties: { id: 'p-terrace', name: 'Terrace by the substation' }, geometry: { type: 'Point', coordinates: centre(...P['p-terrace']) } },
  ]);
}

/** Open water at the bay mouth (the southern 15 rows): explicit sea sources, as `--sea sea.geojson`. */
export function sea(): FeatureCollection<Feature<Polygon, { name: string }>> {
  return fc('sea', [{ type: 'Feature', id: 'bay-mouth', properties: { name: 'Bay mouth' }, geometry: { type: 'Polygon', coordinates: [rectRing([0, 285, WIDTH - 1, HEIGHT - 1])] } }]);
}

/** Tide levels and the D.L.–T.P. relation of the example (all example values, D.L. metres). */
export function levels() {
  return {
    datum: { name: 'D.L.', toTP_m: H.toTP, note: 'T.P. = D.L. − 1.134 m (Tokyo port A.P.); mean sea level ≈ T.P. 0 = D.L.+1.134' },
    hwl_m: H.hwl,
    demoLevels_m: DEMO_LEVELS.map((l) => ({ ...l })),
    note: 'Example values for a fictional port, not the official levels of any real port.',
  };
}

/** The levels `floodzone demo` floods at (D.L. m), with what happens by construction. */
export const DEMO_LEVELS = [
  { level_m: 2.1, label: "today's H.W.L." },
  { level_m: 3.1, label: 'H.W.L. + 1.0 m' },
  { level_m: 4.2, label: 'over the quays (+4.0)' },
  { level_m: 4.7, label: 'over the terrace and island (+4.5)' },
  { level_m: 5.1, label: 'over the seawall (+5.0)' },
] as const;
