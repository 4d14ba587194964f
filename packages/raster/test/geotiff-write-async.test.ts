/**
 * The asynchronous writer (`encodeGeoTiffNodeAsync`: node:zlib deflate on the libuv threadpool while
 * the main thread applies the predictor) writes the same bytes as the synchronous one; the
 * floating-point predictor kernel equals a plain transcription of libtiff's fpDiff; and
 * `compression: 'none'` writes the grid's bytes as they are. No GDAL needed (the GDAL checks of these
 * files are in geotiff-write.test.ts).
 */
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rng } from '../../../test-support/random.js';
import { encodeGeoTiff, encodeGeoTiffParts, encodeGeoTiffPartsAsync, InputError, readRaster, type Affine, type Grid, type GridData } from '../src/index.js';
import { encodeGeoTiffNode, encodeGeoTiffNodeAsync, encodeGeoTiffPartsNodeAsync, nodeDeflateAsync } from '../src/node.js';
import { terrain } from './terrain.js';
import { countDiffs } from './gdal.js';

const T: Affine = [-20000, 5, 0, 40000, 0, -5];


const GRIDS: [string, Grid<GridData>, { tileSize?: number; predictor?: boolean; level?: number }][] = [
  ['Float32 NaN nodata, 256² tiles', { data: terrain(601, 333, 1), width: 601, height: 333, transform: T, crs: null, nodata: null }, {}],
  ['Float32 nodata -9999, 32² tiles, level 1', { data: terrain(301, 203, 2), width: 301, height: 203, transform: T, crs: null, nodata: -9999 }, { tileSize: 32, level: 1 }],
  ['Float32 no predictor, 48² tiles', { data: terrain(200, 100, 3), width: 200, height: 100, transform: T, crs: null, nodata: null }, { tileSize: 48, predictor: false }],
  ['Float64, 16² tiles', { data: Float64Array.from(terrain(77, 65, 4), (v) => v * 1.000001), width: 77, height: 65, transform: T, crs: null, nodata: null }, { tileSize: 16 }],
  ['Int16 nodata, 64² tiles', { data: new Int16Array(150 * 90).map((_, i) => ((i * 7919) % 20001) - 10000), width: 150, height: 90, transform: T, crs: null, nodata: -32768 }, { tileSize: 64 }],
  ['Uint8, 16² tiles', { data: new Uint8Array(90 * 70).map((_, i) => (i % 3 === 0 ? 1 : 0)), width: 90, height: 70, transform: T, crs: null, nodata: null }, { tileSize: 16 }],
];

/** libtiff's fpDiff on one row of float32 samples, transcribed plainly: byte planes MSB first, then byte differences. */
function fpDiffRow(row: Float32Array): Uint8Array {
  const n = row.length;
  const bytes = new Uint8Array(row.buffer, row.byteOffset, n * 4);
  const out = new Uint8Array(n * 4);
  for (let s = 0; s < n; s++) for (let k = 0; k < 4; k++) out[k * n + s] = bytes[s * 4 + 3 - k]!;
  for (let i = out.length - 1; i > 0; i--) out[i] = (out[i]! - out[i - 1]!) & 0xff;
  return out;
}

