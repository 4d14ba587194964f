/**
 * `analyzeProject`: the single entry point of the protection analysis (guideline §4-4, §4-7).
 */
import { InputError, labelComponents, rasterizeBarriers, spillLevels, throwIfAborted, type EdgeBarriers, type RunOptions, type SeaSource } from '@floodzone/core';
import { cellAreas, groundCellSize, invertAffine, type Affine, type FloatGrid } from '@floodzone/raster';
import type { Areal, Linear } from '../project/geojson.js';
import { epsgOf } from '../project/validate.js';
import type { ForceSpec, LineSpec, PortProject } from '../project/types.js';
import { governing, ProjectForces, tableAt, type LineSection } from './forces.js';
import { barrierLinesToPixels } from '../rasterize/barriers.js';
import { scanPixelPolygon } from '../rasterize/polygons.js';
import { waterfrontSegments } from './waterfront.js';
import { setbackLine } from './setback.js';
import type {
  AdaptationCheck,
  CaseResult,
  CrestRow,
  DepthStats,
  DesignLevel,
  FloodArea,
  LineSegment,
  PlanEvaluation,
  ProjectResult,
  ProtectionZone,
  SetbackResult,
} from './types.js';

/** Options of `analyzeProject`: abort signal and progress, plus what to skip. */
export interface AnalyzeOptions extends RunOptions {
  /** Sea mask on the DEM's grid when `project.sea.kind === 'mask'` (the caller reads the file). */
  seaMask?: Uint8Array;
  /** Compute setback lines (Figure 4-6); default true. */
  setback?: boolean;
  /** Join flood areas touched by facilities of the same owner (§4-4 ②, "owner group"); default true. */
  joinByOwner?: boolean;
  /**
   * Spill levels of this DEM with the project's lines at their existing crests as barriers and the
   * project's sea, from an earlier run (`ProjectResult.spill.data`): skips the priority flood.
   */
  spill?: Float32Array;
}

/** The DEM, facilities and lines prepared once on the grid. */
export interface Prepared {
  readonly project: PortProject;
  readonly dem: FloatGrid;
  readonly width: number;
  readonly height: number;
  readonly rowArea: Float64Array;
  /** Cell size along rows and columns, m (for line lengths). */
  readonly cellSize: number;
  readonly sea: SeaSource;
  /** Facility f covers `facCells[facStart[f] .. facStart[f+1])`. */
  readonly facStart: Int32Array;
  readonly facCells: Int32Array;
  /** Facility index + 1 of the first facility covering each cell, 0 = none. */
  readonly facOf: Int32Array;
  readonly portArea: Uint8Array | null;
  readonly lines: readonly LineSpec[];
  /** The lines at their existing crests on the cell moves (core's barrier model). */
  readonly lineBarriers: LineBarriers;
  /** The project's forces mapped onto core's (levels, crest requirements, cached). */
  readonly forces: ProjectForces;
}

/** Core's edge barriers of the project lines, with the project line of each rasterized line. */
export interface LineBarriers extends EdgeBarriers {
  /** Project line index of each line index in `line` (a MultiLineString gives several). */
  readonly lineOf: Int32Array;
}

function areaPolys(g: Areal): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}
function linePaths(g: Linear): number[][][] {
  return g.type === 'LineString' ? [g.coordinates] : g.coordinates;
}

function extentOf(dem: FloatGrid): [number, number, number, number] {
  const [x0, dx, rx, y0, ry, dy] = dem.transform;
  const xs = [x0, x0 + dem.width * dx, x0 + dem.height * rx, x0 + dem.width * dx + dem.height * rx];
  const ys = [y0, y0 + dem.width * ry, y0 + dem.height * dy, y0 + dem.width * ry + dem.height * dy];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function bboxOf(coords: number[][]): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const p of coords) { if (p[0] < a) a = p[0]; if (p[1] < b) b = p[1]; if (p[0] > c) c = p[0]; if (p[1] > d) d = p[1]; }
  return [a, b, c, d];
}

function outside(bb: [number, number, number, number], ext: [number, number, number, number]): boolean {
  return bb[2] < ext[0] || bb[0] > ext[2] || bb[3] < ext[1] || bb[1] > ext[3];
}

