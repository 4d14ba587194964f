import { rng } from '../../../test-support/random.js';

/** A seeded rough surface (a random walk along each row) with a share `holes` of NaN cells, w × h. */
export function terrain(w: number, h: number, seed: number, holes = 0.1): Float32Array {
  const rnd = rng(seed);
  const d = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    let v = rnd() * 10;
    for (let c = 0; c < w; c++) {
      v += rnd() - 0.5;
      d[r * w + c] = rnd() < holes ? NaN : v * 1.37;
    }
  }
  return d;
}
