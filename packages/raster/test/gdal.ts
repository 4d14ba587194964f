// Test helper: GDAL through /usr/bin/python3 (python3-gdal), used as the reference reader/writer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PY = '/usr/bin/python3';

function probe(): string | undefined {
  if (!existsSync(PY)) return 'skipped: /usr/bin/python3 is absent (install python3-gdal)';
  try {
    execFileSync(PY, ['-c', 'from osgeo import gdal'], { stdio: 'ignore' });
  } catch {
    return 'skipped: python3-gdal (osgeo) is not installed';
  }
  try {
    execFileSync('gdalinfo', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'skipped: gdalinfo (gdal-bin) is not installed';
  }
  return undefined;
}

/** Why GDAL-backed tests must skip, or undefined when GDAL and its Python bindings are here. */
export const noGdal: string | undefined = probe();

export interface GdalRead {
  width: number;
  height: number;
  transform: number[];
  nodata: number | null;
  epsg: string | null;
  dtype: string;
  bands: number;
  /** Band values as float32, NaN where GDAL's mask says no data. */
  data: Float32Array;
}

/** Reads band `band` of `path` with GDAL: size, geotransform, nodata, EPSG code and the values. */
export function gdalRead(path: string, band = 1): GdalRead {
  const dir = mkdtempSync(join(tmpdir(), 'fz-gdal-'));
  try {
    const raw = join(dir, 'band.f32');
    const script = `
import json, sys, numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
ds = gdal.Open(sys.argv[1])
b = ds.GetRasterBand(int(sys.argv[3]))
a = b.ReadAsArray().astype(np.float64)
nd = b.GetNoDataValue()
if nd is not None:
    a[(a == nd) if not np.isnan(nd) else np.isnan(a)] = np.nan
a.astype('<f4').tofile(sys.argv[2])
srs = ds.GetSpatialRef()
code = None
if srs is not None:
    srs.AutoIdentifyEPSG()
    c = srs.GetAuthorityCode(None)
    code = ('EPSG:' + c) if c else None
print(json.dumps({'width': ds.RasterXSize, 'height': ds.RasterYSize, 'transform': list(ds.GetGeoTransform()),
  'nodata': None if nd is None else (str(nd) if np.isnan(nd) else nd), 'epsg': code,
  'dtype': gdal.GetDataTypeName(b.DataType), 'bands': ds.RasterCount}))
`;
    const out = execFileSync(PY, ['-c', script, path, raw, String(band)], { encoding: 'utf8' });
    const meta = JSON.parse(out) as Omit<GdalRead, 'data' | 'nodata'> & { nodata: number | string | null };
    const buf = readFileSync(raw);
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    return { ...meta, nodata: meta.nodata === 'nan' ? NaN : (meta.nodata as number | null), data };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command-line GDAL tool and returns stdout. */
export function gdal(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Number of positions where a and b differ (NaN equals NaN). */
export function countDiffs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !(x !== x && y !== y)) d++;
  }
  return d + Math.abs(a.length - b.length);
}