/** Barriers of the given lines with the crests given (existing or planned): core's `rasterizeBarriers`. */
export function lineBarriers(prep: Pick<Prepared, 'width' | 'height' | 'lines' | 'dem'>, crests?: Readonly<Record<string, number>>): LineBarriers {
  const { dem } = prep;
  const features = prep.lines.map((l) => ({ type: 'Feature', geometry: l.geometry, properties: { crest: crests?.[l.id] ?? l.crest_m } }));
  // The project's layers are in the DEM's CRS (checked in `prepare`): no transform.
  const pixel = barrierLinesToPixels({ type: 'FeatureCollection', features }, dem, { name: 'lines', crs: dem.crs ?? undefined });
  const b = rasterizeBarriers(pixel, prep.width, prep.height);
  return { ...b, lineOf: Int32Array.from(pixel, (p) => p.feature) };
}

/** World → pixel-corner coordinates of one ring or path, flattened [c0, r0, c1, r1, …]. */
function toPixels(inv: Affine, coords: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const [ix0, ia, ib, iy0, ic, id] = inv;
  const out = new Float64Array(coords.length * 2);
  for (let k = 0; k < coords.length; k++) {
    const X = coords[k][0], Y = coords[k][1];
    out[2 * k] = ix0 + X * ia + Y * ib;
    out[2 * k + 1] = iy0 + X * ic + Y * id;
  }
  return out;
}

/**
 * Cells whose centre lies in the polygon (`scanPixelPolygon`), each passed to `emit`; a polygon
 * smaller than a cell that covers no centre gives the cell holding its first vertex.
 */
function polygonCells(inv: Affine, poly: number[][][], width: number, height: number, emit: (cell: number) => void): void {
  const rings = poly.map((r) => toPixels(inv, r));
  const got = scanPixelPolygon(rings, width, height, (base, c0, c1) => { for (let c = c0; c < c1; c++) emit(base + c); });
  if (got === 0 && rings.length > 0 && rings[0].length >= 2) {
    const c = Math.floor(rings[0][0]), r = Math.floor(rings[0][1]);
    if (c >= 0 && r >= 0 && c < width && r < height) emit(r * width + c);
  }
}

/** The cell holding a world point, or −1 off the grid. */
function cellAt(inv: Affine, width: number, height: number, x: number, y: number): number {
  const p = toPixels(inv, [[x, y]]);
  const c = Math.floor(p[0]), r = Math.floor(p[1]);
  return c < 0 || r < 0 || c >= width || r >= height ? -1 : r * width + c;
}

/** Rasterizes the project's layers on the DEM's grid and checks they lie on it (same CRS). */
export function prepare(project: PortProject, dem: FloatGrid, options: AnalyzeOptions = {}): Prepared {
  const { width, height } = dem;
  const n = width * height;
  if (dem.data.length !== n) throw new InputError(`dem: ${dem.data.length} samples for ${width}×${height}; give a consistent grid`, 'dem');
  if (dem.crs?.code) {
    const a = epsgOf(dem.crs.code), b = epsgOf(project.crs);
    if (a !== null && b !== null && a !== b) throw new InputError(`crs: the project says ${project.crs} but the DEM is in ${dem.crs.code}; give the DEM's CRS or reproject`, 'crs');
  }
  const ext = extentOf(dem);
  const extText = `[${ext.map((v) => Math.round(v)).join(', ')}]`;
  const rowArea = cellAreas(dem);
  // one ground length per cell (wall lengths, setback costs): the geometric mean of the cell's ground
  // sides, so geographic and Web Mercator grids are measured in metres like projected ones
  const [gx, gy] = groundCellSize(dem);
  const cellSize_m = Math.sqrt(gx * gy);

  const inv = invertAffine(dem.transform);
  // Sea
  let sea: SeaSource = { kind: 'border' };
  const s = project.sea;
  if (s.kind === 'mask') {
    if (!options.seaMask || options.seaMask.length !== n) throw new InputError(`sea.mask: give a 0/1 mask of ${width}×${height} cells (the DEM's grid)`, 'sea.mask');
    sea = { kind: 'mask', mask: options.seaMask };
  } else if (s.kind === 'polygons') {
    const mask = new Uint8Array(n);
    s.polygons.features.forEach((f, i) => {
      for (const poly of areaPolys(f.geometry as Areal)) {
        if (outside(bboxOf(poly[0]), ext)) throw new InputError(`sea.polygons[${i}]: lies outside the DEM ${extText}; is it in another CRS than ${project.crs}?`, 'sea.polygons');
        polygonCells(inv, poly, width, height, (c) => { mask[c] = 1; });
      }
    });
    sea = { kind: 'mask', mask };
  } else if (s.kind === 'points') {
    const cells: number[] = [];
    s.points.forEach(([x, y], i) => {
      const cell = cellAt(inv, width, height, x, y);
      if (cell < 0) throw new InputError(`sea.points[${i}]: (${x}, ${y}) lies outside the DEM ${extText}; give a point on the grid`, 'sea.points');
      cells.push(cell);
    });
    sea = { kind: 'seeds', cells: Int32Array.from(cells) };
  }

  // Facilities: CSR cell lists
  const nf = project.facilities.length;
  const facStart = new Int32Array(nf + 1);
  let facCells = new Int32Array(Math.max(1024, nf * 4));
  let used = 0;
  const facOf = new Int32Array(n);
  project.facilities.forEach((f, i) => {
    facStart[i] = used;
    for (const poly of areaPolys(f.geometry)) {
      if (outside(bboxOf(poly[0]), ext)) {
        throw new InputError(`facilities[${i}]: "${f.name}" lies outside the DEM ${extText}; is it in another CRS than ${project.crs}?`, 'facilities');
      }
      polygonCells(inv, poly, width, height, (c) => {
        if (used === facCells.length) { const x = new Int32Array(used * 2); x.set(facCells); facCells = x; }
        facCells[used++] = c;
        if (facOf[c] === 0) facOf[c] = i + 1;
      });
    }
    if (i % 1024 === 0) throwIfAborted(options.signal);
  });
  facStart[nf] = used;
  facCells = facCells.slice(0, used);

  let portArea: Uint8Array | null = null;
  if (project.portArea) {
    portArea = new Uint8Array(n);
    const pa = portArea;
    for (const poly of areaPolys(project.portArea)) polygonCells(inv, poly, width, height, (c) => { pa[c] = 1; });
  }

  project.lines.forEach((l, i) => {
    for (const path of linePaths(l.geometry)) {
      if (outside(bboxOf(path), ext)) throw new InputError(`lines[${i}]: "${l.name}" lies outside the DEM ${extText}; is it in another CRS than ${project.crs}?`, 'lines');
    }
  });
  const base = { width, height, lines: project.lines, dem };
  return {
    project, dem, width, height, rowArea, cellSize: cellSize_m, sea,
    facStart, facCells, facOf, portArea, lines: project.lines, lineBarriers: lineBarriers(base), forces: new ProjectForces(project),
  };
}

