/**
 * The floating-point predictor (3) is undone word by word (tiles, and strips whose width is a multiple
 * of 4, read from column 0) or byte by byte (other strips, windows from another column): both must give
 * back every float32 bit pattern written. Random finite bit patterns exercise every byte's carry, in
 * every plane.
 */
import { describe, expect, it } from 'vitest';
import { rng } from '../../../test-support/random.js';
import { encodeGeoTiff, readRaster, type PixelWindow } from '../src/index.js';
import { nodeInflate } from '../src/node.js';
import { stripTiff } from './strip-tiff.js';

const T: [number, number, number, number, number, number] = [0, 5, 0, 0, 0, -5];

/** Random finite float32 bit patterns (subnormals and −0 included; never ±∞, NaN or the −9999 nodata). */
function randomBits(n: number, seed: number): Float32Array {
  const rnd = rng(seed);
  const u = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let v = Math.floor(rnd() * 2 ** 32) >>> 0;
    if (((v >>> 23) & 255) === 255) v ^= 1 << 23; // exponent all ones (∞, NaN): clear one bit
    u[i] = v;
  }
  const f = new Float32Array(u.buffer);
  for (let i = 0; i < n; i++) if (f[i] === -9999) f[i] = 1;
  return f;
}

/** Cells whose bits differ. */
function bitDiffs(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let d = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) d++;
  return d;
}

function cut(data: Float32Array, w: number, [c0, r0, c1, r1]: PixelWindow): Float32Array {
  const out = new Float32Array((c1 - c0) * (r1 - r0));
  for (let y = r0; y < r1; y++) out.set(data.subarray(y * w + c0, y * w + c1), (y - r0) * (c1 - c0));
  return out;
}

describe('predictor 3: every float32 bit pattern comes back (seeded)', () => {
  it('tiles of 16 to 512 columns on grids of odd sizes, whole and in windows', async () => {
    const rnd = rng(33);
    for (let k = 0; k < 40; k++) {
      const w = 1 + Math.floor(rnd() * 700);
      const h = 1 + Math.floor(rnd() * 40);
      const tileSize = [16, 32, 48, 64, 128, 256, 512][k % 7]!;
      const data = randomBits(w * h, 100 + k);
      const bytes = encodeGeoTiff({ data, width: w, height: h, transform: T, crs: null, nodata: null }, { tileSize });
      const what = `${w}×${h} in ${tileSize}² tiles`;
      expect(bitDiffs((await readRaster(bytes, { name: 'p.tif' })).data, data), what).toBe(0);
      for (let j = 0; j < 3; j++) {
        // from column 0 (the word path) or another column (the byte path), ending anywhere
        const c0 = j === 0 ? 0 : Math.floor(rnd() * w);
        const r0 = Math.floor(rnd() * h);
        const win: PixelWindow = [c0, r0, c0 + 1 + Math.floor(rnd() * (w - c0)), r0 + 1 + Math.floor(rnd() * (h - r0))];
        expect(bitDiffs((await readRaster(bytes, { name: 'p.tif', window: win })).data, cut(data, w, win)), `${what}, window ${win}`).toBe(0);
      }
    }
  });

  it('strips of widths a multiple of 4 or not, up to 2,052 columns (plane totals folded every 128 words)', async () => {
    for (const w of [1, 3, 4, 5, 508, 512, 516, 1030, 1032, 2052]) {
      const h = 5;
      const data = randomBits(w * h, w);
      const bytes = stripTiff(data, w, h, 2, 3);
      expect(bitDiffs((await readRaster(bytes, { name: 's.tif', inflate: nodeInflate })).data, data), `width ${w}`).toBe(0);
      expect(bitDiffs((await readRaster(bytes, { name: 's.tif' })).data, data), `width ${w}, fflate`).toBe(0);
    }
  });
});
