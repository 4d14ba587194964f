import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsFromProj4, encodeGeoTiff, gridStats, InputError, readRaster, resolveCrs, type Affine, type Grid, type GridData } from '../src/index.js';
import { readRasterFile, writeGeoTiffFile } from '../src/node.js';
import { terrain } from './terrain.js';
import { countDiffs, gdal, gdalRead, noGdal } from './gdal.js';


const T: Affine = [-20000, 5, 0, 40000, 0, -5];

describe('encodeGeoTiff round trip through our reader', () => {
  it('tiny grid written out by hand: exact values, transform, CRS, NaN nodata', async () => {
    const g: Grid<Float32Array> = { data: new Float32Array([1.5, NaN, -3.25, 7, 0, 1e-7]), width: 3, height: 2, transform: T, crs: resolveCrs(6677), nodata: null };
    const r = await readRaster(encodeGeoTiff(g), { name: 'tiny.tif' });
    expect(Array.from(r.data)).toEqual([1.5, NaN, -3.25, 7, 0, Math.fround(1e-7)]);
    expect(r.transform).toEqual(T);
    expect(r.crs?.code).toBe('EPSG:6677');
    expect(r.nodata).toBeNaN();
  });
  it('seeded grids of odd sizes, every tile size, with and without predictor', async () => {
    for (const [w, h, ts, pred] of [[1, 1, 16, true], [17, 33, 16, true], [300, 200, 64, false], [257, 255, 256, true]] as const) {
      const data = terrain(w, h, w * 1000 + h);
      const g: Grid<Float32Array> = { data, width: w, height: h, transform: T, crs: resolveCrs(6668), nodata: null };
      if (!data.some((v) => v === v)) data[0] = 1;
      const r = await readRaster(encodeGeoTiff(g, { tileSize: ts, predictor: pred }), { name: 'rt.tif' });
      expect(countDiffs(r.data, data)).toBe(0);
    }
  });
  it('nodata -9999 replaces NaN on disk and comes back as NaN', async () => {
    const data = terrain(40, 30, 3);
    const r = await readRaster(encodeGeoTiff({ data, width: 40, height: 30, transform: T, crs: null, nodata: -9999 }), { name: 'nd.tif' });
    expect(r.nodata).toBe(-9999);
    expect(r.crs).toBeNull();
    expect(countDiffs(r.data, data)).toBe(0);
  });
  it('Uint8 and Int32 grids keep their values (read back as Float32)', async () => {
    const u8 = new Uint8Array(50 * 20).map((_, i) => (i * 37) % 256);
    const ru = await readRaster(encodeGeoTiff({ data: u8, width: 50, height: 20, transform: T, crs: null, nodata: null }), { name: 'm.tif' });
    expect(ru.sampleType).toBe('Byte');
    expect(countDiffs(ru.data, Float32Array.from(u8))).toBe(0);
    const i32 = new Int32Array(50 * 20).map((_, i) => (i % 7) * 100000 - 250000);
    const ri = await readRaster(encodeGeoTiff({ data: i32, width: 50, height: 20, transform: T, crs: null, nodata: -1 }), { name: 'l.tif' });
    expect(ri.sampleType).toBe('Int32');
    expect(countDiffs(ri.data, Float32Array.from(i32))).toBe(0);
  });
  it('rejects bad grids with InputError', () => {
    expect(() => encodeGeoTiff({ data: new Float32Array(0), width: 0, height: 0, transform: T, crs: null, nodata: null })).toThrow(InputError);
    expect(() => encodeGeoTiff({ data: new Float32Array(5), width: 2, height: 2, transform: T, crs: null, nodata: null })).toThrow(/5 values for 2 × 2/);
    expect(() => encodeGeoTiff({ data: new Float32Array(4), width: 2, height: 2, transform: T, crs: null, nodata: null }, { tileSize: 20 })).toThrow(/multiple of 16/);
  });
});