function emptyStats(): { cells: number; area_m2: number; volume_m3: number; maxDepth_m: number; meanDepth_m: number } {
  return { cells: 0, area_m2: 0, volume_m3: 0, maxDepth_m: 0, meanDepth_m: 0 };
}

/**
 * Spill levels of the prepared grid with the given barriers (core's `spillLevels`): the barrier model
 * the labelling (`labelComponents`) and the entry lines share.
 */
export function spill(prep: Prepared, barriers: EdgeBarriers, signal?: AbortSignal): Float32Array {
  return spillLevels(prep.dem, { connectivity: prep.project.connectivity, sea: prep.sea, nodataIsSea: prep.project.nodataIsSea, barriers, signal }).level;
}

/** Land (DESIGN.md): valid and W ≥ L_ref, or never reached by the sea. */
export function landMask(dem: Float32Array, W: Float32Array, referenceLevel: number): Uint8Array {
  const land = new Uint8Array(dem.length);
  for (let i = 0; i < dem.length; i++) {
    const z = dem[i];
    if (z !== z) continue;
    const w = W[i];
    if (w !== w || w >= referenceLevel) land[i] = 1;
  }
  return land;
}

interface CaseSpec { id: string; scenario: string | null; year: number; force: 'design' | 'portPlan'; level: DesignLevel }

/**
 * One case (§4-4 ①②): flooded land at the case's level, its connected components (not crossing
 * lines whose crest holds the level), their statistics and facilities, and the zones they join into.
 */
