import { InputError } from '../util/errors.js';

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
 * cells: each cell falls in the bucket of the first level above its W (binary search), and the buckets'
 * count, Σa, Σz·a and min z are accumulated; then volume(L) = L·A(L) − Σ_{W<L} z·a and
 * maxDepth(L) = L − min_{W<L} z. Results come back in the order of `levels`.
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
    if (typeof levels[k] !== 'number' || Number.isNaN(levels[k])) throw new InputError(`levels[${k}] must be a number of metres, got ${JSON.stringify(levels[k])}`, 'levels');
  }
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => levels[a]! - levels[b]!);
  const sorted = new Float64Array(m);
  for (let k = 0; k < m; k++) sorted[k] = levels[order[k]!]!;
  // Bucket j (0..m) collects cells with sorted[j-1] <= W < sorted[j]; they flood at levels j..m-1.
  const cnt = new Float64Array(m + 1);
  const area = new Float64Array(m + 1);
  const za = new Float64Array(m + 1);
  const minz = new Float64Array(m + 1).fill(Infinity);
  for (let r = 0; r < h; r++) {
    const a = cellAreas[r]!;
    for (let i = r * width, e = i + width; i < e; i++) {
      const wv = W[i]!;
      if (!(wv < sorted[m - 1]!)) continue; // NaN, or floods at no level asked
      // First j with sorted[j] > wv.
      let lo = 0;
      let hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! > wv) hi = mid;
        else lo = mid + 1;
      }
      const zv = dem[i]!;
      cnt[lo]!++;
      area[lo]! += a;
      za[lo]! += zv * a;
      if (zv < minz[lo]!) minz[lo] = zv;
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
