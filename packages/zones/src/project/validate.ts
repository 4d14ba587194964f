/**
 * `validateProject`: raw `port.json` → `PortProject`, browser-safe (no fs). Layers given as file
 * paths are read through the caller's `readJson` (the CLI's `loadProjectFile` passes one); every bad
 * input throws one InputError line naming the field path.
 */
import { InputError } from '@floodzone/core';
import { kinks } from '@turf/kinks';
import { checkSchema, joinPath } from './check.js';
import type { Areal, Feature, FeatureCollection, Geometry, Linear } from './geojson.js';
import { portSchema } from './schema.js';
import type {
  FacilitySpec,
  ForceSpec,
  LineSpec,
  PointSpec,
  PortProject,
  SeaSource,
  StructureType,
  YearTable,
} from './types.js';

export interface ValidateOptions {
  /** Folder of the project file: relative paths (DEM, layers, sea mask) are resolved against it. */
  baseDir?: string;
  /** Reads a GeoJSON layer given as a path (already resolved against `baseDir`). */
  readJson?: (path: string) => unknown;
}

function fail(path: string, msg: string): never {
  throw new InputError(`${path}: ${msg}`, path);
}

/** Joins `rel` to `base` unless it is absolute (`/x`, `C:\x`, `scheme://x`); POSIX separators. */
export function resolvePath(base: string | undefined, rel: string): string {
  if (!base || /^(\/|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*:\/\/)/.test(rel)) return rel;
  return `${base.replace(/[\\/]+$/, '')}/${rel}`;
}

/** EPSG number named by a CRS string (`EPSG:6677`, `urn:ogc:def:crs:EPSG::6677`, `CRS84` = 4326), or null. */
export function epsgOf(name: string): number | null {
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name.trim());
  return m ? Number(m[1]) : null;
}

function layerCollection(raw: unknown, path: string, opts: ValidateOptions): FeatureCollection {
  let fc = raw;
  let where = path;
  if (typeof raw === 'string') {
    if (!opts.readJson) fail(path, `is a file path ("${raw}"); read the project with loadProjectFile, or give the layer inline`);
    const file = resolvePath(opts.baseDir, raw);
    fc = opts.readJson(file);
    where = path;
    checkSchema(fc, portSchema.$defs.featureCollection, where, portSchema);
  }
  return fc as FeatureCollection;
}

function checkCrs(fc: FeatureCollection, path: string, projectCrs: string): void {
  const crs = (fc as unknown as { crs?: { properties?: { name?: unknown } } }).crs;
  const name = crs?.properties?.name;
  if (typeof name !== 'string') return;
  const a = epsgOf(name);
  const b = epsgOf(projectCrs);
  if (a !== null && b !== null && a !== b) {
    fail(path, `is in ${name} but the project CRS is ${projectCrs}; reproject the layer to ${projectCrs}`);
  }
}

function checkCoords(coords: unknown, path: string): void {
  const stack: unknown[] = [coords];
  while (stack.length) {
    const c = stack.pop();
    if (!Array.isArray(c)) fail(path, 'coordinates must be nested arrays of [x, y]');
    if (typeof c[0] === 'number') {
      if (c.length < 2 || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) fail(path, `has a bad position ${JSON.stringify(c)}; give finite [x, y]`);
    } else for (const e of c) stack.push(e);
  }
}

function geometryOf(f: Feature, path: string, types: readonly string[]): Geometry {
  const g = f.geometry as Geometry | null;
  if (!g || typeof g !== 'object' || !types.includes(g.type)) {
    fail(joinPath(path, 'geometry'), `must be a ${types.join(' or ')}, got ${g ? String((g as { type?: unknown }).type) : 'null'}`);
  }
  checkCoords(g.coordinates, joinPath(path, 'geometry'));
  return g;
}

type PropRule = { type: 'string' | 'number' | 'boolean'; required?: string };

