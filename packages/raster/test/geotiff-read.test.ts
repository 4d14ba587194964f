import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing, sharedFile } from '../../../test-support/shared-data.js';
import { cellAreas, crsTransformer, gridStats, InputError, readRaster, registerCrs, resolveCrs } from '../src/index.js';
import { readRasterFile } from '../src/node.js';
import { countDiffs, gdalRead, noGdal } from './gdal.js';

/**
 * GDAL writes one seeded 300 × 200 grid in every layout the reader handles; each read must equal
 * GDAL's own read of the same file exactly.
 */
const VARIANTS: Record<string, { type: string; options: string[]; bands?: number; nodata?: string; point?: boolean }> = {
  f32_tiled_deflate_p3: { type: 'Float32', options: ['TILED=YES', 'BLOCKXSIZE=64', 'BLOCKYSIZE=32', 'COMPRESS=DEFLATE', 'PREDICTOR=3'] },
  f32_strips_deflate_p3: { type: 'Float32', options: ['BLOCKYSIZE=7', 'COMPRESS=DEFLATE', 'PREDICTOR=3'] },
  f32_tiled_deflate_p2: { type: 'Float32', options: ['TILED=YES', 'COMPRESS=DEFLATE', 'PREDICTOR=2'] },
  f32_bigendian_p3: { type: 'Float32', options: ['TILED=YES', 'BLOCKXSIZE=48', 'BLOCKYSIZE=48', 'COMPRESS=DEFLATE', 'PREDICTOR=3', 'ENDIANNESS=BIG'] },
  f32_nan_nodata: { type: 'Float32', options: ['COMPRESS=DEFLATE'], nodata: 'nan' },
  f64_uncompressed_strips: { type: 'Float64', options: ['BLOCKYSIZE=16'] },
  // not PREDICTOR=3: GDAL 3.6.2 writes big-endian Float64 with the floating-point predictor wrongly (its
  // own read-back gives values like -1.4e156, which our reader reproduces and then refuses as infinite)
  f64_bigendian_deflate: { type: 'Float64', options: ['TILED=YES', 'COMPRESS=DEFLATE', 'ENDIANNESS=BIG'] },
  i16_bigendian_p2: { type: 'Int16', options: ['TILED=YES', 'COMPRESS=DEFLATE', 'PREDICTOR=2', 'ENDIANNESS=BIG'], nodata: '-32768' },
  u16_deflate: { type: 'UInt16', options: ['COMPRESS=DEFLATE', 'PREDICTOR=2'], nodata: '0' },
  i32_deflate: { type: 'Int32', options: ['TILED=YES', 'COMPRESS=DEFLATE', 'PREDICTOR=2'], nodata: '-99999' },
  f32_bigtiff: { type: 'Float32', options: ['BIGTIFF=YES', 'TILED=YES', 'COMPRESS=DEFLATE'] },
  f32_lzw: { type: 'Float32', options: ['COMPRESS=LZW', 'PREDICTOR=3'] },
  f32_zstd: { type: 'Float32', options: ['COMPRESS=ZSTD', 'TILED=YES'] },
  f32_3band_pixel: { type: 'Float32', options: ['COMPRESS=DEFLATE', 'PREDICTOR=3', 'INTERLEAVE=PIXEL'], bands: 3 },
  i16_3band_planar: { type: 'Int16', options: ['COMPRESS=DEFLATE', 'PREDICTOR=2', 'INTERLEAVE=BAND', 'TILED=YES'], bands: 3, nodata: '-32768' },
  f32_pixel_is_point: { type: 'Float32', options: ['COMPRESS=DEFLATE'], point: true },
};

const MAKE = `
import sys, json, numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
out, variants = sys.argv[1], json.loads(sys.argv[2])
rng = np.random.default_rng(42)
base = (rng.standard_normal((200, 300)).cumsum(axis=1) * 3).astype(np.float64)
for name, v in variants.items():
    t = gdal.GetDataTypeByName(v['type'])
    nb = v.get('bands', 1)
    ds = gdal.GetDriverByName('GTiff').Create(f'{out}/{name}.tif', 300, 200, nb, t, v['options'])
    ds.SetGeoTransform((-20000.0, 5.0, 0.0, 40000.0, 0.0, -5.0))
    srs = osr.SpatialReference(); srs.ImportFromEPSG(6677); ds.SetProjection(srs.ExportToWkt())
    if v.get('point'): ds.SetMetadataItem('AREA_OR_POINT', 'Point')
    for b in range(nb):
        a = base + b * 100
        if v['type'] == 'UInt16': a = np.abs(a) + 1
        if v['type'] in ('Int16', 'UInt16', 'Int32'): a = np.round(a)
        band = ds.GetRasterBand(b + 1)
        nd = v.get('nodata', '-9999')
        a = a.copy(); a[rng.random(a.shape) < 0.1] = float(nd)
        band.SetNoDataValue(float(nd))
        band.WriteArray(a)
    ds = None
# a Cloud-Optimized GeoTIFF (with overviews) of the first variant
gdal.Translate(f'{out}/f32_cog.tif', f'{out}/f32_tiled_deflate_p3.tif', format='COG', creationOptions=['COMPRESS=DEFLATE', 'PREDICTOR=YES', 'BLOCKSIZE=128', 'OVERVIEWS=AUTO', 'OVERVIEW_COUNT=2'])
`;

