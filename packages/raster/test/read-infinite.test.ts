import { describe, expect, it } from 'vitest';
import { encodeGeoTiff, readRaster } from '@floodzone/raster';
import { nodeInflate, nodeInflateAsync } from '@floodzone/raster/node';

describe('readRaster: infinite samples', () => {
  const grid = (v: number) => {
    const data = new Float32Array(12).fill(3);
    data[7] = v;
    return { data, width: 4, height: 3, transform: [0, 5, 0, 15, 0, -5] as const, crs: null, nodata: null };
  };

  for (const v of [Infinity, -Infinity]) {
    it(`refuses a GeoTIFF holding ${v}, naming the file and the cell`, async () => {
      const bytes = encodeGeoTiff(grid(v));
      await expect(readRaster(bytes, { name: 'inf.tif' })).rejects.toThrow(`inf.tif: cell (row 1, column 3) is ${v} (or beyond the Float32 range), not an elevation; set such cells to the nodata value or fix the file`);
    });
  }

  it('names the first infinite cell in row order on a many-tile file, on every decoding path', async () => {
    // 40 × 40 in 16² tiles: -Infinity at (row 5, column 1) in tile 0, +Infinity at (row 2, column 37) in
    // tile 2; tiles are decoded in tile order but the message names the first cell in row order
    const w = 40;
    const data = new Float32Array(w * w).fill(2);
    data[5 * w + 1] = -Infinity;
    data[2 * w + 37] = Infinity;
    const g = { data, width: w, height: w, transform: [0, 5, 0, 200, 0, -5] as const, crs: null, nodata: null };
    const msg = 'x.tif: cell (row 2, column 37) is Infinity';
    for (const predictor of [true, false]) {
      const bytes = encodeGeoTiff(g, { tileSize: 16, predictor });
      await expect(readRaster(bytes, { name: 'x.tif' })).rejects.toThrow(msg);
      await expect(readRaster(bytes, { name: 'x.tif', inflate: nodeInflate, inflateAsync: nodeInflateAsync })).rejects.toThrow(msg);
      // a window without the infinite cells reads
      const r = await readRaster(bytes, { name: 'x.tif', window: [0, 3, 40, 5], inflateAsync: nodeInflateAsync });
      expect(r.data.every((v) => v === 2)).toBe(true);
      // in a window, the cell is named in the window's rows and columns
      await expect(readRaster(bytes, { name: 'x.tif', window: [0, 4, 5, 40], inflateAsync: nodeInflateAsync })).rejects.toThrow('x.tif: cell (row 1, column 1) is -Infinity');
    }
  });

  it('NaNs of any bit pattern and the largest finite floats are not infinite', async () => {
    const data = new Float32Array(64 * 48).fill(1);
    const bits = new Uint32Array(data.buffer);
    bits[5] = 0x7f800001; // signalling NaN
    bits[6] = 0xff800001;
    bits[7] = 0x7fffffff;
    bits[8] = 0xffc00000;
    data[9] = 3.4028234663852886e38;
    data[10] = -3.4028234663852886e38;
    const r = await readRaster(encodeGeoTiff({ data, width: 64, height: 48, transform: [0, 5, 0, 240, 0, -5], crs: null, nodata: null }, { tileSize: 16 }), { name: 'n.tif' });
    expect([5, 6, 7, 8].every((i) => Number.isNaN(r.data[i]))).toBe(true);
    expect(r.data[9]).toBe(data[9]);
    expect(r.data[10]).toBe(data[10]);
  });

  it('still reads NaN as no data', async () => {
    const r = await readRaster(encodeGeoTiff(grid(NaN)), { name: 'nan.tif' });
    expect(Number.isNaN(r.data[7])).toBe(true);
    expect(r.data[0]).toBe(3);
  });
});
