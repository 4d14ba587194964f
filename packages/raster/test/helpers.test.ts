import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { noGdal } from './gdal.js';
import {
  applyAffine,
  cellAreas,
  cellCentre,
  crsTransformer,
  gridStats,
  InputError,
  invertAffine,
  isRotated,
  registerCrs,
  resolveCrs,
  sameCrs,
  windowOfBBox,
  worldToPixel,
  type Affine,
} from '../src/index.js';
import { rng } from '../../../test-support/random.js';

describe('affine helpers', () => {
  const north: Affine = [1000, 5, 0, 2000, 0, -5];
  it('maps pixel corners and centres', () => {
    expect(applyAffine(north, 0, 0)).toEqual([1000, 2000]);
    expect(applyAffine(north, 2, 3)).toEqual([1010, 1985]);
    expect(cellCentre(north, 0, 0)).toEqual([1002.5, 1997.5]);
    expect(worldToPixel(north, 1002.5, 1997.5)).toEqual([0.5, 0.5]);
  });
  it('inverts random rotated transforms (seeded round trip)', () => {
    const rnd = rng(7);
    for (let k = 0; k < 200; k++) {
      const ang = rnd() * 2 * Math.PI;
      const s = 1 + rnd() * 100;
      const t: Affine = [rnd() * 1e6, s * Math.cos(ang), s * Math.sin(ang), rnd() * 1e6, s * Math.sin(ang), -s * Math.cos(ang)];
      const col = rnd() * 1000;
      const row = rnd() * 1000;
      const [x, y] = applyAffine(t, col, row);
      const [c2, r2] = worldToPixel(t, x, y);
      expect(c2).toBeCloseTo(col, 6);
      expect(r2).toBeCloseTo(row, 6);
      const back = invertAffine(invertAffine(t));
      for (let i = 0; i < 6; i++) expect(back[i]).toBeCloseTo(t[i]!, 6);
    }
  });
  it('detects rotation and rejects singular transforms', () => {
    expect(isRotated(north)).toBe(false);
    expect(isRotated([0, 44.55, -22.7, 0, 22.7, 44.55])).toBe(true);
    expect(() => invertAffine([0, 0, 0, 0, 0, -5])).toThrow(InputError);
  });
  it('windowOfBBox covers exactly the intersecting cells and clamps', () => {
    const g = { width: 10, height: 8, transform: north };
    // x 1007..1013 → cols 1..3 (col1 exclusive 3), y 1981..1992 → rows 1.6..3.8 → 1..4
    expect(windowOfBBox(g, [1007, 1981, 1013, 1992])).toEqual([1, 1, 3, 4]);
    expect(windowOfBBox(g, [0, 0, 1e9, 1e9])).toEqual([0, 0, 10, 8]);
    const [c0, , c1] = windowOfBBox(g, [5000, 5000, 6000, 6000]);
    expect(c0).toBe(c1);
    expect(() => windowOfBBox(g, [5, 0, 1, 1])).toThrow(InputError);
  });
});