export function runCase(prep: Prepared, W: Float32Array, land: Uint8Array, barriers: LineBarriers, spec: CaseSpec, joinByOwner: boolean): CaseResult {
  const { width, height, dem, rowArea, project } = prep;
  const n = width * height;
  const L = spec.level.level_m;
  const z = dem.data;
  const depth = new Float32Array(n).fill(NaN);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = W[i];
    if (w < L) {
      depth[i] = L - z[i];
      if (land[i]) mask[i] = 1;
    }
  }
  const { labels, count } = labelComponents(mask, width, height, project.connectivity, { barriers, level: L });
  const cells = new Float64Array(count + 1), area = new Float64Array(count + 1), vol = new Float64Array(count + 1);
  const maxD = new Float64Array(count + 1), minZ = new Float64Array(count + 1).fill(Infinity), spillMin = new Float64Array(count + 1).fill(Infinity);
  const win = new Int32Array(4 * (count + 1));
  for (let k = 0; k <= count; k++) { win[4 * k] = width; win[4 * k + 1] = height; win[4 * k + 2] = 0; win[4 * k + 3] = 0; }
  const inPort = prep.portArea;
  const zCells = new Float64Array(count + 1), zArea = new Float64Array(count + 1), zVol = new Float64Array(count + 1), zMax = new Float64Array(count + 1);
  for (let r = 0; r < height; r++) {
    const a = rowArea[r];
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const k = labels[i];
      if (k === 0) continue;
      const d = depth[i];
      cells[k]++; area[k] += a; vol[k] += d * a;
      if (d > maxD[k]) maxD[k] = d;
      if (z[i] < minZ[k]) minZ[k] = z[i];
      if (W[i] < spillMin[k]) spillMin[k] = W[i];
      if (c < win[4 * k]) win[4 * k] = c;
      if (r < win[4 * k + 1]) win[4 * k + 1] = r;
      if (c + 1 > win[4 * k + 2]) win[4 * k + 2] = c + 1;
      if (r + 1 > win[4 * k + 3]) win[4 * k + 3] = r + 1;
      if (!inPort || inPort[i]) { zCells[k]++; zArea[k] += a; zVol[k] += d * a; if (d > zMax[k]) zMax[k] = d; }
    }
  }
  // Facilities touching each area
  const facs = project.facilities;
  const areaFacs: number[][] = Array.from({ length: count + 1 }, () => []);
  for (let f = 0; f < facs.length; f++) {
    let last = -1;
    for (let j = prep.facStart[f]; j < prep.facStart[f + 1]; j++) {
      const k = labels[prep.facCells[j]];
      if (k > 0 && k !== last) {
        const list = areaFacs[k];
        if (list[list.length - 1] !== f) list.push(f);
        last = k;
      }
    }
  }
  const areas: FloodArea[] = [];
  for (let k = 1; k <= count; k++) {
    areas.push({
      id: k, cells: cells[k], area_m2: area[k], volume_m3: vol[k], maxDepth_m: maxD[k], meanDepth_m: area[k] > 0 ? vol[k] / area[k] : 0,
      minGround_m: minZ[k], floodsAbove_m: spillMin[k], facilities: [...new Set(areaFacs[k])].map((f) => facs[f].id),
      window: [win[4 * k], win[4 * k + 1], win[4 * k + 2], win[4 * k + 3]],
    });
  }
  // Zones: union-find over areas joined by a shared facility (or owner)
  const parent = new Int32Array(count + 1);
  for (let k = 0; k <= count; k++) parent[k] = k;
  const find = (k: number) => { while (parent[k] !== k) { parent[k] = parent[parent[k]]; k = parent[k]; } return k; };
  const union = (a: number, b: number) => { const ra = find(a), rb = find(b); if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb); };
  const firstByKey = new Map<string, number>();
  for (let k = 1; k <= count; k++) {
    if (zCells[k] === 0) continue; // outside the port area
    for (const f of areaFacs[k]) {
      const keys = joinByOwner ? [`f:${f}`, `o:${facs[f].owner}`] : [`f:${f}`];
      for (const key of keys) {
        const prev = firstByKey.get(key);
        if (prev === undefined) firstByKey.set(key, k);
        else union(prev, k);
      }
    }
  }
  const zoneOfRoot = new Map<number, number>();
  const zones: Array<{ id: number; areaIds: number[]; facilities: Set<number>; stats: ReturnType<typeof emptyStats> }> = [];
  for (let k = 1; k <= count; k++) {
    if (zCells[k] === 0) continue;
    const root = find(k);
    let zi = zoneOfRoot.get(root);
    if (zi === undefined) {
      zi = zones.length;
      zoneOfRoot.set(root, zi);
      zones.push({ id: zi + 1, areaIds: [], facilities: new Set(), stats: emptyStats() });
    }
    const zn = zones[zi];
    zn.areaIds.push(k);
    for (const f of areaFacs[k]) zn.facilities.add(f);
    zn.stats.cells += zCells[k]; zn.stats.area_m2 += zArea[k]; zn.stats.volume_m3 += zVol[k];
    if (zMax[k] > zn.stats.maxDepth_m) zn.stats.maxDepth_m = zMax[k];
  }
  // Entry lines: user lines blocking a move out of a zone cell with a crest below the level (the
  // barriers are symmetric, so the cell on either side of the move sees it).
  const zoneOfArea = new Int32Array(count + 1).fill(-1);
  zones.forEach((zn, zi) => { for (const k of zn.areaIds) zoneOfArea[k] = zi; });
  const entry: Array<Set<string>> = zones.map(() => new Set());
  const { cells: bCells, crest: bCrest, line: bLine, lineOf } = barriers;
  const step = project.connectivity === 4 ? 2 : 1;
  for (let s = 0; s < bCells.length; s++) {
    const k = labels[bCells[s]];
    if (k === 0 || zoneOfArea[k] < 0) continue;
    for (let d = 0; d < 8; d += step) {
      const cr = bCrest[8 * s + d];
      if (cr === -Infinity || cr >= L) continue;
      entry[zoneOfArea[k]].add(prep.lines[lineOf[bLine![8 * s + d]]].id);
    }
  }

  const flood = emptyStats();
  for (const a of areas) { flood.cells += a.cells; flood.area_m2 += a.area_m2; flood.volume_m3 += a.volume_m3; if (a.maxDepth_m > flood.maxDepth_m) flood.maxDepth_m = a.maxDepth_m; }
  flood.meanDepth_m = flood.area_m2 > 0 ? flood.volume_m3 / flood.area_m2 : 0;

  const zoneList: ProtectionZone[] = zones.map((zn, zi) => {
    const fl = [...zn.facilities].sort((a, b) => a - b);
    return {
      id: zn.id, areaIds: zn.areaIds, ...zn.stats, meanDepth_m: zn.stats.area_m2 > 0 ? zn.stats.volume_m3 / zn.stats.area_m2 : 0,
      facilities: fl.map((f) => facs[f].id), owners: [...new Set(fl.map((f) => facs[f].owner))].sort(),
      entryLines: [...entry[zi]].sort(),
    };
  });
  const grid = { width, height, transform: dem.transform, crs: dem.crs, nodata: null };
  return {
    id: spec.id, scenario: spec.scenario, year: spec.year, force: spec.force, level: spec.level,
    depth: { ...grid, data: depth }, areaLabels: { ...grid, data: labels }, areas, zones: zoneList, flood,
  };
}