function prop<T>(props: Record<string, unknown>, key: string, path: string, rule: PropRule): T | undefined {
  const v = props[key];
  if (v === undefined || v === null) {
    if (rule.required) fail(joinPath(path, key), `missing; ${rule.required}`);
    return undefined;
  }
  if (typeof v !== rule.type || (rule.type === 'number' && !Number.isFinite(v)) || (rule.type === 'string' && v === '')) {
    fail(joinPath(path, key), `must be a${rule.type === 'string' ? ' non-empty string' : ` ${rule.type}`}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function yearTable(t: unknown): YearTable {
  const rows = ((t ?? []) as Array<[number, number]>).map(([y, v]) => [y, v] as const);
  return rows;
}

function checkSorted(t: YearTable, path: string): void {
  for (let i = 1; i < t.length; i++) {
    if (!(t[i][0] > t[i - 1][0])) fail(joinPath(path, i), `years must increase, got ${t[i - 1][0]} then ${t[i][0]}`);
  }
}

function forceSpec(raw: Record<string, unknown>, path: string, label: string): ForceSpec {
  const waves = raw.waves as { hs_m: number; tm10_s: number } | undefined;
  const surgeRatio = yearTable(raw.surgeRatio);
  const waveRatio = yearTable(raw.waveRatio);
  checkSorted(surgeRatio, joinPath(path, 'surgeRatio'));
  checkSorted(waveRatio, joinPath(path, 'waveRatio'));
  return {
    label: (raw.label as string | undefined) ?? label,
    returnPeriod_yr: (raw.returnPeriod_yr as number | undefined) ?? null,
    hwl_m: raw.hwl_m as number,
    surge_m: raw.surge_m as number,
    waves: waves ? { hs_m: waves.hs_m, tm10_s: waves.tm10_s } : null,
    surgeRatio,
    waveRatio,
  };
}

/**
 * Validates a parsed `port.json` against `portSchema` and the rules the schema cannot say (facility
 * owners, line crests, simple polygons, one CRS, unique ids, sorted tables, plan line ids), fills
 * the defaults and returns the `PortProject`. Throws InputError naming the field.
 */
export function validateProject(json: unknown, options: ValidateOptions = {}): PortProject {
  checkSchema(json, portSchema, '', portSchema);
  const raw = json as Record<string, unknown>;
  const crs = raw.crs as string;
  if (epsgOf(crs) === null && !/^\+proj=/.test(crs)) fail('crs', `"${crs}" is not a CRS code; give e.g. "EPSG:6677"`);

  const years = [...(raw.years as number[])];
  for (let i = 1; i < years.length; i++) if (!(years[i] > years[i - 1])) fail(`years[${i}]`, `years must increase, got ${years[i - 1]} then ${years[i]}`);
  const baseYear = raw.baseYear as number;
  if (years[0] < baseYear) fail('years[0]', `${years[0]} is before baseYear ${baseYear}; analyse from the base year on`);
  const targetYear = (raw.targetYear as number | undefined) ?? years[years.length - 1];
  if (!years.includes(targetYear)) fail('targetYear', `${targetYear} is not one of years (${years.join(', ')}); add it to years`);

  const scenarios = (raw.scenarios as Array<{ name: string; slr: Array<[number, number]> }>).map((s, i) => {
    const slr = yearTable(s.slr);
    checkSorted(slr, `scenarios[${i}].slr`);
    return { name: s.name, slr };
  });
  const names = new Set<string>();
  scenarios.forEach((s, i) => {
    if (names.has(s.name)) fail(`scenarios[${i}].name`, `"${s.name}" is used twice; scenario names must be unique`);
    names.add(s.name);
  });

  const forces = raw.forces as Record<string, Record<string, unknown>>;
  const designForce = forceSpec(forces.design, 'forces.design', 'facility design force');
  const portPlanForce = forces.portPlan ? forceSpec(forces.portPlan, 'forces.portPlan', 'port-plan force') : null;

  let sea: SeaSource = { kind: 'border' };
  const rawSea = raw.sea as undefined | string | Record<string, unknown>;
  if (rawSea && typeof rawSea === 'object') {
    if ('mask' in rawSea) sea = { kind: 'mask', path: resolvePath(options.baseDir, rawSea.mask as string) };
    else if ('points' in rawSea) sea = { kind: 'points', points: (rawSea.points as Array<[number, number]>).map(([x, y]) => [x, y] as const) };
    else {
      const fc = layerCollection(rawSea.polygons, 'sea.polygons', options);
      checkCrs(fc, 'sea.polygons', crs);
      fc.features.forEach((f, i) => geometryOf(f as Feature, `sea.polygons[${i}]`, ['Polygon', 'MultiPolygon']));
      sea = { kind: 'polygons', polygons: fc as FeatureCollection<Areal> };
    }
  }

  // Facilities
  const facFc = layerCollection(raw.facilities, 'facilities', options);
  checkCrs(facFc, 'facilities', crs);
  const facIds = new Set<string>();
  const facilities: FacilitySpec[] = facFc.features.map((f, i) => {
    const path = `facilities[${i}]`;
    const geometry = geometryOf(f as Feature, path, ['Polygon', 'MultiPolygon']) as Areal;
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const owner = prop<string>(p, 'owner', path, { type: 'string', required: 'every facility needs an owner' })!;
    const id = prop<string>(p, 'id', path, { type: 'string' }) ?? (typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : `facility-${i}`);
    if (facIds.has(id)) fail(joinPath(path, 'id'), `"${id}" is used twice; facility ids must be unique`);
    facIds.add(id);
    const threshold = prop<number>(p, 'damageThreshold_m', path, { type: 'number' });
    if (threshold !== undefined && threshold < 0) fail(joinPath(path, 'damageThreshold_m'), `must be ≥ 0 m, got ${threshold}`);
    const key = prop<boolean>(p, 'key', path, { type: 'boolean' }) ?? false;
    if (key && threshold === undefined) fail(joinPath(path, 'damageThreshold_m'), 'missing; a key facility needs the depth at which it is damaged');
    const assetValue = prop<number>(p, 'assetValue', path, { type: 'number' });
    if (assetValue !== undefined && assetValue < 0) fail(joinPath(path, 'assetValue'), `must be ≥ 0, got ${assetValue}`);
    const k = kinks(geometry as never);
    if (k.features.length > 0) {
      const [x, y] = k.features[0].geometry.coordinates;
      fail(joinPath(path, 'geometry'), `self-intersecting polygon near (${x}, ${y}); fix the ring so its edges do not cross`);
    }
    return {
      id,
      owner,
      name: prop<string>(p, 'name', path, { type: 'string' }) ?? id,
      kind: prop<string>(p, 'kind', path, { type: 'string' }) ?? 'facility',
      damageThreshold_m: threshold ?? null,
      key,
      assetValue: assetValue ?? null,
      geometry,
    };
  });

  // Port area
  let portArea: Areal | null = null;
  if (raw.portArea !== undefined) {
    const fc = layerCollection(raw.portArea, 'portArea', options);
    checkCrs(fc, 'portArea', crs);
    const polys: number[][][][] = [];
    fc.features.forEach((f, i) => {
      const g = geometryOf(f as Feature, `portArea[${i}]`, ['Polygon', 'MultiPolygon']) as Areal;
      if (kinks(g as never).features.length > 0) fail(`portArea[${i}].geometry`, 'self-intersecting polygon; fix the ring so its edges do not cross');
      if (g.type === 'Polygon') polys.push(g.coordinates);
      else polys.push(...g.coordinates);
    });
    if (polys.length === 0) fail('portArea', 'has no polygons; give the port area (臨港地区) or leave the field out');
    portArea = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  }

  const allowableQ = (raw.allowableQ_m3sm as number | undefined) ?? 0.01;

  // Protection lines
  const lines: LineSpec[] = [];
  if (raw.lines !== undefined) {
    const fc = layerCollection(raw.lines, 'lines', options);
    checkCrs(fc, 'lines', crs);
    const ids = new Set<string>();
    fc.features.forEach((f, i) => {
      const path = `lines[${i}]`;
      const geometry = geometryOf(f as Feature, path, ['LineString', 'MultiLineString']) as Linear;
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const owner = prop<string>(p, 'owner', path, { type: 'string', required: 'every protection line needs an owner' })!;
      const crest = prop<number>(p, 'crest', path, {
        type: 'number',
        required: `every protection line needs its existing crest elevation in metres (${(raw.datum as { name: string }).name})`,
      })!;
      const id = prop<string>(p, 'id', path, { type: 'string' }) ?? (typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : `line-${i}`);
      if (ids.has(id)) fail(joinPath(path, 'id'), `"${id}" is used twice; line ids must be unique`);
      ids.add(id);
      const structure = (prop<string>(p, 'structure', path, { type: 'string' }) ?? 'vertical') as StructureType;
      if (structure !== 'vertical' && structure !== 'slope') fail(joinPath(path, 'structure'), `must be "vertical" or "slope", got "${structure}"`);
      const slope = prop<number>(p, 'slope', path, { type: 'number' });
      if (structure === 'slope' && slope === undefined) fail(joinPath(path, 'slope'), 'missing; a "slope" structure needs its seaward slope cotα');
      if (slope !== undefined && !(slope > 0)) fail(joinPath(path, 'slope'), `must be > 0 (cotα), got ${slope}`);
      const roughness = prop<number>(p, 'roughness', path, { type: 'number' }) ?? 1;
      if (!(roughness > 0 && roughness <= 1)) fail(joinPath(path, 'roughness'), `must be in (0, 1] (γf, 1 = smooth), got ${roughness}`);
      const q = prop<number>(p, 'allowableQ', path, { type: 'number' }) ?? allowableQ;
      if (!(q > 0)) fail(joinPath(path, 'allowableQ'), `must be > 0 m³/s per m, got ${q}`);
      lines.push({
        id,
        owner,
        name: prop<string>(p, 'name', path, { type: 'string' }) ?? id,
        kind: prop<string>(p, 'kind', path, { type: 'string' }) ?? 'seawall',
        crest_m: crest,
        structure,
        toeDepth_m: prop<number>(p, 'toeDepth', path, { type: 'number' }) ?? null,
        slope: structure === 'slope' ? (slope as number) : null,
        roughness,
        allowableQ_m3sm: q,
        geometry,
      });
    });
  }

  // Representative points
  const points: PointSpec[] = [];
  if (raw.points !== undefined) {
    const fc = layerCollection(raw.points, 'points', options);
    checkCrs(fc, 'points', crs);
    fc.features.forEach((f, i) => {
      const path = `points[${i}]`;
      const g = geometryOf(f as Feature, path, ['Point']);
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const id = prop<string>(p, 'id', path, { type: 'string' }) ?? (f.id !== undefined ? String(f.id) : `point-${i}`);
      const c = g.coordinates as number[];
      points.push({ id, name: prop<string>(p, 'name', path, { type: 'string' }) ?? id, x: c[0], y: c[1] });
    });
  }

  let depthDamage: PortProject['depthDamage'] = null;
  if (raw.depthDamage) {
    const dd = raw.depthDamage as { curve: Array<[number, number]>; limit?: number };
    for (let i = 1; i < dd.curve.length; i++) {
      if (!(dd.curve[i][0] > dd.curve[i - 1][0])) fail(`depthDamage.curve[${i}]`, `depths must increase, got ${dd.curve[i - 1][0]} then ${dd.curve[i][0]}`);
    }
    if (dd.limit !== undefined && !facilities.some((f) => f.assetValue !== null)) {
      fail('depthDamage.limit', 'no facility has an assetValue; give assetValue on the facilities whose damage counts');
    }
    depthDamage = { curve: dd.curve.map(([d, r]) => [d, r] as const), limit: dd.limit ?? null };
  }

  let plan: PortProject['plan'] = null;
  if (raw.plan) {
    const crests = (raw.plan as { crests: Record<string, number> }).crests;
    const lineIds = new Set(lines.map((l) => l.id));
    for (const id of Object.keys(crests)) {
      if (!lineIds.has(id)) fail(`plan.crests.${id}`, `no protection line has id "${id}"; use an id from lines`);
    }
    plan = { crests: { ...crests } };
  }

  const datum = raw.datum as { name: string; toTP_m: number };
  return {
    name: raw.name as string,
    crs,
    dem: resolvePath(options.baseDir, raw.dem as string),
    datum: { name: datum.name, toTP_m: datum.toTP_m },
    sea,
    connectivity: ((raw.connectivity as 4 | 8 | undefined) ?? 8),
    nodataIsSea: (raw.nodataIsSea as boolean | undefined) ?? false,
    referenceLevel_m: raw.referenceLevel_m as number,
    baseYear,
    years,
    targetYear,
    scenarios,
    designForce,
    portPlanForce,
    margin_m: (raw.margin_m as number | undefined) ?? 0,
    allowableQ_m3sm: allowableQ,
    facilities,
    portArea,
    lines,
    points,
    depthDamage,
    plan,
  };
}
