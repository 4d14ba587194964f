import { InputError } from '../util/errors.js';
import { describeValue } from './validate.js';

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
 * cells: each cell falls in the bucket of the first level above its W (two exact comparisons while it
 * stays in its neighbour's bucket, else arithmetic or a lookup table, then exact comparisons), and the buckets' count, Σa, Σz·a and min z are accumulated (per row, then × the row's
 * cell area); then volume(L) = L·A(L) − Σ_{W<L} z·a and maxDepth(L) = L − min_{W<L} z. Results come
 * back in the order of `levels`.
 */
export function levelCurve(W: Float32Array, dem: Float32Array, cellAreas: Float64Array, width: number, levels: ArrayLike<number>): LevelCurvePoint[] {
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
  // Bucket j (0..m) collects cells with sorted[j-1] <= W < sorted[j]; they flood at levels j..m-1.
  // The bucket of a W value: a lookup table over [sorted[0], sorted[m-1]] gives the first candidate,
  // then a short exact step forward (the table only narrows the search, comparisons stay exact).
  const cnt = new Float64Array(m + 1);
  const area = new Float64Array(m + 1);
  const za = new Float64Array(m + 1);
  const minz = new Float64Array(m + 1).fill(Infinity);
  const rowCnt = new Int32Array(m + 1);
  const rowZ = new Float64Array(m + 1);
  const lo = sorted[0]!;
  const hi = sorted[m - 1]!;
  // Slot table over [lo, hi): slot t holds the bucket when no level lies within one slot of it (then
  // every W that lands in t, rounding included, has that bucket), else −1: compare exactly.
  const T = 1 << 16;
  const tscale = hi > lo && Number.isFinite(hi - lo) ? T / (hi - lo) : 0;
  const table = new Int32Array(T + 1);
  {
    const slotOf = (v: number): number => Math.min(T, Math.max(0, Math.floor((v - lo) * tscale)));
    for (let t = 0, j = 0; t <= T; t++) {
      const v = lo + t / tscale;
      while (j < m && sorted[j]! <= v) j++;
      table[t] = j;
    }
    for (let k = 0; k < m; k++) {
      const t = slotOf(sorted[k]!);
      for (let u = t - 2; u <= t + 2; u++) if (u >= 0 && u <= T) table[u] = -1;
    }
    if (tscale === 0) table.fill(-1);
  }
  // Evenly spaced levels (within a quarter step): compute the bucket instead of looking it up.
  const stepL = m > 1 ? (hi - lo) / (m - 1) : 0;
  let uniform = m > 1 && stepL > 0 && Number.isFinite(stepL);
  for (let k = 0; uniform && k < m; k++) if (Math.abs(sorted[k]! - (lo + k * stepL)) > stepL / 4) uniform = false;
  const invStep = uniform ? 1 / stepL : 0;
  for (let r = 0; r < h; r++) {
    const a = cellAreas[r]!;
    let touched = false;
    // Neighbouring cells mostly share a bucket: accumulate the current bucket in locals and flush on
    // change (a plain histogram update stalls on the store-to-load chain of the same counter). A cell
    // stays in the current bucket iff bl <= W < bh (its two bounding levels: two exact comparisons,
    // no arithmetic); NaN fails them, and so does W >= hi (bh <= hi).
    let cj = -1;
    let cc = 0;
    let cz = 0;
    let cmin = Infinity;
    let bl = Infinity;
    let bh = -Infinity;
    for (let i = r * width, e = i + width; i < e; i++) {
      const wv = W[i]!;
      if (wv >= bl && wv < bh) {
        const zv = dem[i]!;
        cc++;
        cz += zv;
        if (zv < cmin) cmin = zv;
        continue;
      }
      if (!(wv < hi)) continue; // NaN, or floods at none of the levels asked
      let j: number;
      if (wv < lo) j = 0;
      else if (uniform) {
        // Evenly spaced levels: the bucket from arithmetic, then exact comparisons (rarely a step).
        j = (((wv - lo) * invStep) | 0) + 1;
        if (j > m - 1) j = m - 1;
        while (j > 0 && sorted[j - 1]! > wv) j--;
        while (sorted[j]! <= wv) j++;
      } else {
        const t = ((wv - lo) * tscale) | 0;
        j = table[t < T ? t : T]!;
        if (j < 0) {
          // First j with sorted[j] > wv (exists: wv < hi).
          let a0 = 0;
          let b0 = m - 1;
          while (a0 < b0) {
            const mid = (a0 + b0) >>> 1;
            if (sorted[mid]! > wv) b0 = mid;
            else a0 = mid + 1;
          }
          j = a0;
        }
      }
      if (cj >= 0) {
        rowCnt[cj]! += cc;
        rowZ[cj]! += cz;
        if (cmin < minz[cj]!) minz[cj] = cmin;
      }
      const zv = dem[i]!;
      cj = j;
      cc = 1;
      cz = zv;
      cmin = zv;
      bl = j > 0 ? sorted[j - 1]! : -Infinity;
      bh = sorted[j]!;
    }
    if (cj >= 0) {
      rowCnt[cj]! += cc;
      rowZ[cj]! += cz;
      if (cmin < minz[cj]!) minz[cj] = cmin;
      touched = true;
    }
    if (touched) {
      for (let j = 0; j < m; j++) {
        const c = rowCnt[j]!;
        if (c === 0) continue;
        cnt[j]! += c;
        area[j]! += c * a;
        za[j]! += rowZ[j]! * a;
        rowCnt[j] = 0;
        rowZ[j] = 0;
      }
    }
  }
  const out: LevelCurvePoint[] = new Array(m);
  let c = 0, A = 0, ZA = 0, mz = Infinity;
  for (let j = 0; j < m; j++) {
    c += cnt[j]!;
    A += area[j]!;
    ZA += za[j]!;
    if (minz[j]! < mz) mz = minz[j]!;
    const L = sorted[j]!;
    out[order[j]!] = { level: L, floodedCells: c, floodedArea_m2: A, volume_m3: c > 0 ? L * A - ZA : 0, maxDepth: c > 0 ? L - mz : 0 };
  }
  return out;
}
