// floodzone flood / spill / scenarios on the team's real DEMs (../shared/data); each test skips with a
// one-line reason when its file is absent.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellAreas } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { missing, sharedFile } from '../../../test-support/shared-data.js';
import { type FloodSummary, removeTempDirs, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const TOKYO = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
const GUAM = 'guam/derived_GUAM_lisflood_UTM_5m_dem.tif';
const AZORES = 'srtm_azores/derived_horta_faial_crop.SRTMGL3.tif';

async function floodOk(args: string[]): Promise<FloodSummary> {
  const r = await run(['flood', ...args, '--json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as FloodSummary;
}

/** The outputs of one flood agree with each other: polygons, depth raster and summary. */
async function checkOutputs(out: string, s: FloodSummary): Promise<void> {
  const fc = JSON.parse(readFileSync(join(out, 'flood.geojson'), 'utf8')) as {
    features: Array<{ properties: { area_m2: number; volume_m3: number; cells: number } }>;
  };
  expect(fc.features.length).toBe(s.areas);
  const area = fc.features.reduce((a, f) => a + f.properties.area_m2, 0);
  expect(Math.abs(area - s.floodedArea_m2)).toBeLessThanOrEqual(1e-9 * s.floodedArea_m2);
  expect(fc.features.reduce((a, f) => a + f.properties.cells, 0)).toBe(s.floodedCells);
  const vol = fc.features.reduce((a, f) => a + f.properties.volume_m3, 0);
  expect(Math.abs(vol - s.volume_m3)).toBeLessThan(1e-6 * s.volume_m3);
  const depth = (await readRasterFile(join(out, 'depth.tif'))).data;
  let wet = 0;
  let max = 0;
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i]!;
    if (d === d) {
      wet++;
      if (d > max) max = d;
    }
  }
  expect(wet).toBe(s.floodedCells);
  expect(max).toBeCloseTo(s.maxDepth, 4);
}

describe('Tokyo inner port, 50 m, EPSG:6677', () => {
  it.skipIf(missing(TOKYO))('floods from the border; outputs agree; more water never floods less; spill W < L matches', async () => {
    const dem = sharedFile(TOKYO);
    const dir = tempDir('fz-tokyo-');
    let prev = 0;
    for (const L of [1, 2, 3]) {
      const out = join(dir, `L${L}`);
      const s = await floodOk(['--dem', dem, '--level', String(L), '--out', out]);
      expect(s.floodedCells).toBeGreaterThan(prev);
      expect(s.floodedArea_m2).toBe(s.floodedCells * 2500);
      prev = s.floodedCells;
      await checkOutputs(out, s);
    }
    const w = join(dir, 'w.tif');
    expect((await run(['spill', '--dem', dem, '--out', w])).code).toBe(0);
    const W = (await readRasterFile(w)).data;
    const s2 = await floodOk(['--dem', dem, '--level', '2']);
    let n = 0;
    for (let i = 0; i < W.length; i++) if (W[i]! < 2) n++;
    expect(n).toBe(s2.floodedCells);
    const table = await run(['scenarios', '--dem', dem, '--levels', '1,2,3', '--json']);
    const rows = JSON.parse(table.out).levels as Array<{ floodedCells: number }>;
    expect(rows[1]!.floodedCells).toBe(s2.floodedCells);
  });
});

describe('Tokyo inner port with sea polygons in longitude/latitude', () => {
  it.skipIf(missing(TOKYO))('an RFC 7946 polygon over the bay seeds the flood once transformed to EPSG:6677', async () => {
    const dem = sharedFile(TOKYO);
    const dir = tempDir('fz-tokyo-sea-');
    // A box over open water near the south edge of the grid (Tokyo port approaches), in WGS84.
    const sea = join(dir, 'sea.geojson');
    writeFileSync(
      sea,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[139.80, 35.56], [139.84, 35.56], [139.84, 35.58], [139.80, 35.58], [139.80, 35.56]]] } }],
      }),
    );
    const fromSea = await floodOk(['--dem', dem, '--level', '2', '--sea', sea]);
    const fromBorder = await floodOk(['--dem', dem, '--level', '2']);
    expect(fromSea.floodedCells).toBeGreaterThan(0);
    // The bay is connected to the border, so the polygon reaches the same water (or less of it).
    expect(fromSea.floodedCells).toBeLessThanOrEqual(fromBorder.floodedCells);
    expect(fromSea.floodedCells).toBeGreaterThan(0.5 * fromBorder.floodedCells);
  });
});

describe('Guam, Apra Harbor, 5 m, EPSG:32655, sea as no data', () => {
  it.skipIf(missing(GUAM))('with --nodata-is-sea the no-data sea conducts: outputs agree, never fewer cells than without it', async () => {
    const dem = sharedFile(GUAM);
    const dir = tempDir('fz-guam-');
    const out = join(dir, 'out');
    const sea = await floodOk(['--dem', dem, '--level', '2', '--nodata-is-sea', '--out', out]);
    await checkOutputs(out, sea);
    expect(sea.floodedArea_m2).toBe(sea.floodedCells * 25);
    const plain = await run(['flood', '--dem', dem, '--level', '2', '--json']);
    const plainCells = plain.code === 0 ? (JSON.parse(plain.out) as FloodSummary).floodedCells : 0;
    if (plain.code !== 0) expect(plain.err).toMatch(/nothing floods/);
    // Nodata conducting water can only add flooded cells (here the valid cells along the border already
    // reach the same shore at 2 m, measured: 30,371 cells both ways).
    expect(sea.floodedCells).toBeGreaterThanOrEqual(plainCells);
    expect(sea.floodedCells).toBeGreaterThan(0);
    const higher = await floodOk(['--dem', dem, '--level', '3', '--nodata-is-sea']);
    expect(higher.floodedCells).toBeGreaterThan(sea.floodedCells);
  });
});

describe('Azores, Faial (Horta), SRTM 3″, geographic EPSG:4326', () => {
  it.skipIf(missing(AZORES))('areas are geodesic m², not square degrees, and polygons sum to the summary', async () => {
    const path = sharedFile(AZORES);
    const dir = tempDir('fz-azores-');
    const out = join(dir, 'out');
    const s = await floodOk(['--dem', path, '--level', '5', '--out', out]);
    await checkOutputs(out, s);
    // Recompute the area from the geodesic row areas and the depth raster's wet cells.
    const dem = await readRasterFile(path);
    const rows = cellAreas(dem);
    const depth = (await readRasterFile(join(out, 'depth.tif'))).data;
    let area = 0;
    for (let i = 0; i < depth.length; i++) if (depth[i] === depth[i]) area += rows[Math.floor(i / dem.width)]!;
    expect(s.floodedArea_m2).toBeCloseTo(area, 3);
    // A 3″ cell at 38.5° N is about 92.6 m × 72.5 m ≈ 6,700 m².
    const perCell = s.floodedArea_m2 / s.floodedCells;
    expect(perCell).toBeGreaterThan(6500);
    expect(perCell).toBeLessThan(6900);
  });
});
