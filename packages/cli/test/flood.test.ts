import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from 'floodzone';
import { readRasterFile } from '@floodzone/raster/node';
import { capture, centre, filesUnder, type FloodSummary, removeTempDirs, run, tempDir, writeAsc, writeJson } from './helpers.js';

afterAll(removeTempDirs);

const BASIC = [
  [0.5, 0.2, 3, 3, 3],
  [3, 0.4, 3, 0.1, 3],
  [3, 3, 0.3, 3, 3],
  [3, 3, 3, 3, 3],
];

describe('floodzone flood on tiny DEMs', () => {
  it('writes depth.tif, flood.geojson and summary.json; --json prints only the summary', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', BASIC);
    const out = join(dir, 'out');
    const r = await run(['flood', '--dem', dem, '--level', '1', '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as FloodSummary;
    // 8-connected: (0,0) (0,1) (1,1) then diagonally (2,2) and (1,3).
    expect(s.floodedCells).toBe(5);
    expect(s.floodedArea_m2).toBe(125);
    const depths = [0.5, 0.2, 0.4, 0.3, 0.1].map((z) => 1 - Math.fround(z));
    expect(s.volume_m3).toBeCloseTo(depths.reduce((a, b) => a + b) * 25, 4);
    expect(s.maxDepth).toBeCloseTo(0.9, 6);
    expect(s.areas).toBe(1);
    for (const k of ['read', 'flood', 'vectorize', 'write'] as const) expect(s.timings[k]).toBeGreaterThanOrEqual(0);
    expect(filesUnder(out)).toEqual(['depth.tif', 'flood.geojson', 'summary.json']);

    const saved = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as FloodSummary;
    expect(saved.floodedCells).toBe(5);

    const depth = await readRasterFile(join(out, 'depth.tif'));
    expect([depth.width, depth.height]).toEqual([5, 4]);
    const flooded = new Set([0, 1, 6, 8, 12]);
    for (let i = 0; i < 20; i++) {
      const z = BASIC[Math.floor(i / 5)]![i % 5]!;
      if (flooded.has(i)) expect(depth.data[i]).toBeCloseTo(1 - z, 6);
      else expect(depth.data[i]).toBeNaN();
    }

    const fc = JSON.parse(readFileSync(join(out, 'flood.geojson'), 'utf8')) as {
      features: Array<{ properties: { area_m2: number; volume_m3: number } }>;
    };
    const sum = fc.features.reduce((a, f) => a + f.properties.area_m2, 0);
    expect(sum).toBe(s.floodedArea_m2);
    // Polygons sum the Float32 depth grid, the summary sums level − z in double precision.
    const vol = fc.features.reduce((a, f) => a + f.properties.volume_m3, 0);
    expect(Math.abs(vol - s.volume_m3)).toBeLessThan(1e-6 * s.volume_m3);
  });

  it('8-connectivity crosses a diagonal gap, 4 does not', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', BASIC);
    const s4 = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--connectivity', '4', '--json'])).out) as FloodSummary;
    expect(s4.floodedCells).toBe(3);
    const s8 = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--json'])).out) as FloodSummary;
    expect(s8.floodedCells).toBe(5);
  });

  it('a cell exactly at the level stays dry', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', [
      [1, 0.5, 3],
      [3, 1, 3],
      [3, 0.5, 3],
    ]);
    const s = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--json'])).out) as FloodSummary;
    // (0,1) floods from the border; (1,1) = 1 is not below 1; (2,1) is a border cell below the level.
    expect(s.floodedCells).toBe(2);
  });

  it('no data blocks, and with --nodata-is-sea it is open water', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', [
      [3, null, 3],
      [3, 0.2, 3],
      [3, 3, 3],
    ]);
    const blocked = await run(['flood', '--dem', dem, '--level', '1', '--json']);
    expect(blocked.code).toBe(2);
    expect(blocked.err).toMatch(/nothing floods at level 1 m: no border cell is below the level.*--nodata-is-sea/);
    const open = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--nodata-is-sea', '--json'])).out) as FloodSummary;
    expect(open.floodedCells).toBe(1);
  });

  it('--seed floods from a point instead of the border; --sea polygons and a --sea mask do the same', async () => {
    const dir = tempDir();
    const rows = [
      [3, 3, 3, 3],
      [3, 0.2, 0.3, 3],
      [3, 3, 3, 3],
    ];
    const dem = writeAsc(dir, 'dem.asc', rows);
    const border = await run(['flood', '--dem', dem, '--level', '1']);
    expect(border.code).toBe(2);
    const [x, y] = centre(1, 1, 3);
    const seeded = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--seed', `${x},${y}`, '--json'])).out) as FloodSummary;
    expect(seeded.floodedCells).toBe(2);
    // With an explicit --sea border the seeds add to the border instead of replacing it.
    const two = writeAsc(dir, 'two.asc', [
      [0.5, 3, 3, 3],
      [3, 3, 0.2, 3],
      [3, 3, 3, 3],
    ]);
    const [sx, sy] = centre(2, 1, 3);
    const count = async (extra: string[]) =>
      (JSON.parse((await run(['flood', '--dem', two, '--level', '1', ...extra, '--json'])).out) as FloodSummary).floodedCells;
    expect(await count([])).toBe(1);
    expect(await count(['--seed', `${sx},${sy}`])).toBe(1);
    expect(await count(['--sea', 'border', '--seed', `${sx},${sy}`])).toBe(2);

    const poly = writeJson(dir, 'sea.geojson', {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x - 1, y - 1], [x + 1, y - 1], [x + 1, y + 1], [x - 1, y + 1], [x - 1, y - 1]]] } }],
    });
    const byPoly = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--sea', poly, '--json'])).out) as FloodSummary;
    expect(byPoly.floodedCells).toBe(2);

    const mask = writeAsc(dir, 'sea.asc', [
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    const byMask = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--sea', mask, '--json'])).out) as FloodSummary;
    expect(byMask.floodedCells).toBe(2);
  });

  it('a diagonal barrier line holds under 8-connectivity until the level passes its crest', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
    const dem = writeAsc(dir, 'dem.asc', rows);
    // Pixel-corner line x + y = 4.5 from (0, 4.5) to (4.5, 0); world X = 1000 + 5x, Y = 2025 − 5y.
    const line = writeJson(dir, 'wall.geojson', {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { crest: 2 }, geometry: { type: 'LineString', coordinates: [[1000, 2025 - 22.5], [1022.5, 2025]] } }],
    });
    const [x, y] = centre(0, 0, 5);
    const seed = `${x},${y}`;
    const held = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--seed', seed, '--barriers', line, '--json'])).out) as FloodSummary;
    expect(held.floodedCells).toBe(10); // cells with col + row ≤ 3
    const over = JSON.parse((await run(['flood', '--dem', dem, '--level', '3', '--seed', seed, '--barriers', line, '--json'])).out) as FloodSummary;
    expect(over.floodedCells).toBe(25);
    const atCrest = JSON.parse((await run(['flood', '--dem', dem, '--level', '2', '--seed', seed, '--barriers', line, '--json'])).out) as FloodSummary;
    expect(atCrest.floodedCells).toBe(10); // blocked while the level is at or below the crest
  });

  it('without --out writes nothing and skips vectorizing', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', BASIC);
    const before = filesUnder(dir);
    const r = await run(['flood', '--dem', dem, '--level', '1', '--json']);
    const s = JSON.parse(r.out) as FloodSummary;
    expect(s.timings.vectorize).toBe(0);
    expect(s.areas).toBeNull();
    expect(filesUnder(dir)).toEqual(before);
  });

  it('takes a level below the datum as "--level -0.5"', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', [
      [-1, -0.2, 3],
      [3, -0.8, 3],
      [3, 3, 3],
    ]);
    const s = JSON.parse((await run(['flood', '--dem', dem, '--level', '-0.5', '--json'])).out) as FloodSummary;
    expect(s.floodedCells).toBe(2);
    const io = capture();
    expect(await runCli(['scenarios', '--dem', dem, '--levels', '-1:0:0.5', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).levels.map((x: { floodedCells: number }) => x.floodedCells)).toEqual([0, 2, 3]);
  });

  it('an aborted run exits 130 and leaves nothing in --out', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', BASIC);
    const out = join(dir, 'out');
    for (const cmd of [
      ['flood', '--dem', dem, '--level', '1', '--out', out],
      ['spill', '--dem', dem, '--out', join(out, 'w.tif')],
      ['scenarios', '--dem', dem, '--levels', '1,2', '--csv', join(out, 't.csv')],
    ]) {
      const controller = new AbortController();
      controller.abort(new DOMException('interrupted', 'AbortError'));
      const io = { ...capture(), signal: controller.signal };
      const errs: string[] = [];
      io.stderr = (t: string) => void errs.push(t);
      expect(await runCli(cmd, io)).toBe(130);
      expect(errs.join('')).toMatch(/interrupted/);
      expect(filesUnder(out)).toEqual([]);
    }
  });

  it('prints a one-line human summary without --json', async () => {
    const dir = tempDir();
    const dem = writeAsc(dir, 'dem.asc', BASIC);
    const r = await run(['flood', '--dem', dem, '--level', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^flood at 1 m \(8-connected, sea: border\): 5 cells, 125 m²/);
  });
});
