import type { FloatGrid } from '@floodzone/raster';
import { throwIfAborted, type RunOptions } from '../util/abort.js';
import { InputError } from '../util/errors.js';
import type { EdgeBarriers, SeaSource } from './types.js';
import { checkBarriers, checkConnectivity, checkDem, checkSea, describeValue, findBarrierSlot } from './validate.js';
import { forEachSourceCell } from './sources.js';

export interface AttenuationOptions extends RunOptions {
  sea?: SeaSource;
  /** Water level at the sources (m): one number, or a per-cell grid (e.g. a tidal surface; only its values at source cells are used, NaN = not a source). */
  level: number | Float32Array;
  /** Level lost per metre travelled over land (m/m, ≥ 0): one number or a per-cell grid. Nodata cells (open water) lose nothing. */
  attenuation: number | Float32Array;
  /** Cell size in metres (square cells); or give `dx` and `dy`. */
  cellSize?: number;
  dx?: number;
  dy?: number;
  connectivity?: 4 | 8;
  nodataIsSea?: boolean;
  barriers?: EdgeBarriers;
}

/**
 * Attenuated connected flood (the idea of Kasmalkar et al. 2023, MethodsX, and Wang et al. 2025; our own
 * formulation and code): the water level reaching cell c is the best over paths from a source s of
 * `L(s) − Σ step length × (a(from) + a(to)) / 2` (steps dx, dy, or √(dx² + dy²) on diagonals), where
 * every cell on the path is wet: valid with level > z, or conducting nodata (`nodataIsSea`). A barrier
 * move is open only while the level at the cell it leaves is above its crest. With a = 0 and one level
 * this is exactly `floodFill`. Dijkstra with a binary max-heap on float64 levels.
 * Returns the water level on flooded cells (depth = level − z), NaN on dry, nodata and unreached cells.
 */
