/**
 * floodFill (sea-connected flood from the border) on seeded terrains and the Tokyo 5 m DEM, side by
 * side with scipy.ndimage.label (label z < L, keep the components touching the border) and GRASS
 * r.lake when installed. Targets (issue 3): ≥ 150 Mcells/s and ≥ 3× scipy on Tokyo 5 m, ≤ 6 B/cell.
 */
import { floodFill } from '@floodzone/core';
import type { FloatGrid } from '@floodzone/raster';
import {
  benchCase,
  grassLake,
  loadCached,
  scipyFlood,
  terrainFile,
  TERRAIN_KINDS,
  TERRAIN_LEVEL,
  tokyo5m,
  tokyoUnavailable,
  type BenchCase,
  type Suite,
} from './lib/index.js';

/** Level for the Tokyo case: T.P. + 2 m floods about half of the 21 M cells (11.3 M). */
export const TOKYO_LEVEL = 2;

function count(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

export const suite: Suite = {
  name: 'flood',
  description: 'floodFill from the border (8-connected); targets ≥ 150 Mcells/s, ≥ 3× scipy and ≤ 6 B/cell on Tokyo 5 m',
  cases({ sizes, quick, real, peers }) {
    const cases: BenchCase<any>[] = [];
    for (const m of quick ? [sizes[0]!] : sizes) {
      for (const kind of TERRAIN_KINDS) {
        const level = TERRAIN_LEVEL[kind];
        const f = terrainFile(kind, m);
        cases.push(
          benchCase({
            name: `${kind} ${m}M`,
            cells: f.width * f.height,
            setup: () => loadCached(f),
            run: (dem) => floodFill(dem, level),
            check: (r) => ({ flooded: count(r as Uint8Array) }),
            peers: peers ? [scipyFlood(f.raw, f.width, f.height, level, 8)] : [],
            warmup: 3,
            note: `${kind}: level ${level} m`,
          }),
        );
      }
    }
    if (real && !quick) {
      const why = tokyoUnavailable();
      if (why === undefined) {
        const t = tokyo5m();
        const [x0, dx, , y0, , dy] = t.transform;
        cases.push(
          benchCase({
            name: 'Tokyo 5 m 21M',
            cells: t.width * t.height,
            setup: () => loadCached(t),
            run: (dem) => floodFill(dem, TOKYO_LEVEL),
            warmup: 2,
            runs: 5,
            check: (r) => ({ flooded: count(r as Uint8Array) }),
            peers: peers
              ? [
                  scipyFlood(t.raw, t.width, t.height, TOKYO_LEVEL, 8),
                  // r.lake floods from one seed (the first cell's centre), not from the whole border.
                  grassLake(t.tif, TOKYO_LEVEL, x0 + dx / 2, y0 + dy / 2),
                ]
              : [],
            process: ['flood', '--dem', t.tif, '--level', String(TOKYO_LEVEL), '--json'],
            note: `Tokyo port 50 m DEM upsampled ×10 to 5 m (bench/.cache), level T.P.+${TOKYO_LEVEL} m; r.lake seeds one point only`,
          }),
          benchCase({
            name: 'Tokyo 5 m 21M, reused out',
            cells: t.width * t.height,
            setup: () => {
              const dem = loadCached(t);
              return { dem, out: new Uint8Array(dem.width * dem.height).fill(1) };
            },
            run: ({ dem, out }: { dem: FloatGrid; out: Uint8Array }) => floodFill(dem, TOKYO_LEVEL, { out }),
            warmup: 2,
            runs: 5,
            memory: false,
            check: (r) => ({ flooded: count(r as Uint8Array) }),
            peers: peers ? [scipyFlood(t.raw, t.width, t.height, TOKYO_LEVEL, 8)] : [],
            note: 'the same flood into a caller-supplied result buffer (options.out): no first-touch page faults, as when flooding many levels',
          }),
        );
      } else process.stderr.write(`flood: Tokyo 5 m case ${why}\n`);
    }
    return cases;
  },
};
