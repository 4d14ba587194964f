import type { FloatGrid } from '@floodzone/raster';
import { InputError } from '../util/errors.js';
import { checkLevelArg } from './flood.js';
import type { EdgeBarriers } from './types.js';
import { checkBarriers, checkCellAreas, checkConnectivity, checkDem, checkMask, describeValue, findBarrierSlot } from './validate.js';

/** Protection lines for `labelComponents`: moves whose barrier crest is ≥ `level` are not crossed. */
export interface LabelBarrierOptions {
  barriers?: EdgeBarriers;
  /** Water level the components are taken at (required with `barriers`). */
  level?: number;
}

/**
 * Connected components of the cells with `mask[i] === 1` (8- or 4-connected). Labels are 1..count in
 * the order of each component's first cell in row-major order; 0 = background. Breadth-first search
 * with one Int32Array queue. With `barriers` and `level`, a move is not taken while `level <= crest`
 * of the barrier on it (the rule of the flood fill and the spill levels), so the components are those
 * of the flood at that level.
 */
export function labelComponents(mask: Uint8Array, width: number, height: number, connectivity: 4 | 8 = 8, options: LabelBarrierOptions = {}): { labels: Int32Array; count: number } {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InputError(`width and height must be positive integers, got ${width}×${height}`, 'mask');
  }
  const n = width * height;
  checkMask(mask, n, 'mask');
  const eight = checkConnectivity(connectivity) === 8;
  const barriers = checkBarriers(options.barriers, width, height);
  let level = Infinity;
  if (barriers !== undefined) {
    level = options.level as number;
    if (typeof level !== 'number' || Number.isNaN(level)) throw new InputError(`labelComponents with barriers needs the water level, got ${JSON.stringify(options.level)}`, 'level');
  }
  // Cells with a barrier move; for those, `s` is their slot × 8 and a move d is taken only while
  // level > crest[s + d] (DIRECTIONS order: E 0, SE 1, S 2, SW 3, W 4, NW 5, N 6, NE 7).
  const onLine = barriers !== undefined ? new Uint8Array(n) : null;
  const bCells = barriers?.cells ?? new Int32Array(0);
  const crest = barriers?.crest ?? new Float32Array(0);
  if (onLine !== null) for (let k = 0; k < bCells.length; k++) onLine[bCells[k]!] = 1;
  const labels = new Int32Array(n);
  const q = new Int32Array(n);
  let count = 0;
  const w = width;
  for (let start = 0; start < n; start++) {
    if (mask[start] !== 1 || labels[start] !== 0) continue;
    const lab = ++count;
    labels[start] = lab;
    let head = 0;
    let tail = 0;
    q[tail++] = start;
    while (head < tail) {
      const i = q[head++]!;
      const r = (i / w) | 0;
      const c = i - r * w;
      const up = r > 0, down = r < height - 1, left = c > 0, right = c < w - 1;
      const s = onLine !== null && onLine[i] === 1 ? findBarrierSlot(bCells, i) * 8 : -1;
      let j: number;
      if (right) { j = i + 1; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s]!)) { labels[j] = lab; q[tail++] = j; } }
      if (left) { j = i - 1; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 4]!)) { labels[j] = lab; q[tail++] = j; } }
      if (down) { j = i + w; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 2]!)) { labels[j] = lab; q[tail++] = j; } }
      if (up) { j = i - w; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 6]!)) { labels[j] = lab; q[tail++] = j; } }
      if (eight) {
        if (down && right) { j = i + w + 1; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 1]!)) { labels[j] = lab; q[tail++] = j; } }
        if (down && left) { j = i + w - 1; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 3]!)) { labels[j] = lab; q[tail++] = j; } }
        if (up && right) { j = i - w + 1; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 7]!)) { labels[j] = lab; q[tail++] = j; } }
        if (up && left) { j = i - w - 1; if (mask[j] === 1 && labels[j] === 0 && (s < 0 || level > crest[s + 5]!)) { labels[j] = lab; q[tail++] = j; } }
      }
    }
  }
  return { labels, count };
}

/** Statistics of one labelled component. Depth = level − z; bbox in cells, inclusive. */
export interface ComponentStats {
  label: number;
  cells: number;
  area_m2: number;
  volume_m3: number;
  maxDepth_m: number;
  /** volume / area (area-weighted). */
  meanDepth_m: number;
  bbox: { minCol: number; minRow: number; maxCol: number; maxRow: number };
}