describe('asynchronous GeoTIFF writer', () => {
  for (const [name, grid, opts] of GRIDS) {
    it(`${name}: same bytes as the synchronous encoder, any number of tiles in flight`, async () => {
      const sync = encodeGeoTiffNode(grid, opts);
      for (const concurrency of [1, 3, 16]) {
        const a = await encodeGeoTiffNodeAsync(grid, { ...opts, concurrency });
        expect(Buffer.compare(a, sync)).toBe(0);
      }
      const back = await readRaster(sync, { name: 'x.tif' });
      const expected = grid.data instanceof Float32Array ? grid.data : Float32Array.from(grid.data as ArrayLike<number>, (v) => (v === grid.nodata ? NaN : v));
      expect(countDiffs(back.data, expected)).toBe(0);
    });
  }

  it('tiles finishing out of order still land in order (fflate deflate behind random delays)', async () => {
    const [, grid, opts] = GRIDS[1]!;
    const rnd = rng(9);
    const deflate = (d: Uint8Array, l: number) => zlibSync(d, { level: l as 1 });
    const parts = await encodeGeoTiffPartsAsync(grid, (d, l) => new Promise((res) => setTimeout(() => res(deflate(d, l)), Math.floor(rnd() * 3))), { ...opts, concurrency: 6 });
    expect(Buffer.compare(Buffer.concat(parts), encodeGeoTiff(grid, { ...opts, deflate }))).toBe(0);
  });

  it('the floating-point predictor of each tile equals libtiff fpDiff transcribed plainly', () => {
    const w = 77;
    const h = 40;
    const ts = 32;
    const data = terrain(w, h, 5, 0.2);
    const seen: Uint8Array[] = [];
    encodeGeoTiff({ data, width: w, height: h, transform: T, crs: null, nodata: null }, { tileSize: ts, deflate: (d, l) => (seen.push(d.slice()), zlibSync(d, { level: l as 1 })) });
    const across = Math.ceil(w / ts);
    expect(seen.length).toBe(across * Math.ceil(h / ts));
    for (let t = 0; t < seen.length; t++) {
      const tx = t % across;
      const ty = Math.floor(t / across);
      for (let y = 0; y < ts; y++) {
        // the tile row, padded with NaN past the grid's edge
        const row = new Float32Array(ts).fill(NaN);
        if (ty * ts + y < h) for (let x = 0; x < ts && tx * ts + x < w; x++) row[x] = data[(ty * ts + y) * w + tx * ts + x]!;
        expect(Buffer.compare(seen[t]!.subarray(y * ts * 4, (y + 1) * ts * 4), fpDiffRow(row))).toBe(0);
      }
    }
  });

  it('a failing compressor rejects the encode with its error and leaves nothing unhandled', async () => {
    const [, grid] = GRIDS[0]!;
    let n = 0;
    const p = encodeGeoTiffPartsAsync(grid, (d, l) => (++n === 3 ? Promise.reject(new Error('disk on fire')) : nodeDeflateAsync(d, l)), { concurrency: 4 });
    await expect(p).rejects.toThrow('disk on fire');
  });

  it('an aborted signal stops the asynchronous encode', async () => {
    const [, grid] = GRIDS[0]!;
    const ac = new AbortController();
    ac.abort(new DOMException('stop', 'AbortError'));
    await expect(encodeGeoTiffNodeAsync(grid, { signal: ac.signal })).rejects.toThrow(/stop/);
  });
});

describe("compression: 'none'", () => {
  it('round trip through our reader, every sample type; the file is header + the grid bytes', async () => {
    for (const [name, grid] of GRIDS) {
      const parts = encodeGeoTiffParts(grid, { compression: 'none', tileSize: 32, predictor: true });
      // no copy: the data part is the grid's own memory (no NaN had to become a numeric nodata)
      const copied = grid.data instanceof Float32Array && grid.nodata !== null;
      if (!copied) expect(parts[1]!.buffer).toBe(grid.data.buffer);
      expect(parts.length).toBe(2);
      expect(parts[1]!.byteLength).toBe(grid.data.byteLength);
      const file = Buffer.concat(parts);
      const r = await readRaster(file, { name });
      const expected = grid.data instanceof Float32Array ? grid.data : Float32Array.from(grid.data as ArrayLike<number>, (v) => (v === grid.nodata ? NaN : v));
      expect(countDiffs(r.data, expected), name).toBe(0);
      expect(r.nodata === null ? null : r.nodata).toEqual(grid.data instanceof Float32Array || grid.data instanceof Float64Array ? (grid.nodata ?? NaN) : grid.nodata);
      // async and sync agree
      expect(Buffer.compare(await encodeGeoTiffNodeAsync(grid, { compression: 'none' }), file)).toBe(0);
      expect(Buffer.concat(await encodeGeoTiffPartsNodeAsync(grid, { compression: 'none' })).length).toBe(file.length);
    }
  });

  it('NaN cells become the numeric nodata on disk without touching the grid', async () => {
    const data = terrain(50, 40, 6);
    const before = data.slice();
    const parts = encodeGeoTiffParts({ data, width: 50, height: 40, transform: T, crs: null, nodata: -9999 }, { compression: 'none' });
    expect(countDiffs(data, before)).toBe(0);
    const stored = new Float32Array(parts[1]!.buffer, parts[1]!.byteOffset, 2000);
    let nd = 0;
    for (let i = 0; i < 2000; i++) {
      if (before[i] !== before[i]) {
        expect(stored[i]).toBe(-9999);
        nd++;
      } else expect(stored[i]).toBe(before[i]);
    }
    expect(nd).toBeGreaterThan(0);
    const r = await readRaster(Buffer.concat(parts), { name: 'nd.tif' });
    expect(countDiffs(r.data, before)).toBe(0);
  });

  it('is about the size of the raw grid and a bad value is an InputError', () => {
    const grid: Grid<Float32Array> = { data: terrain(300, 200, 7), width: 300, height: 200, transform: T, crs: null, nodata: null };
    const file = encodeGeoTiff(grid, { compression: 'none' });
    expect(file.length - 300 * 200 * 4).toBeGreaterThan(0);
    expect(file.length - 300 * 200 * 4).toBeLessThan(1024);
    expect(() => encodeGeoTiff(grid, { compression: 'lzw' as 'none' })).toThrow(InputError);
    expect(() => encodeGeoTiff(grid, { compression: 'lzw' as 'none' })).toThrow(/compression must be 'deflate' or 'none', got "lzw"/);
  });
});