describe.skipIf(noGdal)('GeoTIFF reader against GDAL (files GDAL writes here)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fz-tif-'));
    execFileSync('/usr/bin/python3', ['-c', MAKE, dir, JSON.stringify(VARIANTS)]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, v] of Object.entries(VARIANTS)) {
    it(`${name}: values, transform, CRS and nodata equal GDAL's`, async () => {
      const path = join(dir, `${name}.tif`);
      const band = v.bands ? 2 : 1;
      const ref = gdalRead(path, band);
      const r = await readRasterFile(path, { band });
      expect([r.width, r.height]).toEqual([ref.width, ref.height]);
      expect(r.sampleType).toBe(ref.dtype);
      expect(r.bandCount).toBe(ref.bands);
      expect(r.crs?.code).toBe(ref.epsg);
      for (let i = 0; i < 6; i++) expect(r.transform[i]).toBeCloseTo(ref.transform[i]!, 9);
      if (v.nodata === 'nan') expect(r.nodata).toBeNaN();
      else expect(r.nodata).toBe(ref.nodata);
      expect(countDiffs(r.data, ref.data)).toBe(0);
      // the browser path (fflate inflate, bytes in memory) gives the same answer
      const b = await readRaster(readFileSync(path), { name, band });
      expect(countDiffs(b.data, r.data)).toBe(0);
    });
  }

  it('COG with overviews: the full-resolution image equals GDAL', async () => {
    const path = join(dir, 'f32_cog.tif');
    const ref = gdalRead(path);
    const r = await readRasterFile(path);
    expect([r.width, r.height]).toEqual([300, 200]);
    expect(countDiffs(r.data, ref.data)).toBe(0);
  });

  it('windowed reads equal the same window cut from the full read', async () => {
    for (const name of ['f32_tiled_deflate_p3', 'f32_strips_deflate_p3', 'i16_3band_planar', 'f32_lzw']) {
      const path = join(dir, `${name}.tif`);
      const full = await readRasterFile(path);
      const win = [37, 11, 251, 190] as const;
      const w = await readRasterFile(path, { window: win });
      expect([w.width, w.height]).toEqual([214, 179]);
      const cut = new Float32Array(214 * 179);
      for (let y = 0; y < 179; y++) cut.set(full.data.subarray((y + 11) * 300 + 37, (y + 11) * 300 + 251), y * 214);
      expect(countDiffs(w.data, cut)).toBe(0);
      expect(w.transform[0]).toBe(full.transform[0] + 37 * 5);
      expect(w.transform[3]).toBe(full.transform[3] - 11 * 5);
    }
    await expect(readRasterFile(join(dir, 'f32_lzw.tif'), { window: [0, 0, 301, 10] })).rejects.toThrow(/window/);
    // the piecewise file path with a full-extent window reads everything the same as a whole-file read
    for (const name of Object.keys(VARIANTS)) {
      const path = join(dir, `${name}.tif`);
      const whole = await readRasterFile(path);
      const piecewise = await readRasterFile(path, { window: [0, 0, 300, 200] });
      expect(countDiffs(piecewise.data, whole.data)).toBe(0);
    }
  });

  it('reports progress and honours an aborted signal', async () => {
    const path = join(dir, 'f32_tiled_deflate_p3.tif');
    const calls: number[] = [];
    await readRasterFile(path, { onProgress: (d, t) => calls.push(d / t) });
    expect(calls.at(-1)).toBe(1);
    const ac = new AbortController();
    ac.abort();
    await expect(readRasterFile(path, { signal: ac.signal })).rejects.toThrow(/abort/i);
  });

  it('bad input: truncated TIFF, band out of range, complex samples, all-nodata', async () => {
    const bytes = readFileSync(join(dir, 'f32_tiled_deflate_p3.tif'));
    await expect(readRaster(bytes.subarray(0, Math.floor(bytes.length * 0.6)), { name: 'cut.tif' })).rejects.toThrow(/cut\.tif: .*truncated/);
    await expect(readRaster(bytes.subarray(0, 100), { name: 'cut.tif' })).rejects.toThrow(InputError);
    await expect(readRaster(bytes, { name: 'x.tif', band: 2 })).rejects.toThrow(/band 2 does not exist; the file has 1 band/);
    const extra = mkdtempSync(join(tmpdir(), 'fz-tifbad-'));
    try {
      execFileSync('/usr/bin/python3', ['-c', `
import sys, numpy as np
from osgeo import gdal
gdal.UseExceptions()
d = gdal.GetDriverByName('GTiff')
ds = d.Create(sys.argv[1] + '/c.tif', 4, 3, 1, gdal.GDT_CInt16); ds = None
ds = d.Create(sys.argv[1] + '/nd.tif', 4, 3, 1, gdal.GDT_Float32); b = ds.GetRasterBand(1); b.SetNoDataValue(-9999); b.Fill(-9999); ds = None
`, extra]);
      await expect(readRasterFile(join(extra, 'c.tif'))).rejects.toThrow(/c\.tif: unsupported sample format: complex \(CInt16\)/);
      await expect(readRasterFile(join(extra, 'nd.tif'))).rejects.toThrow(/nd\.tif: every one of the 12 cells is no data/);
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });
});

