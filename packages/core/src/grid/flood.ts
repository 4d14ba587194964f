import type { FloatGrid } from '@floodzone/raster';
import { throwIfAborted } from '../util/abort.js';
import { InputError } from '../util/errors.js';
import type { FloodOptions } from './types.js';
import { checkBarriers, checkCellAreas, checkConnectivity, checkDem, checkLevel, checkMask, checkSea, findBarrierSlot } from './validate.js';

// Cell states in the padded grid (one byte per cell).
const NODATA = 1; // nodata that conducts (nodataIsSea)
const BLOCKED = 2; // padding, z >= L, nodata that blocks
const VISITED = 4;
const BARRIER = 8; // at least one move out of this cell is blocked by a barrier

const CHUNK = 1 << 20;

/**
 * Sea-connected flood at a water level (DESIGN.md "Semantics of a flood"): cell c is flooded iff it is
 * valid, `z(c) < level` and connected to a source through flooded cells (and, with `nodataIsSea`,
 * through nodata cells, which conduct but are never flooded). Returns a 0/1 mask, `1 = flooded`.
 *
 * Breadth-first search over a grid padded with a blocked frame, so the hot loop has no bounds checks
 * (measured 2× faster than bounds checks, notes/TOOLCHAIN.md §7), with an Int32Array ring queue that
 * grows with the front. Memory: one byte per cell (the padded state, compacted in place into the
 * result, which is therefore a view at offset 0 of a slightly longer buffer) plus the queue.
 */
export function floodFill(dem: FloatGrid, level: number, options: FloodOptions = {}): Uint8Array {
  checkDem(dem);
  const L = checkLevel(level);
  const { width: w, height: h, data: z } = dem;
  const conn = checkConnectivity(options.connectivity);
  const sea = checkSea(options.sea, w, h);
  const barriers = checkBarriers(options.barriers, w, h);
  const nodataIsSea = options.nodataIsSea === true;
  const signal = options.signal;
  const onProgress = options.onProgress;
  throwIfAborted(signal);

  const pw = w + 2;
  const st = new Uint8Array(pw * (h + 2));
  // Frame and classification (one pass over the DEM).
  st.fill(BLOCKED, 0, pw);
  st.fill(BLOCKED, (h + 1) * pw);
  const nodataState = nodataIsSea ? NODATA : BLOCKED;
  for (let r = 0; r < h; r++) {
    const o = (r + 1) * pw + 1;
    const zo = r * w;
    st[o - 1] = BLOCKED;
    st[o + w] = BLOCKED;
    for (let c = 0; c < w; c++) {
      const v = z[zo + c]!;
      st[o + c] = v < L ? 0 : v === v ? BLOCKED : nodataState;
    }
  }

  // Barrier cells: per-direction blocked flags at this level, looked up only when such a cell is expanded.
  let barrierBlocked: Uint8Array | null = null;
  let barrierCells: Int32Array | null = null;
  if (barriers !== undefined) {
    const cells = barriers.cells;
    const crest = barriers.crest;
    barrierCells = cells;
    barrierBlocked = new Uint8Array(cells.length);
    for (let k = 0; k < cells.length; k++) {
      let bits = 0;
      for (let d = 0; d < 8; d++) if (L <= crest[k * 8 + d]!) bits |= 1 << d;
      barrierBlocked[k] = bits;
      if (bits !== 0) {
        const i = cells[k]!;
        const r = (i / w) | 0;
        st[(r + 1) * pw + (i - r * w) + 1]! |= BARRIER;
      }
    }
  }

  // Queue.
  let q = new Int32Array(1 << 14);
  let qmask = q.length - 1;
  let head = 0;
  let tail = 0;

  const visitSource = (i: number): void => {
    const r = (i / w) | 0;
    const p = (r + 1) * pw + (i - r * w) + 1;
    const s = st[p]!;
    if ((s & (BLOCKED | VISITED)) !== 0) return;
    st[p] = s | VISITED;
    if (tail - head === q.length) {
      const nq = new Int32Array(q.length * 2);
      for (let k = 0; head + k < tail; k++) nq[k] = q[(head + k) & qmask]!;
      tail -= head;
      head = 0;
      q = nq;
      qmask = q.length - 1;
    }
    q[tail & qmask] = p;
    tail++;
  };
  if (sea.kind === 'border') {
    for (let c = 0; c < w; c++) {
      visitSource(c);
      visitSource((h - 1) * w + c);
    }
    for (let r = 1; r < h - 1; r++) {
      visitSource(r * w);
      visitSource(r * w + w - 1);
    }
  } else if (sea.kind === 'mask') {
    const m = sea.mask;
    for (let i = 0; i < m.length; i++) if (m[i] === 1) visitSource(i);
  } else {
    const cells = sea.cells;
    for (let k = 0; k < cells.length; k++) visitSource(cells[k]!);
  }

  const o0 = 1, o1 = pw + 1, o2 = pw, o3 = pw - 1, o4 = -1, o5 = -pw - 1, o6 = -pw, o7 = -pw + 1;
  const offs = [o0, o1, o2, o3, o4, o5, o6, o7];
  const eight = conn === 8;
  let processed = 0;
  let nextCheck = CHUNK;
  while (head !== tail) {
    // Make room for up to 8 pushes.
    if (q.length - (tail - head) < 8) {
      const nq = new Int32Array(q.length * 2);
      for (let k = 0; head + k < tail; k++) nq[k] = q[(head + k) & qmask]!;
      tail -= head;
      head = 0;
      q = nq;
      qmask = q.length - 1;
    }
    const p = q[head & qmask]!;
    head++;
    if ((st[p]! & BARRIER) !== 0) {
      const r = ((p / pw) | 0) - 1;
      const slot = findBarrierSlot(barrierCells!, r * w + (p - (r + 1) * pw - 1));
      const bits = barrierBlocked![slot]!;
      for (let d = 0; d < 8; d += eight ? 1 : 2) {
        if ((bits >> d) & 1) continue;
        const n = p + offs[d]!;
        const s = st[n]!;
        if ((s & (BLOCKED | VISITED)) === 0) {
          st[n] = s | VISITED;
          q[tail & qmask] = n;
          tail++;
        }
      }
    } else {
      let n: number, s: number;
      n = p + o0; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
      n = p + o2; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
      n = p + o4; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
      n = p + o6; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
      if (eight) {
        n = p + o1; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
        n = p + o3; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
        n = p + o5; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
        n = p + o7; s = st[n]!; if ((s & 6) === 0) { st[n] = s | VISITED; q[tail & qmask] = n; tail++; }
      }
    }
    if (++processed === nextCheck) {
      nextCheck += CHUNK;
      throwIfAborted(signal);
      onProgress?.(processed, w * h, 'flood');
    }
  }

  // Compact in place: out[r * w + c] = flooded(st[(r + 1) * pw + c + 1]); the target never overtakes the source.
  for (let r = 0; r < h; r++) {
    const src = (r + 1) * pw + 1;
    const dst = r * w;
    for (let c = 0; c < w; c++) st[dst + c] = (st[src + c]! & (VISITED | NODATA)) === VISITED ? 1 : 0;
  }
  return new Uint8Array(st.buffer, 0, w * h);
}

