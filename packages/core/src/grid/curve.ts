import { InputError } from '../util/errors.js';
import { describeValue } from './validate.js';
import { bucketTotalsWasm, curveKernelAvailable, uniformAreas, type BucketTotals } from './curve-wasm.js';

export interface LevelCurvePoint {
  level: number;
  floodedCells: number;
  floodedArea_m2: number;
  volume_m3: number;
  /** 0 when nothing floods. */
  maxDepth: number;
}

/**
 * Flooded cells, area, volume and max depth at every level in `levels`, exactly as a flood fill at each
 * level would give them (flooded(L) ⟺ W < L), from one spill-level grid W in a single pass over the
 * cells. Each cell falls in the bucket of the first level above its W, and each bucket sums its cells'
 * count, Σz (per row, then × the row's cell area) and min z. Then volume(L) = L·A(L) − Σ_{W<L} z·a and
 * maxDepth(L) = L − min_{W<L} z. Results come back in the order of `levels`.
 *
 * Runs a WebAssembly SIMD kernel (curve-kernel.wat) where the engine allows it, else the JavaScript
 * kernel; both give the same cell counts and minima, and area and volume equal up to the rounding of a
 * different summation order.
 */
export function levelCurve(W: Float32Array, dem: Float32Array, cellAreas: Float64Array, width: number, levels: ArrayLike<number>): LevelCurvePoint[] {
  return levelCurveVia('auto', W, dem, cellAreas, width, levels)!;
}

/**
 * Which kernel `levelCurve` runs in this engine: 'wasm' where WebAssembly with SIMD can be compiled
 * here, else 'js' (an old engine, or a page whose Content-Security-Policy forbids compiling
 * WebAssembly: allow it with `'wasm-unsafe-eval'`). Even with 'wasm', levels closer together than
 * (max − min)/65536 go to the JavaScript kernel. Both give the same table.
 */
export function levelCurveKernel(): 'wasm' | 'js' {
  return curveKernelAvailable() ? 'wasm' : 'js';
}

/**
 * levelCurve through one kernel: 'js', 'wasm' (null when it declines: no WebAssembly here, or levels
 * too close together for its slot table) or 'auto' (wasm, else js). For tests and benchmarks.
 */
export function levelCurveVia(kernel: 'auto' | 'js' | 'wasm', W: Float32Array, dem: Float32Array, cellAreas: Float64Array, width: number, levels: ArrayLike<number>): LevelCurvePoint[] | null {
  if (!(W instanceof Float32Array) || !(dem instanceof Float32Array) || W.length !== dem.length) {
    throw new InputError(`W and dem must be Float32Arrays of the same size, got ${W?.length} and ${dem?.length}`, 'W');
  }
  if (!Number.isInteger(width) || width < 1 || W.length % width !== 0) throw new InputError(`width ${width} does not divide the grid of ${W.length} cells`, 'width');
  const h = W.length / width;
  if (!(cellAreas instanceof Float64Array) || cellAreas.length !== h) {
    throw new InputError(`cellAreas must be a Float64Array with one area in m² per row (${h} rows)`, 'cellAreas');
  }
  const m = levels.length;
  for (let k = 0; k < m; k++) {
    if (typeof levels[k] !== 'number' || !Number.isFinite(levels[k])) throw new InputError(`levels[${k}] must be a finite number of metres, got ${describeValue(levels[k])}`, 'levels');
  }
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => levels[a]! - levels[b]!);
  const sorted = new Float64Array(m);
  for (let k = 0; k < m; k++) sorted[k] = levels[order[k]!]!;
  const t = kernel === 'js' || m === 0 ? null : bucketTotalsWasm(W, dem, cellAreas, width, sorted);
  if (t === null && kernel === 'wasm' && m > 0) return null;
  const { cnt, area, za, minZ } = t ?? bucketTotalsJs(W, dem, cellAreas, width, sorted);
  const out: LevelCurvePoint[] = new Array(m);
  let c = 0, A = 0, ZA = 0, mz = Infinity;
  for (let j = 0; j < m; j++) {
    c += cnt[j]!;
    A += area[j]!;
    ZA += za[j]!;
    if (minZ[j]! < mz) mz = minZ[j]!;
    const L = sorted[j]!;
    out[order[j]!] = { level: L, floodedCells: c, floodedArea_m2: A, volume_m3: c > 0 ? L * A - ZA : 0, maxDepth: c > 0 ? L - mz : 0 };
  }
  return out;
}

/**
 * The JavaScript kernel. A row is walked run by run (a run is a stretch of cells in one bucket, found
 * with two exact comparisons per cell), and each run adds its count, Σz and min z to its bucket.
 */