/**
 * Crest requirement of a segment in one case (DESIGN.md "External forces"): core's `requiredCrest`
 * for the line's cross-section under the case's force, scenario and year, with the governing formula,
 * the component breakdown and the flags.
 */
export function crestRow(forces: ProjectForces, line: LineSection, existing: number, c: Pick<CaseResult, 'id' | 'year' | 'scenario' | 'force'>): CrestRow {
  const project = forces.project;
  const force = c.force === 'portPlan' ? project.portPlanForce ?? project.designForce : project.designForce;
  const r = forces.requirement(line, force, c.scenario, c.year);
  return {
    caseId: c.id, year: c.year, scenario: c.scenario,
    frontLevel_m: r.dhwl_m, frontLevelTP_m: forces.tp(r.dhwl_m), waveAllowance_m: r.allowance_m, margin_m: r.margin_m,
    requiredCrest_m: r.required_m, requiredCrestTP_m: forces.tp(r.required_m), existingCrest_m: existing, deficit_m: r.required_m - existing,
    formula: governing(r), components: r.components, flags: r.flags,
  };
}

/** First whole year in [baseYear, last year] whose required crest exceeds `existing`, or null (core's `crestSeries`, cached per line type). */
export function adaptationYear(forces: ProjectForces, line: LineSection, existing: number, scenario: string): number | null {
  const project = forces.project;
  const req = forces.requiredByYear(line, project.designForce, scenario);
  const last = project.years[project.years.length - 1] - project.baseYear;
  for (let k = 0; k <= last; k++) if (req[k] - existing > 0) return project.baseYear + k;
  return null;
}

/** Damage ratio at depth d from the user's depth–damage curve: 0 when dry, else piecewise linear, ends held. */
function damageRatio(curve: ReadonlyArray<readonly [number, number]>, d: number): number {
  return d > 0 ? tableAt(curve, d, 0) : 0;
}

/** Depth of a flooded case at a world point (0 when dry), or NaN off the grid. */
function depthAt(prep: Prepared, depth: Float32Array, x: number, y: number): number {
  const cell = cellAt(invertAffine(prep.dem.transform), prep.width, prep.height, x, y);
  if (cell < 0) return NaN;
  const d = depth[cell];
  return d > 0 ? d : 0;
}

/** Facility f's largest depth and its damage (assetValue × mean damage ratio over its cells). */
function facilityDepthDamage(prep: Prepared, depth: Float32Array, f: number): { max: number; damage: number } {
  const fac = prep.project.facilities[f];
  const s = prep.facStart[f], e = prep.facStart[f + 1];
  let max = 0, ratio = 0;
  const curve = prep.project.depthDamage?.curve;
  for (let j = s; j < e; j++) {
    const d = depth[prep.facCells[j]];
    if (d > max) max = d;
    if (curve) ratio += damageRatio(curve, d);
  }
  return { max, damage: fac.assetValue !== null && e > s ? (fac.assetValue * ratio) / (e - s) : 0 };
}