describe.skipIf(noGdal)('CRS from GeoKeys of files GDAL writes', () => {
  let dir = '';
  const SRS: Record<string, string> = {
    user_tmerc: '+proj=tmerc +lat_0=36 +lon_0=139.833333333333 +k=0.9999 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs',
    user_lcc: '+proj=lcc +lat_1=30 +lat_2=60 +lat_0=35 +lon_0=135 +x_0=100000 +y_0=200000 +datum=WGS84 +units=m +no_defs',
    user_sinu: '+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs',
    epsg_2193: 'EPSG:2193',
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fz-crs-'));
    execFileSync('/usr/bin/python3', ['-c', `
import sys, json, numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
for name, srs in json.loads(sys.argv[2]).items():
    ds = gdal.GetDriverByName('GTiff').Create(f'{sys.argv[1]}/{name}.tif', 4, 3, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((1000.0, 10.0, 0.0, 2000.0, 0.0, -10.0))
    s = osr.SpatialReference()
    s.SetFromUserInput(srs)
    ds.SetProjection(s.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.arange(12, dtype=np.float32).reshape(3, 4))
    ds = None
`, dir, JSON.stringify(SRS)]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('user-defined transverse Mercator: a proj4 CRS that maps like EPSG:6677', async () => {
    const r = await readRasterFile(join(dir, 'user_tmerc.tif'));
    expect(r.crs?.code).toBeNull();
    expect(r.crs?.proj4).toContain('+proj=tmerc');
    const a = crsTransformer(r.crs!, resolveCrs(6668))(-7000, -35000);
    const b = crsTransformer(resolveCrs(6677), resolveCrs(6668))(-7000, -35000);
    expect(a[0]).toBeCloseTo(b[0], 9);
    expect(a[1]).toBeCloseTo(b[1], 9);
  });
  it('user-defined Lambert conformal conic 2SP maps like the proj4 string GDAL was given', async () => {
    const r = await readRasterFile(join(dir, 'user_lcc.tif'));
    const ref = crsTransformer({ code: null, name: 'ref', proj4: SRS.user_lcc!, geographic: false }, resolveCrs(4326));
    const got = crsTransformer(r.crs!, resolveCrs(4326));
    for (const [x, y] of [[100000, 200000], [-250000, 900000], [600000, -300000]] as const) {
      expect(got(x, y)[0]).toBeCloseTo(ref(x, y)[0], 8);
      expect(got(x, y)[1]).toBeCloseTo(ref(x, y)[1], 8);
    }
  });
  it('unsupported projections and unknown EPSG codes are InputErrors that say what to do', async () => {
    await expect(readRasterFile(join(dir, 'user_sinu.tif'))).rejects.toThrow(/user_sinu\.tif: user-defined projection \(GeoTIFF ProjCoordTransGeoKey \d+\) is not supported/);
    await expect(readRasterFile(join(dir, 'epsg_2193.tif'))).rejects.toThrow(/epsg_2193\.tif: CRS "2193" is not built in .*registerCrs/);
    registerCrs('EPSG:2193', '+proj=tmerc +lat_0=0 +lon_0=173 +k=0.9996 +x_0=1600000 +y_0=10000000 +ellps=GRS80 +units=m +no_defs', 'NZGD2000 / New Zealand Transverse Mercator 2000');
    const r = await readRasterFile(join(dir, 'epsg_2193.tif'));
    expect(r.crs?.code).toBe('EPSG:2193');
  });
});

describe('GeoTIFF reader on the shared real files', () => {
  const real: [string, string, number, number][] = [
    ['tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif', 'EPSG:6677', 391, 541],
    ['guam/derived_GUAM_lisflood_UTM_5m_dem.tif', 'EPSG:32655', 562, 284],
    ['srtm_azores/derived_azores_N38W029_N38W028_mosaic.SRTMGL3.tif', 'EPSG:4326', 2401, 1201],
    ['hydromt_sfincs/sfincs_compound_dep.tif', 'EPSG:32633', 251, 107],
    ['gsi_jpgis/derived_FG-GML-3624-30-DEM5B_mosaic.tif', 'EPSG:6668', 675, 450],
  ];
  for (const [rel, code, w, h] of real) {
    it.skipIf(missing(rel) ?? noGdal)(`${rel}: ${w} × ${h}, ${code}, equal to GDAL's read`, async () => {
      const r = await readRasterFile(sharedFile(rel));
      const ref = gdalRead(sharedFile(rel));
      expect([r.width, r.height, r.crs?.code]).toEqual([w, h, code]);
      expect(ref.epsg).toBe(code);
      for (let i = 0; i < 6; i++) expect(r.transform[i]).toBeCloseTo(ref.transform[i]!, 9);
      expect(countDiffs(r.data, ref.data)).toBe(0);
    });
  }

  it.skipIf(missing('hydromt_sfincs/sfincs_compound_dep.tif'))('rotated Piave DEM keeps its 27° rotation and NaN nodata', async () => {
    const r = await readRasterFile(sharedFile('hydromt_sfincs/sfincs_compound_dep.tif'));
    const angle = (Math.atan2(r.transform[4], r.transform[1]) * 180) / Math.PI;
    expect(angle).toBeCloseTo(27, 3);
    expect(Math.hypot(r.transform[1], r.transform[4])).toBeCloseTo(50, 6);
    expect(r.nodata).toBeNaN();
    const s = gridStats(r);
    expect(s.min).toBe(-6);
    expect(s.max).toBe(11.5);
    expect(cellAreas(r)[0]).toBeCloseTo(2500, 6);
  });

  it.skipIf(missing('guam/derived_GUAM_lisflood_UTM_5m_dem.tif'))('Guam 5 m: sea is nodata (48.3 %), cells are 25 m²', async () => {
    const r = await readRasterFile(sharedFile('guam/derived_GUAM_lisflood_UTM_5m_dem.tif'));
    const s = gridStats(r);
    expect(s.nodataCells / (r.width * r.height)).toBeCloseTo(0.483, 3);
    expect(s.min).toBe(-1);
    expect(s.max).toBeCloseTo(40.53, 5);
    expect(cellAreas(r)[100]).toBe(25);
  });

  it.skipIf(missing('srtm_azores/derived_azores_N38W029_N38W028_mosaic.SRTMGL3.tif'))('Azores: geographic cells get geodesic areas that shrink northwards', async () => {
    const r = await readRasterFile(sharedFile('srtm_azores/derived_azores_N38W029_N38W028_mosaic.SRTMGL3.tif'));
    expect(r.crs?.geographic).toBe(true);
    const a = cellAreas(r);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
    // whole grid area against the closed-form ellipsoidal zone area between its edge latitudes
    let total = 0;
    for (const v of a) total += v * r.width;
    const f = 1 / 298.257223563;
    const e2 = f * (2 - f);
    const e = Math.sqrt(e2);
    const S = (lat: number) => {
      const s = Math.sin((lat * Math.PI) / 180);
      return Math.PI * 6378137 ** 2 * (1 - e2) * (s / (1 - e2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e));
    };
    const top = r.transform[3];
    const bottom = top + r.height * r.transform[5];
    const expected = (S(top) - S(bottom)) * ((r.width * r.transform[1]) / 360);
    expect(total / expected).toBeCloseTo(1, 9);
    // a 3″ cell at 38.5°N is about 92.6 m × 72.6 m (meridian arc × parallel arc)
    expect(a[600]! / ((Math.PI / 180 / 1200) ** 2 * 6386000 * 6386000 * Math.cos((38.5 * Math.PI) / 180))).toBeCloseTo(1, 1);
  });
});
