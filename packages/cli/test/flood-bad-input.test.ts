import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeGeoTiff, resolveCrs, type Affine } from '@floodzone/raster';
import { badInput, removeTempDirs, run, tempDir, writeAsc, writeJson } from './helpers.js';

afterAll(removeTempDirs);

const T: Affine = [-20000, 5, 0, 40000, 0, -5];
const ROWS = [
  [0.5, 0.2, 3, 3],
  [3, 0.4, 3, 3],
  [3, 3, 3, 3],
];

function tif(dir: string, name: string, rows: number[][], code = 6677, t: Affine = T): string {
  const h = rows.length;
  const w = rows[0]!.length;
  const data = new Float32Array(rows.flat());
  const path = join(dir, name);
  writeFileSync(path, encodeGeoTiff({ data, width: w, height: h, transform: t, crs: resolveCrs(code), nodata: null }));
  return path;
}

function polygonAround(x: number, y: number, r: number, crs?: string) {
  return {
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r], [x - r, y - r]]] } }],
  };
}

function lines(coords: number[][], props: Record<string, unknown> = { crest: 2 }, crs?: string) {
  return {
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: [{ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } }],
  };
}

describe('floodzone flood: bad input exits 2 with one line and writes nothing', () => {
  const dir = tempDir('fz-bad-');
  const dem = tif(dir, 'dem.tif', ROWS);
  const out = join(dir, 'out');
  const base = ['flood', '--dem', dem, '--out', out];

  it('a non-numeric, NaN, infinite or missing level', async () => {
    expect(await badInput([...base, '--level', 'abc'], out)).toMatch(/--level must be a finite number.*got "abc"/);
    expect(await badInput([...base, '--level', 'NaN'], out)).toMatch(/--level must be a finite number.*got "NaN"/);
    expect(await badInput([...base, '--level', 'Infinity'], out)).toMatch(/--level must be a finite number/);
    expect(await badInput([...base, '--level', ''], out)).toMatch(/--level must be a finite number.*got nothing/);
    expect(await badInput(base, out)).toMatch(/--level is required/);
  });

  it('a GeoTIFF with infinite elevations (volume_m3 and maxDepth were null): refused on read, naming the cell', async () => {
    const inf = tif(dir, 'inf.tif', [
      [0.5, 0.2, 3, 3],
      [3, -Infinity, 3, 3],
      [3, 3, 3, Infinity],
    ]);
    const o2 = join(dir, 'out-inf');
    for (const args of [
      ['flood', '--dem', inf, '--level', '1', '--out', o2],
      ['flood', '--dem', inf, '--level', '1', '--json'],
      ['scenarios', '--dem', inf, '--levels', '0.3,1', '--json'],
      ['spill', '--dem', inf, '--out', join(o2, 'spill.tif')],
    ]) {
      expect(await badInput(args, o2)).toMatch(/inf\.tif: cell \(row 1, column 1\) is -Infinity .*not an elevation; set such cells to the nodata value/);
    }
    const wall = tif(dir, 'wall.tif', [[0.5, 0.2, Infinity, 0.1]]);
    expect(await badInput(['flood', '--dem', wall, '--level', '1', '--json'])).toMatch(/wall\.tif: cell \(row 0, column 2\) is Infinity/);
  });

  it('a missing DEM file, an unknown flag, a bad connectivity', async () => {
    expect(await badInput(['flood', '--dem', join(dir, 'nope.tif'), '--level', '1', '--out', out], out)).toMatch(/nope\.tif: no such file/);
    expect(await badInput([...base, '--level', '1', '--speed', 'fast'], out)).toMatch(/floodzone flood: .*speed/);
    expect(await badInput([...base, '--level', '1', '--connectivity', '6'], out)).toMatch(/--connectivity must be 8 or 4, got "6"/);
  });

  it('no source below the level', async () => {
    expect(await badInput([...base, '--level', '0.1'], out)).toMatch(/nothing floods at level 0.1 m: no border cell is below the level \(the lowest is 0.2 m\)/);
  });

  it('a sea mask of another size, CRS or transform', async () => {
    const small = tif(dir, 'small.tif', [[1, 0], [0, 0]]);
    expect(await badInput([...base, '--level', '1', '--sea', small], out)).toMatch(/small\.tif is 2×2 cells but the DEM is 4×3/);
    const utm = tif(dir, 'utm.tif', [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 32654);
    expect(await badInput([...base, '--level', '1', '--sea', utm], out)).toMatch(/utm\.tif is in EPSG:32654 but the DEM is in EPSG:6677/);
    const shifted = tif(dir, 'shifted.tif', [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 6677, [-19000, 5, 0, 40000, 0, -5]);
    expect(await badInput([...base, '--level', '1', '--sea', shifted], out)).toMatch(/shifted\.tif has the transform/);
    const empty = tif(dir, 'empty.tif', [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(await badInput([...base, '--level', '1', '--sea', empty], out)).toMatch(/empty\.tif: the mask has no sea cell/);
  });

  it('sea polygons outside the grid, not polygons, or not JSON', async () => {
    const far = writeJson(dir, 'far.geojson', polygonAround(50000, 50000, 100));
    expect(await badInput([...base, '--level', '1', '--sea', far], out)).toMatch(/far\.geojson: the polygons cover no cell centre of the grid/);
    const wgs = writeJson(dir, 'wgs.geojson', polygonAround(139.7, 35.6, 0.001, 'urn:ogc:def:crs:OGC:1.3:CRS84'));
    expect(await badInput([...base, '--level', '1', '--sea', wgs], out)).toMatch(/wgs\.geojson: the polygons cover no cell centre/);
    const pts = writeJson(dir, 'pts.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] });
    expect(await badInput([...base, '--level', '1', '--sea', pts], out)).toMatch(/pts\.geojson: feature 0 is a Point; give Polygon or MultiPolygon/);
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, '{"type": "FeatureCollection", ');
    expect(await badInput([...base, '--level', '1', '--sea', bad], out)).toMatch(/bad\.geojson: not valid JSON/);
  });

  it('a seed outside the DEM or malformed', async () => {
    expect(await badInput([...base, '--level', '1', '--seed', '0,0'], out)).toMatch(/--seed 0,0 lies outside the DEM/);
    expect(await badInput([...base, '--level', '1', '--seed', '12'], out)).toMatch(/--seed must be "x,y"/);
  });

  it('barrier lines outside the grid, in another CRS, or without a crest', async () => {
    const far = writeJson(dir, 'far-wall.geojson', lines([[0, 0], [10, 10]]));
    expect(await badInput([...base, '--level', '1', '--barriers', far], out)).toMatch(/far-wall\.geojson: feature 0 lies wholly outside the DEM/);
    // Grid coordinates labelled as UTM 54N: they land thousands of km away once transformed.
    const other = writeJson(dir, 'utm-wall.geojson', lines([[-19995, 39990], [-19980, 39990]], { crest: 2 }, 'urn:ogc:def:crs:EPSG::32654'));
    expect(await badInput([...base, '--level', '1', '--barriers', other], out)).toMatch(/utm-wall\.geojson: feature 0 lies wholly outside the DEM/);
    const nocrest = writeJson(dir, 'nocrest.geojson', lines([[-19995, 39990], [-19980, 39990]], { name: 'quay' }));
    expect(await badInput([...base, '--level', '1', '--barriers', nocrest], out)).toMatch(/nocrest\.geojson: feature 0 has no "crest" property/);
    const textcrest = writeJson(dir, 'textcrest.geojson', lines([[-19995, 39990], [-19980, 39990]], { crest: 'high' }));
    expect(await badInput([...base, '--level', '1', '--barriers', textcrest], out)).toMatch(/feature 0 has "crest": "high"/);
  });

  it('--out that is a file, spill --out that is a directory', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await badInput(['flood', '--dem', dem, '--level', '1', '--out', file])).toMatch(/--out .*a-file is a file; give a directory/);
    expect(await badInput(['spill', '--dem', dem, '--out', dir])).toMatch(/--out .* is a directory; give a file name/);
  });

  it('a DEM given as ASCII grid without CRS still validates the mask size', async () => {
    const asc = writeAsc(dir, 'dem.asc', ROWS);
    const mask = writeAsc(dir, 'mask.asc', [[1, 0], [0, 0]]);
    expect(await badInput(['flood', '--dem', asc, '--level', '1', '--sea', mask, '--out', out], out)).toMatch(/mask\.asc is 2×2 cells but the DEM is 4×3/);
  });
});