/**
 * §4-7 and Table 4-4: the plan's crests as barriers, flooded at the facility design force and at the
 * port-plan force in the target year of the first (adopted) scenario, with the three adaptation levels.
 */
export function evaluatePlan(prep: Prepared, land: Uint8Array, today: CaseResult, crests: Readonly<Record<string, number>>, joinByOwner: boolean, signal?: AbortSignal): PlanEvaluation {
  const project = prep.project;
  const b = lineBarriers(prep, crests);
  const W = spill(prep, b, signal);
  const sc = project.scenarios[0];
  const year = project.targetYear;
  const mk = (force: 'design' | 'portPlan', spec: ForceSpec): CaseResult =>
    runCase(prep, W, land, b, { id: `${sc.name}@${year}+plan${force === 'portPlan' ? ':portPlan' : ''}`, scenario: sc.name, year, force, level: prep.forces.designLevel(spec, sc.name, year) }, joinByOwner);
  const design = mk('design', project.designForce);
  const portPlan = mk('portPlan', project.portPlanForce ?? project.designForce);
  const checks: AdaptationCheck[] = [];
  for (const p of project.points) {
    const now = depthAt(prep, today.depth.data, p.x, p.y);
    const then = depthAt(prep, design.depth.data, p.x, p.y);
    checks.push({ kind: 'representative-point', subject: p.name, caseId: design.id, value: then, limit: now, ok: then <= now + 1e-9 });
  }
  let damage = 0;
  project.facilities.forEach((f, i) => {
    const dd = facilityDepthDamage(prep, design.depth.data, i);
    damage += dd.damage;
    if (f.key && f.damageThreshold_m !== null) {
      checks.push({ kind: 'key-facility', subject: f.name, caseId: design.id, value: dd.max, limit: f.damageThreshold_m, ok: dd.max <= f.damageThreshold_m });
    }
  });
  if (project.depthDamage?.limit != null) {
    checks.push({ kind: 'damage', subject: 'all facilities', caseId: design.id, value: damage, limit: project.depthDamage.limit, ok: damage <= project.depthDamage.limit });
  }
  return { crests: { ...crests }, design, portPlan, residual: portPlan.flood, checks, ok: checks.every((c) => c.ok) };
}

/**
 * Runs the whole analysis of a validated project on its DEM (in the project datum): spill levels
 * with the existing lines as barriers, land at today's reference level, continuous flood areas and
 * candidate protection zones for today and each scenario/year, protection lines with their crest
 * requirements and adaptation years, the plan evaluation and setback lines.
 */
