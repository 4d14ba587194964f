/**
 * spillLevels (priority-flood W grid) on seeded terrains and the Tokyo 5 m DEM, with SAGA's Fill Sinks
 * XXL (Wang & Liu) as a whole process beside `floodzone spill`; and the 100-level scenario table from
 * one W grid (`levelCurve`) against a single flood fill on the same DEM. Targets (issue 5): spillLevels
 * ≥ 20 Mcells/s and ≤ 13 B/cell on Tokyo 5 m; `floodzone spill` ≥ 10× faster than SAGA; 100 levels
 * from W no slower than one flood fill.
 */
import { floodFill, floodStats, levelCurve, spillLevels } from '@floodzone/core';
import type { FloatGrid } from '@floodzone/raster';
import { writeGeoTiffFile } from '@floodzone/raster/node';
import { join } from 'node:path';
import { TOKYO_LEVEL } from './flood.js';
import {
  benchCase,
  CACHE_DIR,
  loadCached,
  sagaFillSinks,
  terrainFile,
  TERRAIN_KINDS,
  tokyo5m,
  tokyoUnavailable,
  type BenchCase,
  type Suite,
} from './lib/index.js';

function nanCount(w: Float32Array): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== w[i]) n++;
  return n;
}

/** 100 levels from −2 m to 7.9 m in 0.1 m steps. */
const LEVELS = Array.from({ length: 100 }, (_, k) => -2 + k * 0.1);

export const suite: Suite = {
  name: 'spill',
  description: 'spillLevels (W grid, border sources) and levelCurve ×100; targets ≥ 20 Mcells/s, ≤ 13 B/cell, 10× SAGA Fill Sinks XXL on Tokyo 5 m',
  cases({ sizes, quick, real, peers }) {
    const cases: BenchCase<any>[] = [];
    for (const m of quick ? [sizes[0]!] : sizes) {
      for (const kind of TERRAIN_KINDS) {
        const f = terrainFile(kind, m);
        cases.push(
          benchCase({
            name: `${kind} ${m}M`,
            cells: f.width * f.height,
            setup: () => loadCached(f),
            run: (dem) => spillLevels(dem).level,
            check: (r) => ({ nan: nanCount(r as Float32Array) }),
            runs: m >= 16 ? 1 : quick ? 1 : 3,
          }),
        );
      }
    }
    if (real && !quick) {
      const why = tokyoUnavailable();
      if (why === undefined) {
        const t = tokyo5m();
        const cells = t.width * t.height;
        cases.push(
          benchCase({
            name: 'Tokyo 5 m 21M',
            cells,
            setup: () => loadCached(t),
            run: (dem) => spillLevels(dem).level,
            // The same count SAGA's peer reports: cells the depression filling raised (W > z).
            check: (r, dem) => ({ raised: raisedCount(r as Float32Array, dem.data) }),
            runs: 3,
            peers: peers ? [sagaFillSinks(t.tif)] : [],
            process: ['spill', '--dem', t.tif, '--out', join(CACHE_DIR, 'peer-out', 'floodzone-spill.tif'), '--json'],
            note: 'W with border sources = the depression-filled DEM (SAGA compared as whole processes)',
          }),
        );
        cases.push(
          benchCase({
            name: 'Tokyo 5 m 21M, --compress none',
            cells,
            setup: () => {
              const dem = loadCached(t);
              return { dem, W: spillLevels(dem).level };
            },
            // timed: the write of W uncompressed; the process is `floodzone spill --compress none`,
            // the like-for-like peer of SAGA, which writes an uncompressed .sdat
            run: ({ dem, W }: { dem: FloatGrid; W: Float32Array }) =>
              writeGeoTiffFile(join(CACHE_DIR, 'peer-out', 'floodzone-spill-none.tif'), { ...dem, data: W, nodata: null }, { compression: 'none' }),
            check: (_r, { dem, W }: { dem: FloatGrid; W: Float32Array }) => ({ raised: raisedCount(W, dem.data) }),
            runs: 3,
            memory: false,
            peers: peers ? [sagaFillSinks(t.tif)] : [],
            process: ['spill', '--dem', t.tif, '--out', join(CACHE_DIR, 'peer-out', 'floodzone-spill-none.tif'), '--compress', 'none', '--json'],
            note: 'the timed run is only the uncompressed write of W (84.6 MB); compare the process column with the row above',
          }),
        );
        cases.push(
          benchCase({
            name: 'Tokyo 5 m levelCurve ×100',
            cells,
            setup: () => {
              const dem = loadCached(t);
              return { dem, W: spillLevels(dem).level, areas: new Float64Array(dem.height).fill(25) };
            },
            run: ({ dem, W, areas }: { dem: FloatGrid; W: Float32Array; areas: Float64Array }) => levelCurve(W, dem.data, areas, dem.width, LEVELS),
            runs: 5,
            memory: false,
            note: '100 levels (−2 … 7.9 m) from one W grid; compare with the next rows (one flood fill; one flood fill and its stats, i.e. one row of the table the slow way)',
          }),
        );
        cases.push(
          benchCase({
            name: `Tokyo 5 m one floodFill (${TOKYO_LEVEL} m)`,
            cells,
            setup: () => loadCached(t),
            run: (dem) => floodFill(dem, TOKYO_LEVEL),
            runs: 5,
            memory: false,
          }),
        );
        cases.push(
          benchCase({
            name: `Tokyo 5 m one floodFill + floodStats (${TOKYO_LEVEL} m)`,
            cells,
            setup: () => {
              const dem = loadCached(t);
              return { dem, areas: new Float64Array(dem.height).fill(25) };
            },
            run: ({ dem, areas }: { dem: FloatGrid; areas: Float64Array }) => floodStats(dem, floodFill(dem, TOKYO_LEVEL), TOKYO_LEVEL, areas),
            check: (r) => ({ flooded: (r as { floodedCells: number }).floodedCells }),
            runs: 5,
            memory: false,
            note: 'what one row of the levelCurve table costs without W: the flood fill, then its cells, area and volume',
          }),
        );
      }
    }
    return cases;
  },
};

/** Cells whose spill level is above the ground: the cells a depression filling raises. */
function raisedCount(W: Float32Array, z: Float32Array): number {
  let n = 0;
  for (let i = 0; i < W.length; i++) if (W[i]! > z[i]!) n++;
  return n;
}