function bucketTotalsJs(W: Float32Array, dem: Float32Array, cellAreas: Float64Array, width: number, sorted: Float64Array): BucketTotals {
  const m = sorted.length;
  const h = W.length / width;
  // Bucket j (0..m-1) holds the cells with ext[j] <= W < ext[j+1], i.e. sorted[j-1] <= W < sorted[j]
  // (ext[0] = −∞): they flood at levels j..m-1. Cells with W >= sorted[m-1] or NaN flood at none.
  const ext = new Float64Array(m + 2);
  ext[0] = -Infinity;
  ext.set(sorted, 1);
  ext[m + 1] = Infinity;
  const cnt = new Float64Array(m);
  const area = new Float64Array(m);
  const za = new Float64Array(m);
  // Per bucket: [cells in this row, Σz in this row, min z so far].
  const acc = new Float64Array(3 * m);
  for (let j = 0; j < m; j++) acc[3 * j + 2] = Infinity;
  const lo = m > 0 ? sorted[0]! : Infinity;
  const hi = m > 0 ? sorted[m - 1]! : -Infinity;
  // A first guess of a cell's bucket, then one exact check (ext[j] <= W < ext[j+1]) and, when the guess
  // was wrong (W next to a level), a binary search: the guess only saves work, it never decides.
  // Evenly spaced levels (within a quarter step): the guess is arithmetic. Others: a slot table over
  // [lo, hi] holding the bucket of each slot's start.
  const stepL = m > 1 ? (hi - lo) / (m - 1) : 0;
  let uniform = m > 1 && stepL > 0 && Number.isFinite(stepL);
  for (let k = 0; uniform && k < m; k++) if (Math.abs(sorted[k]! - (lo + k * stepL)) > stepL / 4) uniform = false;
  const invStep = uniform ? 1 / stepL : 0;
  const T = uniform || m === 0 ? 0 : 1 << 16;
  const tscale = hi > lo && Number.isFinite(hi - lo) ? T / (hi - lo) : 0;
  const table = new Int32Array(T + 1);
  for (let t = 0, j = 0; t <= T && m > 0; t++) {
    const v = tscale > 0 ? lo + t / tscale : lo;
    while (j < m && sorted[j]! <= v) j++;
    table[t] = j;
  }
  // Every row has the same cell area on a projected grid: the buckets then go into the totals once at
  // the end instead of after every row (the flush is O(levels) a row: 1.6 s of 100,000 levels on Tokyo 5 m).
  const sameArea = uniformAreas(cellAreas);
  let touched = false;
  for (let r = 0; r < h; r++) {
    const e = r * width + width;
    let i = r * width;
    let wv = W[i]!;
    for (;;) {
      if (!(wv < hi)) {
        // NaN, or W at or above every level: skip the whole stretch (nothing to add).
        do i++;
        while (i < e && !((wv = W[i]!) < hi));
        if (i >= e) break;
        continue;
      }
      let j: number;
      if (wv < lo) j = 0;
      else if (uniform) {
        j = (((wv - lo) * invStep) | 0) + 1;
        if (j > m - 1) j = m - 1;
      } else {
        const t = ((wv - lo) * tscale) | 0;
        j = table[t < T ? t : T]!;
      }
      let bl = ext[j]!;
      let bh = ext[j + 1]!;
      if (!(wv >= bl && wv < bh)) {
        // First j with sorted[j] > wv (exists: wv < hi).
        let a0 = 0;
        let b0 = m - 1;
        while (a0 < b0) {
          const mid = (a0 + b0) >>> 1;
          if (sorted[mid]! > wv) b0 = mid;
          else a0 = mid + 1;
        }
        j = a0;
        bl = ext[j]!;
        bh = ext[j + 1]!;
      }
      // The run: this cell and the next ones while bl <= W < bh (NaN and every other bucket end it), in
      // a tight inner loop with the run's sums in locals; neighbouring cells mostly share a bucket
      // (about 7 cells a run on the Tokyo 5 m DEM with 0.1 m steps). Two cells a step (half the loop
      // checks: 5 % faster there); on leaving, wv is the first cell after the run.
      const s = i;
      const z0 = dem[i]!;
      let cz = z0;
      let cmin = Infinity;
      if (z0 < cmin) cmin = z0;
      i++;
      for (;;) {
        if (i + 1 < e) {
          const wa = W[i]!;
          const wb = W[i + 1]!;
          if (!(wa >= bl && wa < bh)) {
            wv = wa;
            break;
          }
          const za = dem[i]!;
          cz += za;
          if (za < cmin) cmin = za;
          if (!(wb >= bl && wb < bh)) {
            wv = wb;
            i++;
            break;
          }
          const zb = dem[i + 1]!;
          cz += zb;
          if (zb < cmin) cmin = zb;
          i += 2;
          continue;
        }
        if (i < e) {
          // The row's last cell.
          wv = W[i]!;
          if (wv >= bl && wv < bh) {
            const zv = dem[i]!;
            cz += zv;
            if (zv < cmin) cmin = zv;
            i++;
          }
        }
        break;
      }
      const k = 3 * j;
      acc[k]! += i - s;
      acc[k + 1]! += cz;
      if (cmin < acc[k + 2]!) acc[k + 2] = cmin;
      touched = true;
      if (i >= e) break;
    }
    if (touched && (!sameArea || r === h - 1)) {
      touched = false;
      const a = cellAreas[r]!;
      for (let j = 0; j < m; j++) {
        const k = 3 * j;
        const c = acc[k]!;
        if (c === 0) continue;
        cnt[j]! += c;
        area[j]! += c * a;
        za[j]! += acc[k + 1]! * a;
        acc[k] = 0;
        acc[k + 1] = 0;
      }
    }
  }
  const minZ = new Float64Array(m);
  for (let j = 0; j < m; j++) minZ[j] = acc[3 * j + 2]!;
  return { cnt, area, za, minZ };
}