export async function analyzeProject(project: PortProject, dem: FloatGrid, options: AnalyzeOptions = {}): Promise<ProjectResult> {
  const { signal, onProgress } = options;
  const joinByOwner = options.joinByOwner ?? true;
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => { const t = performance.now(); timings[name] = (timings[name] ?? 0) + (t - t0); t0 = t; };
  const totalSteps = 4 + project.scenarios.length * project.years.length;
  let step = 0;
  const progress = (phase: string) => onProgress?.(++step, totalSteps, phase);

  const prep = prepare(project, dem, options);
  lap('prepare');
  if (options.spill && options.spill.length !== dem.width * dem.height) {
    throw new InputError(`spill: ${options.spill.length} cells for a ${dem.width}×${dem.height} DEM; pass the spill levels of this DEM`, 'spill');
  }
  const W = options.spill ?? spill(prep, prep.lineBarriers, signal);
  const land = landMask(dem.data, W, project.referenceLevel_m);
  lap('spill');
  progress('spill levels');
  await Promise.resolve();
  throwIfAborted(signal);

  const pf = prep.forces;
  const specs: CaseSpec[] = [{ id: 'today', scenario: null, year: project.baseYear, force: 'design', level: pf.designLevel(project.designForce, null, project.baseYear) }];
  for (const sc of project.scenarios) {
    for (const y of project.years) specs.push({ id: `${sc.name}@${y}`, scenario: sc.name, year: y, force: 'design', level: pf.designLevel(project.designForce, sc.name, y) });
  }
  const cases: CaseResult[] = [];
  for (const spec of specs) {
    cases.push(runCase(prep, W, land, prep.lineBarriers, spec, joinByOwner));
    progress(`case ${spec.id}`);
    await Promise.resolve();
    throwIfAborted(signal);
  }
  lap('cases');

  // Protection lines: the user's lines, and the waterfront of zones no user line borders.
  const envelope = cases.reduce((a, c) => (c.level.level_m > a.level.level_m ? c : a), cases[0]);
  const segments: LineSegment[] = [];
  const lineZones = project.lines.map((l) => envelope.zones.filter((z) => z.entryLines.includes(l.id)).map((z) => z.id));
  const guarded = facilitiesBehind(prep, land, envelope.level.level_m, lineZones.map((z) => z.length === 0));
  lap('lines.guarded');
  const facilitiesOfZone = new Map(envelope.zones.map((z) => [z.id, z.facilities]));
  project.lines.forEach((l, i) => {
    const zones = new Set(lineZones[i]);
    segments.push({
      id: l.id, source: 'user', owner: l.owner, name: l.name, kind: l.kind, zones: [...zones],
      facilities: zones.size === 0 ? guarded[i] : zones.size === 1 ? facilitiesOfZone.get(lineZones[i][0])! : [...new Set(lineZones[i].flatMap((z) => facilitiesOfZone.get(z)!))],
      length_m: lineLength(l.geometry), existingCrest_m: l.crest_m, geometry: l.geometry,
      crest: cases.map((c) => crestRow(pf, l, l.crest_m, c)),
      adaptationYear: Object.fromEntries(project.scenarios.map((sc) => [sc.name, adaptationYear(pf, l, l.crest_m, sc.name)])),
    });
  });
  const bordered = new Set(segments.flatMap((s) => s.zones));
  lap('lines.user');
  const wf = waterfrontSegments(prep, W, land, envelope, bordered);
  lap('lines.waterfront');
  const defaultLine: LineSection = { structure: 'vertical', slope: null, roughness: 1, allowableQ_m3sm: project.allowableQ_m3sm, toeDepth_m: null };
  for (const s of wf) {
    const { cells: _c, ends: _e, edges: _n, ...base } = s;
    segments.push({
      ...base,
      crest: cases.map((c) => crestRow(pf, defaultLine, s.existingCrest_m, c)),
      adaptationYear: Object.fromEntries(project.scenarios.map((sc) => [sc.name, adaptationYear(pf, defaultLine, s.existingCrest_m, sc.name)])),
    });
  }
  // Waterfront segments are entry lines of every case's zones whose cells lie behind them (zones
  // grow with the level, so each lies inside an envelope zone).
  if (wf.length > 0) {
    for (let ci = 0; ci < cases.length; ci++) {
      const c = cases[ci];
      if (c.zones.length === 0) continue;
      const zoneOfArea = new Int32Array(c.areas.length + 1).fill(-1);
      c.zones.forEach((z, zi) => { for (const a of z.areaIds) zoneOfArea[a] = zi; });
      const extra: Array<Set<string> | undefined> = new Array(c.zones.length);
      for (const sg of wf) {
        for (let k = 0; k < sg.cells.length; k++) {
          const a = c.areaLabels.data[sg.cells[k]];
          const zi = a > 0 ? zoneOfArea[a] : -1;
          if (zi >= 0) (extra[zi] ??= new Set()).add(sg.id);
        }
      }
      cases[ci] = { ...c, zones: c.zones.map((z, zi) => (extra[zi] ? { ...z, entryLines: [...z.entryLines, ...[...extra[zi]!].sort()] } : z)) };
    }
  }
  lap('lines');
  progress('protection lines');

  const plan = project.plan ? evaluatePlan(prep, land, cases[0], project.plan.crests, joinByOwner, signal) : null;
  lap('plan');
  progress('plan');

  const setbacks: SetbackResult[] = [];
  if (options.setback ?? true) {
    // Per zone with facilities, its longest open waterfront chain (all owners) for which a path
    // exists (up to two tries; chains of at least 3 edges), costed with the zone's highest requirement.
    const withFacilities = new Set(envelope.zones.filter((zn) => zn.facilities.length > 0).map((zn) => zn.id));
    const others = new Set(envelope.zones.filter((zn) => !withFacilities.has(zn.id)).map((zn) => zn.id));
    const reqOfZone = new Map<number, number>();
    for (const s of segments) {
      const row = s.crest.find((r) => r.caseId === envelope.id)!;
      for (const zid of s.zones) reqOfZone.set(zid, Math.max(reqOfZone.get(zid) ?? -Infinity, row.requiredCrest_m));
    }
    // Chains come longest first; closed rings (an island's whole shore) have no ends to tie into.
    const found = new Set<number>();
    const tries = new Map<number, number>();
    const chains = waterfrontSegments(prep, W, land, envelope, others, false);
    lap('setback.chains');
    for (const ch of chains) {
      const zid = ch.zones[0];
      if (!ch.ends || ch.edges < 3 || found.has(zid) || (tries.get(zid) ?? 0) >= 2) continue;
      tries.set(zid, (tries.get(zid) ?? 0) + 1);
      const req = reqOfZone.get(zid) ?? crestRow(pf, defaultLine, ch.existingCrest_m, envelope).requiredCrest_m;
      const r = setbackLine(prep, W, land, envelope, ch, req);
      if (r) { setbacks.push(r); found.add(zid); }
      throwIfAborted(signal);
    }
  }
  lap('setback');
  progress('setback');

  const targetCases = project.scenarios.map((sc) => `${sc.name}@${project.targetYear}`);
  return {
    spill: { width: dem.width, height: dem.height, transform: dem.transform, crs: dem.crs, nodata: null, data: W },
    land, portArea: prep.portArea, cases, targetCases, lines: segments, plan, setbacks,
    summary: {
      name: project.name, referenceLevel_m: project.referenceLevel_m,
      cases: cases.map((c) => ({ id: c.id, level_m: c.level.level_m, areas: c.areas.length, zones: c.zones.length, floodedArea_m2: c.flood.area_m2, maxDepth_m: c.flood.maxDepth_m })),
      lines: segments.length, timings,
    },
  };
}

