import { describe, expect, it } from 'vitest';
import { crsTransformer, resolveCrs, type Affine, type Crs } from '@floodzone/raster';
import { barrierLinesToPixels, rasterizePolygons } from '@floodzone/zones';
import { rng } from '../../../test-support/random.js';

const T: Affine = [-20000, 5, 0, 40000, 0, -5];
const grid = (w: number, h: number, t: Affine = T, crs: Crs | null = resolveCrs(6677)) => ({ width: w, height: h, transform: t, crs });

/** Naive even-odd point-in-polygon over all rings of one polygon. */
function inside(rings: number[][][], x: number, y: number): boolean {
  let c = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) c = !c;
    }
  }
  return c;
}

function box(x0: number, y0: number, x1: number, y1: number): number[][] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

describe('rasterizePolygons', () => {
  it('cell centres inside, holes out, MultiPolygon parts OR-ed', () => {
    // 6×4 grid: x from −20000 to −19970, y from 40000 down to 39980.
    const outer = box(-20000, 39980, -19970, 40000);
    const hole = box(-19990, 39985, -19980, 39995); // centres of cols 2–3, rows 1–2
    const m = rasterizePolygons({ type: 'Polygon', coordinates: [outer, hole] }, grid(6, 4));
    const expected = new Uint8Array(24).fill(1);
    for (const i of [8, 9, 14, 15]) expected[i] = 0;
    expect(Array.from(m)).toEqual(Array.from(expected));
    const multi = rasterizePolygons(
      { type: 'MultiPolygon', coordinates: [[box(-20000, 39995, -19995, 40000)], [box(-19975, 39980, -19970, 39985)]] },
      grid(6, 4),
    );
    expect(Array.from(multi).map((v, i) => (v ? i : -1)).filter((i) => i >= 0)).toEqual([0, 23]);
  });

  it('matches a naive point-in-polygon test on seeded random polygons with holes (also rotated grids)', () => {
    const rand = rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const t: Affine = trial % 3 === 0 ? [100, 4, 1.5, 300, 1.5, -4] : trial % 3 === 1 ? [100, 5, 0, 0, 0, 5] : [100, 5, 0, 300, 0, -5];
      const W = 10 + Math.floor(rand() * 20);
      const H = 10 + Math.floor(rand() * 20);
      // A star-shaped outer ring around the grid centre and a smaller star hole.
      const cx = t[0] + (W / 2) * t[1] + (H / 2) * t[2];
      const cy = t[3] + (W / 2) * t[4] + (H / 2) * t[5];
      const star = (n: number, r0: number, r1: number) => {
        const ring: number[][] = [];
        for (let k = 0; k < n; k++) {
          const a = (2 * Math.PI * k) / n;
          const r = r0 + rand() * (r1 - r0);
          ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
        }
        ring.push(ring[0]!);
        return ring;
      };
      const rings = [star(5 + Math.floor(rand() * 20), 10, 60), star(4 + Math.floor(rand() * 6), 2, 9)];
      const mask = rasterizePolygons({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings } }, grid(W, H, t, null));
      for (let r = 0; r < H; r++) {
        for (let c = 0; c < W; c++) {
          const x = t[0] + (c + 0.5) * t[1] + (r + 0.5) * t[2];
          const y = t[3] + (c + 0.5) * t[4] + (r + 0.5) * t[5];
          if ((mask[r * W + c] === 1) !== inside(rings, x, y)) throw new Error(`trial ${trial}: cell ${c},${r} differs`);
        }
      }
    }
  });

  it('transforms from the CRS the file names, and reads RFC 7946 longitude/latitude on a projected grid', () => {
    const g = grid(20, 20);
    const local = box(-19990, 39930, -19950, 39970);
    const direct = rasterizePolygons({ type: 'Polygon', coordinates: [local] }, g);
    const toWgs = crsTransformer(resolveCrs(6677), resolveCrs(4326));
    // Densify the box so that the transformed edges stay straight to well under a cell.
    const dense: number[][] = [];
    for (let k = 0; k < local.length - 1; k++) {
      const [x0, y0] = local[k]!;
      const [x1, y1] = local[k + 1]!;
      for (let s = 0; s < 10; s++) dense.push(toWgs(x0! + ((x1! - x0!) * s) / 10, y0! + ((y1! - y0!) * s) / 10));
    }
    dense.push(dense[0]!);
    const named = rasterizePolygons(
      { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } }, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [dense] } }] },
      g,
    );
    expect(Array.from(named)).toEqual(Array.from(direct));
    const unnamed = rasterizePolygons({ type: 'Polygon', coordinates: [dense] }, g);
    expect(Array.from(unnamed)).toEqual(Array.from(direct));
  });

  it('InputError naming the file for polygons outside the grid and for other geometries', () => {
    expect(() => rasterizePolygons({ type: 'Polygon', coordinates: [box(0, 0, 10, 10)] }, grid(4, 4), { name: 'sea.geojson' })).toThrow(
      /^sea\.geojson: the polygons cover no cell centre of the grid \(grid extent \[-20000, 39980, -19980, 40000\] \(EPSG:6677\)\)/,
    );
    expect(() => rasterizePolygons({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, grid(4, 4), { name: 'x.json' })).toThrow(
      /x\.json: the top-level object is a LineString; give Polygon or MultiPolygon/,
    );
    // an array or an object without "type" was reported as 'is a undefined'
    for (const bad of [[1, 2], {}, { features: [] }]) {
      expect(() => rasterizePolygons(bad, grid(4, 4), { name: 'z.json' })).toThrow(
        /^z\.json: the top-level object is not a GeoJSON object \(no "type" member\); give Polygon or MultiPolygon geometries$/,
      );
    }
    expect(() =>
      rasterizePolygons({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:99999' } }, features: [] }, grid(4, 4), { name: 'y.json' }),
    ).toThrow(/CRS "99999" is not built in/);
  });
});

describe('barrierLinesToPixels', () => {
  const fc = (features: unknown[], crs?: string) => ({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features });
  const line = (coords: number[][], props: Record<string, unknown> | null) => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });

  it('maps world coordinates to pixel corners, one line per part, crest from properties', () => {
    const lines = barrierLinesToPixels(
      fc([
        line([[-20000, 40000], [-19990, 39990]], { crest: 4.2 }),
        { type: 'Feature', properties: { crest: '3.5' }, geometry: { type: 'MultiLineString', coordinates: [[[-19995, 39995], [-19985, 39995]], [[-19980, 39980], [-19980, 39970]]] } },
      ]),
      grid(10, 10),
    );
    expect(lines.map((l) => [Array.from(l.points), l.crest, l.feature])).toEqual([
      [[0, 0, 2, 2], 4.2, 0],
      [[1, 1, 3, 1], 3.5, 1],
      [[4, 4, 4, 6], 3.5, 1],
    ]);
  });

  it('transforms lines from another named CRS', () => {
    const toWgs = crsTransformer(resolveCrs(6677), resolveCrs(4326));
    const [lon0, lat0] = toWgs(-19990, 39990);
    const [lon1, lat1] = toWgs(-19960, 39990);
    const [l] = barrierLinesToPixels(fc([line([[lon0, lat0], [lon1, lat1]], { crest: 2 })], 'urn:ogc:def:crs:OGC:1.3:CRS84'), grid(10, 10));
    expect(l!.points[0]).toBeCloseTo(2, 6);
    expect(l!.points[1]).toBeCloseTo(2, 6);
    expect(l!.points[2]).toBeCloseTo(8, 6);
    expect(l!.points[3]).toBeCloseTo(2, 6);
  });

  it('InputError naming the file and the feature index', () => {
    const g = grid(10, 10);
    const ok = [[-19990, 39990], [-19980, 39990]];
    expect(() => barrierLinesToPixels(fc([line(ok, { crest: 2 }), line(ok, { owner: 'port' })]), g, { name: 'walls.geojson' })).toThrow(
      /^walls\.geojson: feature 1 has no "crest" property; give each line a numeric crest elevation in metres$/,
    );
    expect(() => barrierLinesToPixels(fc([line(ok, null)]), g, { name: 'w' })).toThrow(/feature 0 has no "crest" property/);
    expect(() => barrierLinesToPixels(fc([line([[0, 0], [5, 5]], { crest: 2 })]), g, { name: 'w' })).toThrow(/^w: feature 0 lies wholly outside the DEM/);
    expect(() => barrierLinesToPixels(fc([line(ok, { crest: 2 })], 'urn:ogc:def:crs:EPSG::32654'), g, { name: 'w' })).toThrow(/feature 0 lies wholly outside the DEM/);
    expect(() => barrierLinesToPixels(fc([{ type: 'Feature', properties: { crest: 1 }, geometry: { type: 'Point', coordinates: [0, 0] } }]), g, { name: 'w' })).toThrow(
      /feature 0 is a Point; protection lines must be LineString or MultiLineString/,
    );
    expect(() => barrierLinesToPixels(fc([line([[-19990, 39990]], { crest: 2 })]), g, { name: 'w' })).toThrow(/fewer than two positions/);
  });
});