export function attenuatedLevels(dem: FloatGrid, options: AttenuationOptions): Float32Array {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  const n = w * h;
  const opts = options ?? ({} as AttenuationOptions);
  const conn = checkConnectivity(opts.connectivity);
  const sea = checkSea(opts.sea, w, h);
  const barriers = checkBarriers(opts.barriers, w, h);
  const nodataIsSea = opts.nodataIsSea === true;
  const level = opts.level;
  if (level instanceof Float32Array) {
    if (level.length !== n) throw new InputError(`level grid has ${level.length} cells but the DEM has ${n}: resample it to the DEM's grid`, 'level');
    // NaN means "not a source"; ±Infinity would give Infinity depths and volumes
    for (let i = 0; i < n; i++) {
      const v = level[i]!;
      if (v === Infinity || v === -Infinity) throw new InputError(`level grid cell ${i} (row ${Math.floor(i / w)}, column ${i % w}) is ${v}; give finite levels in metres, NaN where a cell is no source`, 'level');
    }
  } else if (typeof level !== 'number' || !Number.isFinite(level)) {
    throw new InputError(`level must be a finite number of metres or a Float32Array grid, got ${describeValue(level)}`, 'level');
  }
  const att = opts.attenuation;
  if (att instanceof Float32Array) {
    if (att.length !== n) throw new InputError(`attenuation grid has ${att.length} cells but the DEM has ${n}`, 'attenuation');
    for (let i = 0; i < n; i++) {
      const v = att[i]!;
      if (!(v >= 0) && z[i] === z[i]) throw new InputError(`attenuation must be ≥ 0 m/m on every valid cell, got ${v} at cell ${i}`, 'attenuation');
    }
  } else if (typeof att !== 'number' || !(att >= 0) || !Number.isFinite(att)) {
    throw new InputError(`attenuation must be a finite number of m per m ≥ 0, got ${JSON.stringify(att)}`, 'attenuation');
  }
  const dx = opts.dx ?? opts.cellSize;
  const dy = opts.dy ?? opts.cellSize;
  if (typeof dx !== 'number' || !(dx > 0) || !Number.isFinite(dx) || typeof dy !== 'number' || !(dy > 0) || !Number.isFinite(dy)) {
    throw new InputError(`cellSize (or dx and dy) must be a positive number of metres, got ${JSON.stringify(opts.cellSize ?? [opts.dx, opts.dy])}`, 'cellSize');
  }
  const signal = opts.signal;
  throwIfAborted(signal);

  // Per-cell attenuation (0 on nodata).
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = z[i] === z[i] ? (typeof att === 'number' ? att : att[i]!) : 0;
  const diag = Math.hypot(dx, dy);
  const lenOf = [dx, diag, dy, diag, dx, diag, dy, diag];
  const DC = [1, 1, 0, -1, -1, -1, 0, 1];
  const DR = [0, 1, 1, 1, 0, -1, -1, -1];
  const step = conn === 8 ? 1 : 2;

  const best = new Float64Array(n).fill(-Infinity);
  const done = new Uint8Array(n);
  const heap = new MaxHeap();
  const addSource = (i: number): void => {
    const L = typeof level === 'number' ? level : level[i]!;
    if (!(L === L)) return;
    const zi = z[i]!;
    if (zi === zi ? !(zi < L) : !nodataIsSea) return;
    if (L > best[i]!) {
      best[i] = L;
      heap.push(L, i);
    }
  };
  forEachSourceCell(sea, w, h, addSource);

  let processed = 0;
  while (heap.size > 0) {
    const H = heap.topKey();
    const i = heap.pop();
    if (done[i] === 1 || H < best[i]!) continue;
    done[i] = 1;
    if ((++processed & 0xfffff) === 0) {
      opts.onProgress?.(processed, n, 'attenuation');
      throwIfAborted(signal);
    }
    const r = (i / w) | 0;
    const c = i - r * w;
    const slot = barriers !== undefined ? findBarrierSlot(barriers.cells, i) * 8 : -1;
    const ai = a[i]!;
    for (let d = 0; d < 8; d += step) {
      const nc = c + DC[d]!, nr = r + DR[d]!;
      if (nc < 0 || nc >= w || nr < 0 || nr >= h) continue;
      const j = nr * w + nc;
      if (done[j] === 1) continue;
      if (slot >= 0 && !(H > barriers!.crest[slot + d]!)) continue;
      const Hn = H - lenOf[d]! * 0.5 * (ai + a[j]!);
      const zj = z[j]!;
      if (zj === zj ? !(zj < Hn) : !nodataIsSea) continue;
      if (Hn > best[j]!) {
        best[j] = Hn;
        heap.push(Hn, j);
      }
    }
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = done[i] === 1 && z[i] === z[i] ? best[i]! : NaN;
  return out;
}

/** Binary max-heap of (float64 key, int32 value) in parallel typed arrays. */
class MaxHeap {
  keys = new Float64Array(1024);
  vals = new Int32Array(1024);
  size = 0;

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2); k.set(this.keys); this.keys = k;
      const v = new Int32Array(this.size * 2); v.set(this.vals); this.vals = v;
    }
    const K = this.keys, V = this.vals;
    let j = this.size++;
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (K[p]! >= key) break;
      K[j] = K[p]!; V[j] = V[p]!;
      j = p;
    }
    K[j] = key; V[j] = val;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  pop(): number {
    const K = this.keys, V = this.vals;
    const top = V[0]!;
    const n = --this.size;
    if (n === 0) return top;
    const key = K[n]!, val = V[n]!;
    let j = 0;
    for (;;) {
      let ch = 2 * j + 1;
      if (ch >= n) break;
      if (ch + 1 < n && K[ch + 1]! > K[ch]!) ch++;
      if (K[ch]! <= key) break;
      K[j] = K[ch]!; V[j] = V[ch]!;
      j = ch;
    }
    K[j] = key; V[j] = val;
    return top;
  }
}