/**
 * Facilities a line guards where it holds (no zone floods through it): the facilities on low land
 * (land with ground below `level`, components not crossing lines' crests ignored) within 4 cells of
 * the line's edges, i.e. what would flood behind it if it were overtopped. Only for lines with
 * `want[i]`; others get [].
 */
function facilitiesBehind(prep: Prepared, land: Uint8Array, level: number, want: readonly boolean[]): string[][] {
  const out: string[][] = want.map(() => []);
  if (!want.some(Boolean)) return out;
  const { width: w, dem, project } = prep;
  const n = w * prep.height;
  const z = dem.data;
  const low = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (land[i] && z[i] < level) low[i] = 1;
  const { labels, count } = labelComponents(low, w, prep.height, 8);
  const facsOf: Array<Set<number> | undefined> = new Array(count + 1);
  for (let f = 0; f < project.facilities.length; f++) {
    for (let j = prep.facStart[f]; j < prep.facStart[f + 1]; j++) {
      const k = labels[prep.facCells[j]];
      if (k > 0) (facsOf[k] ??= new Set()).add(f);
    }
  }
  // Cells on both sides of each line: every cell with a move the line blocks (the barriers are symmetric).
  const cells: number[][] = want.map(() => []);
  const b = prep.lineBarriers;
  for (let s = 0; s < b.cells.length; s++) {
    let last = -1;
    for (let d = 0; d < 8; d++) {
      const li = b.line![8 * s + d];
      if (li < 0) continue;
      const line = b.lineOf[li];
      if (want[line] && line !== last) { cells[line].push(b.cells[s]); last = line; }
    }
  }
  const byComps = new Map<string, string[]>();
  const stamp = new Int32Array(n);
  const dist = new Uint8Array(n);
  const queue = new Int32Array(n);
  for (let i = 0; i < want.length; i++) {
    if (!want[i] || cells[i].length === 0) continue;
    const tag = i + 1;
    let head = 0, tail = 0;
    for (const c of cells[i]) if (c < n && stamp[c] !== tag) { stamp[c] = tag; dist[c] = 0; queue[tail++] = c; }
    const comps = new Set<number>();
    while (head < tail) {
      const c = queue[head++];
      if (labels[c] > 0) { comps.add(labels[c]); continue; }
      if (dist[c] >= 4) continue;
      const col = c % w;
      for (let d = 0; d < 4; d++) {
        const j = d === 0 ? (col + 1 < w ? c + 1 : -1) : d === 1 ? (col > 0 ? c - 1 : -1) : d === 2 ? (c + w < n ? c + w : -1) : c - w;
        if (j < 0 || stamp[j] === tag || !land[j]) continue;
        stamp[j] = tag; dist[j] = dist[c] + 1; queue[tail++] = j;
      }
    }
    const key = [...comps].sort((a, b2) => a - b2).join(',');
    let ids = byComps.get(key);
    if (!ids) {
      const found = new Set<number>();
      for (const k of comps) for (const f of facsOf[k] ?? []) found.add(f);
      ids = [...found].sort((a, b2) => a - b2).map((f) => project.facilities[f].id);
      byComps.set(key, ids);
    }
    out[i] = ids;
  }
  return out;
}

function lineLength(g: Linear): number {
  let s = 0;
  for (const p of linePaths(g)) for (let i = 1; i < p.length; i++) s += Math.hypot(p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]);
  return s;
}

export type { DepthStats };
