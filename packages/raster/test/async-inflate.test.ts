/**
 * The asynchronous inflate path (`inflateAsync`: node:zlib on the libuv threadpool, several tiles in
 * flight) must give exactly the grid of the synchronous path, for tiles and strips, predictors 1, 2
 * and 3, windows, sparse blocks, and the same errors. Files are built here (no GDAL needed): tiles by
 * `encodeGeoTiff`, strips by a small writer below.
 */
import { describe, expect, it } from 'vitest';
import { rng as mulberry32 } from '../../../test-support/random.js';
import { encodeGeoTiff, InputError, readRaster, type GridData, type ReadRasterOptions } from '../src/index.js';
import { nodeInflate, nodeInflateAsync } from '../src/node.js';
import { countDiffs } from './gdal.js';
import { stripTiff } from './strip-tiff.js';

const T: [number, number, number, number, number, number] = [1000, 5, 0, 9000, 0, -5];

/** A seeded random walk per row (compressible like a DEM), as Float32 or rounded Int16. */
function surface(w: number, h: number, seed: number, int16 = false): GridData {
  const rnd = mulberry32(seed);
  const a = int16 ? new Int16Array(w * h) : new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let v = rnd() * 100;
    for (let x = 0; x < w; x++) {
      v += rnd() - 0.5;
      a[y * w + x] = int16 ? Math.round(v * 10) : rnd() < 0.05 ? -9999 : v;
    }
  }
  return a;
}

/** node:zlib's async inflate behind a seeded random delay, so tiles finish out of order. */
function shuffledInflate(seed: number) {
  const rnd = mulberry32(seed);
  return (d: Uint8Array, n: number) =>
    new Promise<Uint8Array>((resolve, reject) => setTimeout(() => nodeInflateAsync(d, n).then(resolve, reject), Math.floor(rnd() * 3)));
}

async function both(bytes: Uint8Array, options: ReadRasterOptions = {}) {
  const sync = await readRaster(bytes, { name: 'x.tif', inflate: nodeInflate, ...options });
  const fflate = await readRaster(bytes, { name: 'x.tif', ...options });
  const async = await readRaster(bytes, { name: 'x.tif', inflate: nodeInflate, inflateAsync: nodeInflateAsync, ...options });
  const shuffled = await readRaster(bytes, { name: 'x.tif', inflateAsync: shuffledInflate(7), inflateConcurrency: 5, ...options });
  return { sync, fflate, async, shuffled };
}

function sameBits(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  expect(x.length).toBe(y.length);
  let d = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) d++;
  return d;
}

const W = 301;
const H = 203;
const CASES: Record<string, () => Uint8Array> = {
  'tiles 32², Float32, predictor 3': () => encodeGeoTiff({ data: surface(W, H, 1), width: W, height: H, transform: T, crs: null, nodata: -9999 }, { tileSize: 32 }),
  'tiles 64², Float32, no predictor': () => encodeGeoTiff({ data: surface(W, H, 2), width: W, height: H, transform: T, crs: null, nodata: -9999 }, { tileSize: 64, predictor: false }),
  'tiles 48², Int16, predictor 2': () => encodeGeoTiff({ data: surface(W, H, 3, true), width: W, height: H, transform: T, crs: null, nodata: null }, { tileSize: 48 }),
  'tiles 16², Float64, predictor 3': () => {
    const f = surface(W, H, 4) as Float32Array;
    return encodeGeoTiff({ data: Float64Array.from(f, (v) => v * 1.0000001), width: W, height: H, transform: T, crs: null, nodata: -9999 }, { tileSize: 16 });
  },
  'strips of 7 rows, Float32, predictor 3': () => stripTiff(surface(W, H, 5) as Float32Array, W, H, 7, 3),
  'strips of 10 rows, Int16, predictor 2': () => stripTiff(surface(W, H, 6, true) as Int16Array, W, H, 10, 2),
  'strips of 1 row, Float32, no predictor': () => stripTiff(surface(W, H, 7) as Float32Array, W, H, 1, 1),
  'strips of 16 rows with a sparse strip, Float32, predictor 3': () => stripTiff(surface(W, H, 8) as Float32Array, W, H, 16, 3, 3),
};

