import type { FloatGrid } from '@floodzone/raster';
import { rasterizeBarriers, type FloodOptions } from '../../src/index.js';
import { rng } from '../../../../test-support/random.js';

export { rng };

export function grid(width: number, height: number, data: ArrayLike<number>): FloatGrid {
  return { data: Float32Array.from(data), width, height, transform: [0, 1, 0, 0, 0, -1], crs: null, nodata: null };
}

/** Rows of numbers written out; `null` = nodata. */
export function rows(...r: (number | null)[][]): FloatGrid {
  return grid(r[0]!.length, r.length, r.flat().map((v) => (v === null ? NaN : v)));
}

/** Random DEM: integer-ish elevations 0..k (ties on purpose) or smooth noise, with a nodata fraction. */
export function randomDem(rand: () => number, w: number, h: number, nodata: number, ties: boolean): FloatGrid {
  const d = new Float32Array(w * h);
  const bx = rand() * 6, by = rand() * 6;
  for (let i = 0; i < w * h; i++) {
    const r = Math.floor(i / w), c = i % w;
    const base = 3 + 2 * Math.sin(c / (1 + bx)) + 2 * Math.cos(r / (1 + by));
    d[i] = ties ? Math.floor(rand() * 8) : base + rand() * 3;
    if (rand() < nodata) d[i] = NaN;
  }
  return grid(w, h, d);
}

export function maskToString(m: Uint8Array, w: number): string {
  const out: string[] = [];
  for (let i = 0; i < m.length; i += w) out.push(Array.from(m.subarray(i, i + w)).join(''));
  return out.join('\n');
}

/**
 * A seeded random flood problem: a grid of 1–40 × 1–40 cells (ties or smooth noise, maybe nodata), 4 or
 * 8 connectivity, nodata conducting or not, border / mask / seed sources, and sometimes barrier lines.
 */
export function randomCase(seed: number) {
  const rand = rng(seed);
  const w = 1 + Math.floor(rand() * (rand() < 0.3 ? 6 : 40));
  const h = 1 + Math.floor(rand() * (rand() < 0.3 ? 6 : 40));
  const ties = rand() < 0.5;
  const dem = randomDem(rand, w, h, rand() < 0.4 ? rand() * 0.3 : 0, ties);
  const opts: FloodOptions = { connectivity: rand() < 0.5 ? 4 : 8, nodataIsSea: rand() < 0.4 };
  const kind = rand();
  if (kind < 0.3) {
    const mask = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) mask[i] = rand() < 0.05 ? 1 : 0;
    opts.sea = { kind: 'mask', mask };
  } else if (kind < 0.5) {
    opts.sea = { kind: 'seeds', cells: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Math.floor(rand() * w * h)) };
  }
  if (rand() < 0.4) {
    const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
      points: Array.from({ length: 2 * (2 + Math.floor(rand() * 3)) }, (_, k) => (k % 2 === 0 ? rand() * w : rand() * h)),
      crest: ties ? Math.floor(rand() * 10) : rand() * 9,
    }));
    try {
      opts.barriers = rasterizeBarriers(lines, w, h);
    } catch {
      /* a random line can miss the grid */
    }
  }
  return { dem, opts, rand };
}
