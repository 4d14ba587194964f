import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellAreas, crsTransformer, resolveCrs } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';

const dir = mkdtempSync(join(tmpdir(), 'fz-prj-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function asc(name: string, xll: number, yll: number, cell: number, prj?: string): string {
  const path = join(dir, `${name}.asc`);
  writeFileSync(path, `ncols 2\nnrows 2\nxllcorner ${xll}\nyllcorner ${yll}\ncellsize ${cell}\nNODATA_value -9999\n1 2\n3 4\n`);
  if (prj !== undefined) writeFileSync(join(dir, `${name}.prj`), prj);
  return path;
}

const UTM55N_ESRI =
  'PROJCS["WGS_1984_UTM_Zone_55N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",147.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

describe('ESRI ASCII grid with a .prj sidecar', () => {
  it('no .prj: no CRS', async () => {
    expect((await readRasterFile(asc('plain', 0, 0, 5))).crs).toBeNull();
  });

  it('OGC WKT with an EPSG authority gives the built-in CRS', async () => {
    const wkt =
      'PROJCS["JGD2011 / Japan Plane Rectangular CS IX",GEOGCS["JGD2011",DATUM["Japanese_Geodetic_Datum_2011",SPHEROID["GRS 1980",6378137,298.257222101]],' +
      'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",36],' +
      'PARAMETER["central_meridian",139.833333333333],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",0],PARAMETER["false_northing",0],' +
      'UNIT["metre",1],AUTHORITY["EPSG","6677"]]';
    expect((await readRasterFile(asc('jgd', -20000, 39000, 5, wkt))).crs?.code).toBe('EPSG:6677');
  });

  it('ESRI WKT without an authority is used through proj4, matching EPSG:32655 to a millimetre', async () => {
    const r = await readRasterFile(asc('guam', 250000, 1480000, 5, UTM55N_ESRI));
    expect(r.crs?.code).toBeNull();
    expect(r.crs?.name).toBe('WGS_1984_UTM_Zone_55N');
    const toGeo = crsTransformer(r.crs!, resolveCrs(4326));
    const ref = crsTransformer(resolveCrs(32655), resolveCrs(4326));
    const [a, b] = [toGeo(250010, 1480010), ref(250010, 1480010)];
    expect(Math.abs(a[0] - b[0]) * 111_000).toBeLessThan(1e-3);
    expect(Math.abs(a[1] - b[1]) * 111_000).toBeLessThan(1e-3);
  });

  it('a geographic .prj makes cell areas geodesic (m², not square degrees)', async () => {
    const wkt = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    const r = await readRasterFile(asc('geo', 144.7, 13.4, 0.001, wkt));
    expect(r.crs?.geographic).toBe(true);
    const a = cellAreas(r)[0]!;
    // 0.001° × 0.001° at 13.4° N: about 111.3 m × 108.3 m
    expect(a).toBeGreaterThan(11_900);
    expect(a).toBeLessThan(12_200);
  });

  it('a .prj that is not WKT is an error naming it', async () => {
    await expect(readRasterFile(asc('bad', 0, 0, 5, 'hello'))).rejects.toThrow(/bad\.prj: not a WKT coordinate system/);
  });
});