/** Water depth `level − z` on flooded cells, NaN elsewhere. `level` may be a per-cell water level grid. */
export function floodDepth(dem: FloatGrid, flooded: Uint8Array, level: number | Float32Array, out?: Float32Array): Float32Array {
  checkDem(dem);
  const n = dem.width * dem.height;
  checkMask(flooded, n, 'flooded');
  const lv = checkLevelArg(level, n);
  const res = out ?? new Float32Array(n);
  if (res.length !== n) throw new InputError(`out must have ${n} cells like the DEM, got ${res.length}`, 'out');
  const z = dem.data;
  if (typeof lv === 'number') {
    for (let i = 0; i < n; i++) res[i] = flooded[i] === 1 ? lv - z[i]! : NaN;
  } else {
    for (let i = 0; i < n; i++) res[i] = flooded[i] === 1 ? lv[i]! - z[i]! : NaN;
  }
  return res;
}

/** Totals of a flood. `meanDepth` = volume / area (area-weighted), 0 when nothing floods. */
export interface FloodStats {
  floodedCells: number;
  floodedArea_m2: number;
  volume_m3: number;
  maxDepth: number;
  meanDepth: number;
}

/**
 * Cells, area (Σ cell area), volume (Σ depth × cell area) and max/mean depth of a flood.
 * `cellAreas`: m² per cell, one value per row (from `@floodzone/raster`'s `cellAreas`).
 */
export function floodStats(dem: FloatGrid, flooded: Uint8Array, level: number | Float32Array, cellAreas: Float64Array): FloodStats {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  checkMask(flooded, w * h, 'flooded');
  checkCellAreas(cellAreas, h);
  const lv = checkLevelArg(level, w * h);
  let cells = 0;
  let area = 0;
  let volume = 0;
  let maxDepth = 0;
  for (let r = 0; r < h; r++) {
    const a = cellAreas[r]!;
    let rc = 0;
    let rv = 0;
    for (let i = r * w, e = i + w; i < e; i++) {
      if (flooded[i] !== 1) continue;
      const d = (typeof lv === 'number' ? lv : lv[i]!) - z[i]!;
      rc++;
      rv += d;
      if (d > maxDepth) maxDepth = d;
    }
    cells += rc;
    area += rc * a;
    volume += rv * a;
  }
  return { floodedCells: cells, floodedArea_m2: area, volume_m3: volume, maxDepth, meanDepth: area > 0 ? volume / area : 0 };
}

export function checkLevelArg(level: number | Float32Array, n: number): number | Float32Array {
  if (level instanceof Float32Array) {
    if (level.length !== n) throw new InputError(`level grid has ${level.length} cells but the DEM has ${n}: resample it to the DEM's grid`, 'level');
    return level;
  }
  return checkLevel(level);
}
