import { expect } from 'vitest';
import type { LevelCurvePoint } from '../../src/index.js';

/** flooded(L) ⟺ W < L, summed cell by cell at one level after another: the definition, no buckets. */
export function naiveLevelCurve(W: Float32Array, z: Float32Array, areas: Float64Array, w: number, levels: ArrayLike<number>) {
  return Array.from(levels, (L) => {
    let cells = 0, area = 0, volume = 0, minZ = Infinity, scale = 1;
    for (let i = 0; i < W.length; i++) {
      if (!(W[i]! < L)) continue;
      const a = areas[Math.floor(i / w)]!;
      cells++;
      area += a;
      volume += (L - z[i]!) * a;
      scale += (Math.abs(L) + Math.abs(z[i]!)) * a;
      if (z[i]! < minZ) minZ = z[i]!;
    }
    return { cells, area, volume, maxDepth: cells > 0 ? L - minZ : 0, scale };
  });
}

/** `got` equals the definition: the same cells and max depth, area and volume up to summation order. */
export function expectMatchesNaive(got: LevelCurvePoint[], W: Float32Array, z: Float32Array, areas: Float64Array, w: number, levels: ArrayLike<number>, what: string): void {
  const want = naiveLevelCurve(W, z, areas, w, levels);
  expect(got.length).toBe(levels.length);
  for (let k = 0; k < levels.length; k++) {
    const g = got[k]!, n = want[k]!;
    const at = `${what}, levels[${k}] = ${levels[k]}`;
    expect(g.level, at).toBe(levels[k]);
    expect(g.floodedCells, at).toBe(n.cells);
    // Sums in another order: equal to rounding, at most about k·ε·Σ|terms| each way for k terms.
    const tol = 2 * Number.EPSILON * (n.cells + 2) * n.scale;
    expect(Math.abs(g.floodedArea_m2 - n.area), at).toBeLessThanOrEqual(tol);
    expect(Math.abs(g.volume_m3 - n.volume), at).toBeLessThanOrEqual(tol);
    expect(g.maxDepth, at).toBe(n.maxDepth);
  }
}