describe.skipIf(noGdal)('GDAL reads what encodeGeoTiff writes', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fz-w-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, Grid<GridData>, object][] = [
    ['f32_6677', { data: terrain(300, 200, 1), width: 300, height: 200, transform: T, crs: resolveCrs(6677), nodata: null }, {}],
    ['f32_nodata_4326', { data: terrain(123, 77, 2), width: 123, height: 77, transform: [124.075, 0.0002, 0, 24.33, 0, -0.0002], crs: resolveCrs(4326), nodata: -9999 }, { tileSize: 32 }],
    ['f32_rotated_32633', { data: terrain(251, 107, 3), width: 251, height: 107, transform: [318650, 44.5503262, -22.6995250, 5040000, 22.6995250, 44.5503262], crs: resolveCrs(32633), nodata: null }, {}],
    ['f32_bigtiff', { data: terrain(100, 60, 4), width: 100, height: 60, transform: T, crs: resolveCrs(6668), nodata: null }, { bigTiff: true }],
    ['f32_user_tmerc', { data: terrain(64, 64, 5), width: 64, height: 64, transform: T, crs: crsFromProj4('+proj=tmerc +lat_0=36 +lon_0=139.8333333333333 +k=0.9999 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs', 'custom IX'), nodata: null }, {}],
    ['u8_mask', { data: new Uint8Array(90 * 70).map((_, i) => (i % 3 === 0 ? 1 : 0)), width: 90, height: 70, transform: T, crs: resolveCrs(6677), nodata: null }, {}],
    ['f64_p3', { data: Float64Array.from(terrain(77, 65, 8), (v) => v * 1.000001), width: 77, height: 65, transform: T, crs: resolveCrs(6677), nodata: null }, { tileSize: 32 }],
    ['i16_nodata', { data: new Int16Array(90 * 70).map((_, i) => ((i * 7919) % 20001) - 10000 - (i % 11 === 0 ? 22768 : 0)), width: 90, height: 70, transform: T, crs: resolveCrs(6677), nodata: -32768 }, {}],
    ['u16_nopred', { data: new Uint16Array(90 * 70).map((_, i) => (i * 7919) % 65536), width: 90, height: 70, transform: T, crs: resolveCrs(6677), nodata: null }, { predictor: false }],
    ['i32_labels', { data: new Int32Array(90 * 70).map((_, i) => (i * 7919) % 1000003), width: 90, height: 70, transform: T, crs: resolveCrs(6677), nodata: 0 }, {}],
    // compression: 'none' (Compression 1, strips of whole rows, no predictor)
    ['f32_none', { data: terrain(300, 200, 11), width: 300, height: 200, transform: T, crs: resolveCrs(6677), nodata: null }, { compression: 'none' }],
    ['f32_none_nodata_tall', { data: terrain(37, 3000, 12), width: 37, height: 3000, transform: T, crs: resolveCrs(6677), nodata: -9999 }, { compression: 'none' }],
    ['f32_none_wide_rotated', { data: terrain(70000, 3, 13), width: 70000, height: 3, transform: [318650, 44.5503262, -22.6995250, 5040000, 22.6995250, 44.5503262], crs: resolveCrs(32633), nodata: null }, { compression: 'none' }],
    ['f64_none_bigtiff', { data: Float64Array.from(terrain(77, 65, 14), (v) => v * 1.000001), width: 77, height: 65, transform: T, crs: resolveCrs(6677), nodata: null }, { compression: 'none', bigTiff: true }],
    ['i16_none_nodata', { data: new Int16Array(90 * 70).map((_, i) => ((i * 7919) % 20001) - 10000 - (i % 11 === 0 ? 22768 : 0)), width: 90, height: 70, transform: T, crs: resolveCrs(6677), nodata: -32768 }, { compression: 'none' }],
    ['u8_none', { data: new Uint8Array(90 * 71).map((_, i) => (i % 3 === 0 ? 1 : 0)), width: 90, height: 71, transform: T, crs: resolveCrs(6677), nodata: null }, { compression: 'none' }],
  ];
  for (const [name, grid, opts] of cases) {
    it(`${name}: GDAL reads values, transform, CRS and nodata exactly`, async () => {
      const path = join(dir, `${name}.tif`);
      await writeGeoTiffFile(path, grid, opts);
      const ref = gdalRead(path);
      expect([ref.width, ref.height]).toEqual([grid.width, grid.height]);
      for (let i = 0; i < 6; i++) expect(ref.transform[i]).toBeCloseTo(grid.transform[i]!, 9);
      if (grid.crs?.code) expect(ref.epsg).toBe(grid.crs.code);
      const expected = grid.data instanceof Float32Array ? grid.data : Float32Array.from(grid.data as ArrayLike<number>, (v) => (v === grid.nodata || v !== v ? NaN : v));
      expect(countDiffs(ref.data, expected)).toBe(0);
      if (grid.data instanceof Float32Array || grid.data instanceof Float64Array) expect(ref.nodata).toEqual(grid.nodata ?? NaN);
      else expect(ref.nodata).toEqual(grid.nodata);
      // gdalinfo -stats agrees with gridStats
      const info = JSON.parse(gdal('gdalinfo', ['-json', '-stats', path])) as { bands: { metadata: Record<string, Record<string, string>> }[] };
      const md = info.bands[0]!.metadata['']!;
      const s = gridStats(grid);
      // gdalinfo prints 14 significant digits: equal once rounded to float32
      if (grid.data instanceof Float64Array) {
        expect(Number(md.STATISTICS_MINIMUM)).toBeCloseTo(s.min, 10);
        expect(Number(md.STATISTICS_MAXIMUM)).toBeCloseTo(s.max, 10);
      } else {
        expect(Math.fround(Number(md.STATISTICS_MINIMUM))).toBe(s.min);
        expect(Math.fround(Number(md.STATISTICS_MAXIMUM))).toBe(s.max);
      }
      expect(Number(md.STATISTICS_MEAN) / s.mean).toBeCloseTo(1, 9);
      expect(Number(md.STATISTICS_VALID_PERCENT)).toBeCloseTo((100 * s.validCells) / (grid.width * grid.height), 2);
      if (name === 'f32_user_tmerc') {
        const wkt = gdal('gdalsrsinfo', ['-o', 'proj4', path]);
        expect(wkt).toMatch(/\+proj=tmerc \+lat_0=36 \+lon_0=139\.83333333/);
        expect(wkt).toMatch(/\+k=0\.9999/);
      }
      // what GDAL says about the layout: uncompressed strips for 'none', tiled DEFLATE + predictor otherwise
      const struct = (info as unknown as { metadata: Record<string, Record<string, string>> }).metadata['IMAGE_STRUCTURE'] ?? {};
      const block = (info as unknown as { bands: { block: number[] }[] }).bands[0]!.block;
      if ((opts as { compression?: string }).compression === 'none') {
        expect(struct.COMPRESSION).toBeUndefined();
        expect(struct.PREDICTOR).toBeUndefined();
        expect(block[0]).toBe(grid.width);
        // and our own reader gives the same values
        expect(countDiffs((await readRasterFile(path)).data, expected)).toBe(0);
      } else {
        expect(struct.COMPRESSION).toBe('DEFLATE');
      }
      rmSync(`${path}.aux.xml`, { force: true });
    });
  }

  it('a failed write leaves no file and no temporary behind', async () => {
    const sub = join(dir, 'atomic');
    execFileSync('mkdir', ['-p', sub]);
    const bad = { data: new Float32Array(3), width: 2, height: 2, transform: T, crs: null, nodata: null };
    await expect(writeGeoTiffFile(join(sub, 'x.tif'), bad)).rejects.toThrow(InputError);
    await expect(writeGeoTiffFile(join(dir, 'no-such-dir', 'x.tif'), { ...bad, data: new Float32Array(4) })).rejects.toThrow(/cannot write here/);
    expect(readdirSync(sub)).toEqual([]);
    await writeGeoTiffFile(join(sub, 'y.tif'), { ...bad, data: new Float32Array([1, 2, 3, 4]) });
    expect(readdirSync(sub)).toEqual(['y.tif']);
    expect(existsSync(join(sub, 'y.tif'))).toBe(true);
    const back = await readRasterFile(join(sub, 'y.tif'));
    expect(Array.from(back.data)).toEqual([1, 2, 3, 4]);
    expect(readFileSync(join(sub, 'y.tif')).subarray(0, 2).toString()).toBe('II');
  });

  it('an abort during writeGeoTiffFile leaves no file and no temporary behind', async () => {
    const sub = join(dir, 'abort');
    execFileSync('mkdir', ['-p', sub]);
    const grid = { data: terrain(700, 500, 22), width: 700, height: 500, transform: T, crs: resolveCrs(6677), nodata: null };
    for (const compression of ['deflate', 'none'] as const) {
      const ac = new AbortController();
      let n = 0;
      const p = writeGeoTiffFile(join(sub, `x-${compression}.tif`), grid, {
        compression,
        tileSize: 64,
        signal: ac.signal,
        onProgress: () => {
          if (++n === 1) ac.abort(new DOMException('stop', 'AbortError'));
        },
      });
      await expect(p).rejects.toThrow(/stop/);
      expect(readdirSync(sub)).toEqual([]);
    }
  });

  it('worker-thread compression writes the same bytes as the main thread', async () => {
    const grid = { data: terrain(700, 500, 21), width: 700, height: 500, transform: T, crs: resolveCrs(6677), nodata: -9999 };
    const a = join(dir, 'main.tif');
    const b = join(dir, 'workers.tif');
    await writeGeoTiffFile(a, grid, { threads: 0, tileSize: 64 });
    await writeGeoTiffFile(b, grid, { threads: 2, tileSize: 64 });
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
    expect(countDiffs((await readRasterFile(b)).data, grid.data)).toBe(0);
  });
});
