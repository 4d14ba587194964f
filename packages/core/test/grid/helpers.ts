import type { FloatGrid } from '@floodzone/raster';

export { rng } from '../../../../test-support/random.js';

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
