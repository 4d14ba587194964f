/**
 * floodFill (sea-connected flood from the border) on seeded terrains and the Tokyo 5 m DEM, side by
 * side with scipy.ndimage.label (label z < L, keep the components touching the border) and GRASS
 * r.lake from one seed in Tokyo Bay (compared with our floodFill from the same seed). Targets
 * (issue 3): ≥ 150 Mcells/s and ≥ 3× scipy on Tokyo 5 m, ≤ 6 B/cell.
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
        const lakeSeed = t.width * t.height - 1; // r.lake's seed cell (see the peer below)
        cases.push(
          benchCase({
            name: 'Tokyo 5 m 21M',
            cells: t.width * t.height,
            setup: () => loadCached(t),
            run: (dem) => floodFill(dem, TOKYO_LEVEL),
            warmup: 2,
            runs: 5,
            check: (r, dem) => ({
              flooded: count(r as Uint8Array),
              // r.lake's flood from one seed, untimed: the same seed, and the level as the float32 r.lake reads.
              lakeCells: count(floodFill(dem, Math.fround(TOKYO_LEVEL), { sea: { kind: 'seeds', cells: [lakeSeed] } })),
            }),
            peers: peers
              ? [
                  scipyFlood(t.raw, t.width, t.height, TOKYO_LEVEL, 8),
                  // r.lake floods from one seed point, not from the whole border: the centre of the
                  // last cell (SE corner, Tokyo Bay at −18 m), compared with `lakeCells` above.
                  grassLake(t.tif, TOKYO_LEVEL, x0 + dx * (t.width - 0.5), y0 + dy * (t.height - 0.5)),
                ]
              : [],
            process: ['flood', '--dem', t.tif, '--level', String(TOKYO_LEVEL), '--json'],
            note: `Tokyo port 50 m DEM upsampled ×10 to 5 m (bench/.cache), level T.P.+${TOKYO_LEVEL} m; GRASS r.lake floods from one seed in the bay (lakeCells: ours from the same seed)`,
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