/**
 * Per label 1..count: cells, area, volume, max and mean depth, bounding box. `level` is the water level
 * (a number or a per-cell grid); `cellAreas` m² per cell, one value per row.
 */
export function componentStats(labels: Int32Array, count: number, dem: FloatGrid, level: number | Float32Array, cellAreas: Float64Array): ComponentStats[] {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  if (!(labels instanceof Int32Array) || labels.length !== w * h) {
    throw new InputError(`labels must be an Int32Array of ${w * h} cells like the DEM`, 'labels');
  }
  if (!Number.isInteger(count) || count < 0) throw new InputError(`count must be a non-negative integer, got ${count}`, 'count');
  checkCellAreas(cellAreas, h);
  const lv = checkLevelArg(level, w * h);
  const cells = new Float64Array(count + 1);
  const area = new Float64Array(count + 1);
  const vol = new Float64Array(count + 1);
  const maxD = new Float64Array(count + 1).fill(-Infinity);
  const minC = new Int32Array(count + 1).fill(w);
  const minR = new Int32Array(count + 1).fill(h);
  const maxC = new Int32Array(count + 1).fill(-1);
  const maxR = new Int32Array(count + 1).fill(-1);
  for (let r = 0; r < h; r++) {
    const a = cellAreas[r]!;
    for (let c = 0, i = r * w; c < w; c++, i++) {
      const k = labels[i]!;
      if (k <= 0) continue;
      if (k > count) throw new InputError(`labels holds ${k} but count is ${count}`, 'labels');
      const d = (typeof lv === 'number' ? lv : lv[i]!) - z[i]!;
      cells[k]!++;
      area[k]! += a;
      vol[k]! += d * a;
      if (d > maxD[k]!) maxD[k] = d;
      if (c < minC[k]!) minC[k] = c;
      if (c > maxC[k]!) maxC[k] = c;
      if (r < minR[k]!) minR[k] = r;
      maxR[k] = r;
    }
  }
  const out: ComponentStats[] = [];
  for (let k = 1; k <= count; k++) {
    out.push({
      label: k,
      cells: cells[k]!,
      area_m2: area[k]!,
      volume_m3: vol[k]!,
      maxDepth_m: cells[k]! > 0 ? maxD[k]! : 0,
      meanDepth_m: area[k]! > 0 ? vol[k]! / area[k]! : 0,
      bbox: { minCol: minC[k]!, minRow: minR[k]!, maxCol: maxC[k]!, maxRow: maxR[k]! },
    });
  }
  return out;
}

/** Low-lying areas: valid cells below the level that the sea does not reach (NOAA's "low-lying, unconnected"). */
export interface LowLyingAreas {
  /** 1..count for kept areas, 0 elsewhere. */
  labels: Int32Array;
  count: number;
  areas: ComponentStats[];
}

/**
 * Areas with `z < level` that are not flooded (not connected to the sea), as connected components with
 * at least `minArea_m2` of area (an area threshold, not a cell count, so it does not depend on the
 * resolution; NOAA's method used 40 cells at 10 m). Depths are `level − z`.
 */
export function lowLyingAreas(dem: FloatGrid, flooded: Uint8Array, level: number, cellAreas: Float64Array, minArea_m2: number, connectivity: 4 | 8 = 8): LowLyingAreas {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  checkMask(flooded, w * h, 'flooded');
  checkCellAreas(cellAreas, h);
  if (typeof level !== 'number' || !Number.isFinite(level)) throw new InputError(`level must be a finite number of metres, got ${describeValue(level)}`, 'level');
  if (typeof minArea_m2 !== 'number' || !(minArea_m2 >= 0)) throw new InputError(`minArea_m2 must be a non-negative number of m², got ${minArea_m2}`, 'minArea_m2');
  const n = w * h;
  const low = new Uint8Array(n);
  for (let i = 0; i < n; i++) low[i] = z[i]! < level && flooded[i] !== 1 ? 1 : 0;
  const { labels, count } = labelComponents(low, w, h, connectivity);
  const all = componentStats(labels, count, dem, level, cellAreas);
  const remap = new Int32Array(count + 1);
  const areas: ComponentStats[] = [];
  for (const s of all) {
    if (s.area_m2 >= minArea_m2) {
      remap[s.label] = areas.length + 1;
      areas.push({ ...s, label: areas.length + 1 });
    }
  }
  for (let i = 0; i < n; i++) labels[i] = remap[labels[i]!]!;
  return { labels, count: areas.length, areas };
}