describe('CRS', () => {
  it('resolves the built-in codes in any spelling', () => {
    expect(resolveCrs('EPSG:6677').name).toBe('JGD2011 / Japan Plane Rectangular CS IX');
    expect(resolveCrs(6677)).toEqual(resolveCrs('epsg:6677'));
    expect(resolveCrs(6668).geographic).toBe(true);
    expect(resolveCrs(32655).proj4).toContain('+zone=55');
    expect(resolveCrs(32755).proj4).toContain('+south');
    expect(resolveCrs(3857).geographic).toBe(false);
    for (let c = 6669; c <= 6687; c++) expect(resolveCrs(c).proj4).toContain('+k=0.9999');
  });
  it('unknown codes throw InputError naming registerCrs', () => {
    expect(() => resolveCrs('EPSG:2193')).toThrow(/registerCrs/);
    expect(() => resolveCrs('EPSG:2193')).toThrow(InputError);
  });
  it('registerCrs makes a code resolvable', () => {
    const nz = registerCrs('EPSG:2193', '+proj=tmerc +lat_0=0 +lon_0=173 +k=0.9996 +x_0=1600000 +y_0=10000000 +ellps=GRS80 +units=m +no_defs', 'NZGD2000 / NZTM');
    expect(resolveCrs(2193)).toBe(nz);
    expect(() => registerCrs('EPSG:99999', '+proj=nonsense')).toThrow(InputError);
  });
  it('plane rectangular IX origin maps to (0, 0) and Tokyo round-trips', () => {
    const toXY = crsTransformer(resolveCrs(6668), resolveCrs(6677));
    const [x, y] = toXY(139 + 50 / 60, 36);
    expect(Math.abs(x)).toBeLessThan(1e-6);
    expect(Math.abs(y)).toBeLessThan(1e-6);
    const back = crsTransformer(resolveCrs(6677), resolveCrs(6668));
    const [lon, lat] = back(...toXY(139.7671, 35.6812));
    expect(lon).toBeCloseTo(139.7671, 9);
    expect(lat).toBeCloseTo(35.6812, 9);
  });
  it.skipIf(noGdal)('built-in CRSs agree with GDAL/PROJ to 1 mm', () => {
    const cases: [number, number, number, number][] = [
      [6677, 6668, 139.7671, 35.6812], [6669, 6668, 129.9, 33.2], [6683, 6668, 127.7, 26.2], [6680, 6668, 142.5, 43.5],
      [6687, 6668, 154.1, 26.3], [32655, 4326, 144.67, 13.46], [32733, 4326, 14.5, -20.2], [3857, 4326, 142.5, 42.5],
    ];
    const script = `
import sys, json
from osgeo import osr
out = []
for to, frm, x, y in json.loads(sys.argv[1]):
    a = osr.SpatialReference(); a.ImportFromEPSG(frm); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    b = osr.SpatialReference(); b.ImportFromEPSG(to); b.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    out.append(osr.CoordinateTransformation(a, b).TransformPoint(x, y)[:2])
print(json.dumps(out))`;
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(cases)], { encoding: 'utf8' })) as [number, number][];
    cases.forEach(([to, from, x, y], i) => {
      const [px, py] = crsTransformer(resolveCrs(from), resolveCrs(to))(x, y);
      expect(Math.abs(px - ref[i]![0])).toBeLessThan(1e-3);
      expect(Math.abs(py - ref[i]![1])).toBeLessThan(1e-3);
    });
  });
  it('sameCrs compares codes, then proj4 parameter sets', () => {
    expect(sameCrs(resolveCrs(6677), resolveCrs('EPSG:6677'))).toBe(true);
    expect(sameCrs(resolveCrs(6677), resolveCrs(6678))).toBe(false);
    expect(sameCrs(null, null)).toBe(true);
    expect(sameCrs(resolveCrs(4326), null)).toBe(false);
  });
});

