import { describe, expect, it } from 'vitest';
import { encodeGeoTiff, readRaster } from '@floodzone/raster';

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

  it('still reads NaN as no data', async () => {
    const r = await readRaster(encodeGeoTiff(grid(NaN)), { name: 'nan.tif' });
    expect(Number.isNaN(r.data[7])).toBe(true);
    expect(r.data[0]).toBe(3);
  });
});
