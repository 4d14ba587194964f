/**
 * Flood polygons: `maskToPolygons` (pixel-edge tracing, holes by label) against d3-contour 4.0.3
 * (marching squares; its hole assignment tests every hole against every polygon) on the same masks,
 * in the same process. Target (issue 3): a noisy 4000² grid in a few seconds.
 *
 * Masks: `noisy` terrain cells below TERRAIN_LEVEL.noisy (every low cell, not only the sea-connected
 * ones: thousands of components and holes, the worst case for both), the sea-connected flood of the
 * same terrain, and the Tokyo 5 m flood at 2 m (real, 21 M cells).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { floodFill, floodDepth } from '@floodzone/core';
import { maskToPolygons } from '@floodzone/zones';
import type { FloatGrid } from '@floodzone/raster';
import {
  BENCH_DIR,
  benchCase,
  loadCached,
  terrainFile,
  TERRAIN_LEVEL,
  tokyo5m,
  tokyoUnavailable,
  type BenchCase,
  type Peer,
  type Suite,
} from './lib/index.js';

interface Input {
  grid: FloatGrid;
  mask: Uint8Array;
  depth: Float32Array;
}

function belowLevel(grid: FloatGrid, level: number): Input {
  const mask = new Uint8Array(grid.data.length);
  const depth = new Float32Array(grid.data.length);
  for (let i = 0; i < mask.length; i++) {
    const z = grid.data[i]!;
    mask[i] = z < level ? 1 : 0;
    depth[i] = z < level ? level - z : NaN;
  }
  return { grid, mask, depth };
}

function seaFlood(grid: FloatGrid, level: number): Input {
  const mask = floodFill(grid, level);
  return { grid, mask, depth: floodDepth(grid, mask, level) };
}

type Contours = (values: ArrayLike<number>) => Array<{ coordinates: number[][][][] }>;

/** d3-contour on the same 0/1 mask at threshold 0.5, unsmoothed (zones depends on it; bench does not). */
function d3Peer(input: () => Input): Peer {
  return {
    name: 'd3-contour 4.0.3 (in process)',
    unavailable: () => undefined,
    async run() {
      const url = pathToFileURL(join(BENCH_DIR, '../packages/zones/node_modules/d3-contour/dist/d3-contour.mjs')).href;
      const d3 = (await import(url)) as { contours(): { size(s: [number, number]): any } };
      const { grid, mask } = input();
      const gen = d3.contours().size([grid.width, grid.height]).smooth(false).thresholds([0.5]) as Contours;
      const t0 = performance.now();
      const mp = gen(mask);
      const ms = performance.now() - t0;
      let rings = 0;
      for (const p of mp[0]!.coordinates) rings += p.length;
      return { ms, wallMs: ms, output: { polygons: mp[0]!.coordinates.length, rings } };
    },
  };
}

function counts(fc: ReturnType<typeof maskToPolygons>): { areas: number; polygons: number; simpleRings: number } {
  let polygons = 0;
  let rings = 0;
  for (const f of fc.features) {
    polygons += f.geometry.coordinates.length;
    for (const p of f.geometry.coordinates) rings += p.length;
  }
  return { areas: fc.features.length, polygons, simpleRings: rings };
}

export const suite: Suite = {
  name: 'vectorize',
  description: 'maskToPolygons vs d3-contour on noisy masks and the Tokyo 5 m flood; target: noisy 4000² in a few seconds',
  cases({ sizes, real, peers, quick }) {
    const cases: BenchCase<any>[] = [];
    for (const m of sizes) {
      const f = terrainFile('noisy', m);
      let cache: Input | undefined;
      const input = () => (cache ??= belowLevel(loadCached(f), TERRAIN_LEVEL.noisy));
      cases.push(
        benchCase<Input>({
          name: `noisy ${m}M, z < ${TERRAIN_LEVEL.noisy}`,
          cells: f.width * f.height,
          setup: input,
          run: ({ grid, mask, depth }) => maskToPolygons(mask, grid, { depth }),
          check: (r) => counts(r as ReturnType<typeof maskToPolygons>),
          peers: peers ? [d3Peer(input)] : [],
          note: "every cell below the level (all components); d3-contour traces the same 0/1 mask at 0.5, unsmoothed; polygons are 4-connected pieces in both (compared), ours grouped into 8-connected areas; ring counts differ by design: ours are split where a ring would touch itself (OGC-simple), d3-contour's are not",
        }),
        benchCase<Input>({
          name: `noisy ${m}M, sea-connected flood`,
          cells: f.width * f.height,
          setup: () => seaFlood(loadCached(f), TERRAIN_LEVEL.noisy),
          run: ({ grid, mask, depth }) => maskToPolygons(mask, grid, { depth }),
          check: (r) => counts(r as ReturnType<typeof maskToPolygons>),
        }),
      );
    }
    if (real && !quick && !tokyoUnavailable()) {
      const t = tokyo5m();
      cases.push(
        benchCase<Input>({
          name: 'Tokyo 5 m flood at 2 m',
          cells: t.width * t.height,
          setup: () => seaFlood(loadCached(t), 2),
          run: ({ grid, mask, depth }) => maskToPolygons(mask, grid, { depth }),
          check: (r) => counts(r as ReturnType<typeof maskToPolygons>),
          process: ['flood', '--dem', t.tif, '--level', '2', '--out', join(BENCH_DIR, '.cache', 'flood-tokyo-2m'), '--json'],
          note: 'process: the whole `floodzone flood --out` (read, flood, vectorize, depth.tif + flood.geojson + summary.json)',
        }),
      );
    }
    return cases;
  },
};