describe('cellAreas', () => {
  it('projected: |dx·dy − rx·ry| for every row', () => {
    const a = cellAreas({ height: 3, transform: [0, 44.5503, -22.6995, 0, 22.6995, 44.5503], crs: resolveCrs(32633) });
    expect(a.length).toBe(3);
    for (const v of a) expect(v).toBeCloseTo(44.5503 * 44.5503 + 22.6995 * 22.6995, 6);
  });
  it('geographic: a 1° global grid sums to the WGS84 ellipsoid surface 5.10065622e14 m²', () => {
    const a = cellAreas({ height: 180, transform: [-180, 1, 0, 90, 0, -1], crs: resolveCrs(4326) });
    let sum = 0;
    for (const v of a) sum += v * 360;
    // total surface of the WGS84 ellipsoid: 510 065 621.7 km² (closed form 2πa² + π b²/e · ln((1+e)/(1−e)))
    const f = 1 / 298.257223563;
    const e = Math.sqrt(f * (2 - f));
    const a0 = 6378137;
    const b = a0 * (1 - f);
    const closed = 2 * Math.PI * a0 * a0 + ((Math.PI * b * b) / e) * Math.log((1 + e) / (1 - e));
    expect(sum / closed).toBeCloseTo(1, 12);
    expect(closed / 1e6).toBeCloseTo(510065621.7, 0);
  });
  it('geographic: matches numerical integration of M·N·cosφ (seeded rows)', () => {
    const crs = resolveCrs(6668); // GRS80
    const f = 1 / 298.257222101;
    const e2 = f * (2 - f);
    const A = 6378137;
    const rnd = rng(11);
    for (let k = 0; k < 20; k++) {
      const top = -80 + rnd() * 160;
      const d = 0.001 + rnd() * 0.5;
      const [area] = cellAreas({ height: 1, transform: [0, d, 0, top, 0, -d], crs });
      // Simpson's rule on ∫ M(φ) N(φ) cosφ dφ · dλ
      const n = 200;
      const h = (d * Math.PI) / 180 / n;
      let s = 0;
      for (let i = 0; i <= n; i++) {
        const phi = ((top - d) * Math.PI) / 180 + i * h;
        const w = 1 - e2 * Math.sin(phi) ** 2;
        const v = (A / Math.sqrt(w)) * ((A * (1 - e2)) / (w * Math.sqrt(w))) * Math.cos(phi);
        s += v * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2);
      }
      const ref = ((s * h) / 3) * ((d * Math.PI) / 180);
      expect(area! / ref).toBeCloseTo(1, 8);
    }
  });
});

describe('cellAreas in EPSG:3857 (GSI tiles)', () => {
  // |dx·dy| of Web Mercator overstated ground areas by 1/cos²φ (×1.49 at 35° N) before.
  it('a z8 tile row equals the WGS84 area of the same lon/lat rectangle (latitudes from proj4)', () => {
    const R = 6378137;
    const size = (2 * Math.PI * R) / 256 / 256; // z8 cell, m
    const x0 = -Math.PI * R + 229 * 256 * size;
    const y0 = Math.PI * R - 94 * 256 * size;
    const merc = cellAreas({ height: 256, transform: [x0, size, 0, y0, 0, -size], crs: resolveCrs(3857) });
    const toLonLat = crsTransformer(resolveCrs(3857), resolveCrs(4326));
    for (const r of [0, 100, 255]) {
      const [lonL, latT] = toLonLat(x0, y0 - r * size);
      const [lonR, latB] = toLonLat(x0 + size, y0 - (r + 1) * size);
      const [geo] = cellAreas({ height: 1, transform: [lonL, lonR - lonL, 0, latT, 0, latB - latT], crs: resolveCrs(4326) });
      expect(merc[r]! / geo!).toBeCloseTo(1, 9);
      // and far from the projected |dx·dy| at these latitudes (about 35° N)
      expect(merc[r]! / (size * size)).toBeLessThan(0.7);
    }
  });
  it('rotated grids scale |dx·dy − rx·ry| by cos²φ; at the equator the area is the projected one', () => {
    const [a] = cellAreas({ height: 1, transform: [0, 10, 1, 5, 1, -10], crs: resolveCrs(3857) });
    expect(a! / 101).toBeCloseTo(1, 9);
  });
});

describe('gridStats', () => {
  it('ignores NaN in float grids and nodata in integer grids', () => {
    const f = { data: new Float32Array([1, NaN, 3, -2]), width: 2, height: 2, transform: [0, 1, 0, 0, 0, -1] as Affine, crs: null, nodata: -9999 };
    expect(gridStats(f)).toEqual({ min: -2, max: 3, mean: 2 / 3, validCells: 3, nodataCells: 1 });
    const i = { ...f, data: new Int32Array([5, -9999, 7, 9]) };
    expect(gridStats(i)).toEqual({ min: 5, max: 9, mean: 7, validCells: 3, nodataCells: 1 });
    const empty = { ...f, data: new Float32Array([NaN, NaN, NaN, NaN]) };
    expect(gridStats(empty).validCells).toBe(0);
    expect(gridStats(empty).nodataCells).toBe(4);
  });
});