describe('asynchronous inflate equals the synchronous path', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`${name}: whole grid and windows, bit for bit`, async () => {
      const bytes = make();
      const r = await both(bytes);
      expect(r.sync.width).toBe(W);
      expect(sameBits(r.async.data, r.sync.data)).toBe(0);
      expect(sameBits(r.shuffled.data, r.sync.data)).toBe(0);
      expect(sameBits(r.fflate.data, r.sync.data)).toBe(0);
      // nodata became NaN and real values came through (the file is not trivially empty)
      expect(countDiffs(r.sync.data, new Float32Array(W * H))).toBeGreaterThan(W * H * 0.9);
      const rnd = mulberry32(name.length);
      for (let k = 0; k < 6; k++) {
        const c0 = Math.floor(rnd() * (W - 1));
        const r0 = Math.floor(rnd() * (H - 1));
        const c1 = c0 + 1 + Math.floor(rnd() * (W - c0 - 1));
        const r1 = r0 + 1 + Math.floor(rnd() * (H - r0 - 1));
        const win = [c0, r0, c1, r1] as const;
        const w = await both(bytes, { window: win });
        const cut = new Float32Array((c1 - c0) * (r1 - r0));
        for (let y = r0; y < r1; y++) cut.set(r.sync.data.subarray(y * W + c0, y * W + c1), (y - r0) * (c1 - c0));
        expect(sameBits(w.sync.data, cut)).toBe(0);
        expect(sameBits(w.async.data, cut)).toBe(0);
        expect(sameBits(w.shuffled.data, cut)).toBe(0);
      }
    });
  }

  it('progress is reported in order up to the total', async () => {
    const bytes = CASES['tiles 32², Float32, predictor 3']!();
    const calls: [number, number][] = [];
    await readRaster(bytes, { inflateAsync: shuffledInflate(3), onProgress: (d, t) => calls.push([d, t]) });
    const total = Math.ceil(W / 32) * Math.ceil(H / 32);
    expect(calls.at(-1)).toEqual([total, total]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
  });

  it('a corrupt tile gives the same InputError as the synchronous path, and nothing is left unhandled', async () => {
    const bytes = CASES['tiles 32², Float32, predictor 3']!().slice();
    // break the zlib stream of a tile in the middle: overwrite its bytes after the 2-byte header
    const dv = new DataView(bytes.buffer);
    const r = await readRaster(bytes, { name: 'x.tif' });
    expect(r.width).toBe(W);
    const ifd = dv.getUint32(4, true);
    let offsets = 0;
    for (let i = 0; i < dv.getUint16(ifd, true); i++) if (dv.getUint16(ifd + 2 + i * 12, true) === 324) offsets = dv.getUint32(ifd + 2 + i * 12 + 8, true);
    const tile = 37;
    const at = dv.getUint32(offsets + tile * 4, true);
    bytes.fill(0xff, at + 2, at + 40);
    const sync = await readRaster(bytes, { name: 'x.tif', inflate: nodeInflate }).catch((e: unknown) => e);
    const async = await readRaster(bytes, { name: 'x.tif', inflateAsync: nodeInflateAsync }).catch((e: unknown) => e);
    expect(sync).toBeInstanceOf(InputError);
    expect(async).toBeInstanceOf(InputError);
    expect((async as Error).message).toBe((sync as Error).message);
    expect((async as Error).message).toMatch(/x\.tif: corrupt DEFLATE data in tile 37/);
  });

  it('a truncated file gives the same InputError as the synchronous path', async () => {
    const bytes = CASES['strips of 7 rows, Float32, predictor 3']!();
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.7));
    const sync = await readRaster(cut, { name: 'cut.tif', inflate: nodeInflate }).catch((e: unknown) => e);
    const async = await readRaster(cut, { name: 'cut.tif', inflateAsync: nodeInflateAsync }).catch((e: unknown) => e);
    expect((sync as Error).message).toMatch(/cut\.tif: truncated TIFF \(strip \d+/);
    expect((async as Error).message).toBe((sync as Error).message);
  });

  it('an abort while tiles are in flight stops the read', async () => {
    const bytes = CASES['tiles 16², Float64, predictor 3']!();
    const ac = new AbortController();
    let calls = 0;
    const p = readRaster(bytes, {
      inflateAsync: (d, n) => {
        if (++calls === 20) ac.abort(new DOMException('stop', 'AbortError'));
        return nodeInflateAsync(d, n);
      },
      signal: ac.signal,
    });
    await expect(p).rejects.toThrow(/stop/);
    expect(calls).toBeLessThan(Math.ceil(W / 16) * Math.ceil(H / 16));
  });
});
