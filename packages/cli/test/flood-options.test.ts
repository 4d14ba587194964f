import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from 'floodzone';
import { readRasterFile } from '@floodzone/raster/node';
import { badInput, capture, filesUnder, removeTempDirs, run, tempDir, writeAsc } from './helpers.js';

afterAll(removeTempDirs);

describe('floodzone flood --attenuation', () => {
  // A channel one cell wide between walls, open to the sea only at its west end (5 m cells).
  const channel = [
    [10, 10, 10, 10, 10, 10, 10, 10],
    [0, 0.1, 0.2, 0.3, 0.4, 0.55, 0.6, 10],
    [10, 10, 10, 10, 10, 10, 10, 10],
  ];

  it('loses a·length of level per metre: hand-computed reach, depths and volume', async () => {
    const dir = tempDir('fz-att-');
    const dem = writeAsc(dir, 'dem.asc', channel);
    const flat = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--json'])).out);
    expect(flat.floodedCells).toBe(7);
    // a = 0.02 m/m over 5 m steps: the level at column k is 1 − 0.1·k; it floods while above z
    // (columns 0–4; column 5 has 0.5 < 0.55, no tie at the edge).
    const out = join(dir, 'out');
    const r = await run(['flood', '--dem', dem, '--level', '1', '--attenuation', '0.02', '--out', out, '--json']);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out);
    expect(s.floodedCells).toBe(5);
    expect(s.attenuation_m_per_m).toBe(0.02);
    // Σ (1 − 0.2k) · 25 for k = 0..4 = 3 · 25
    expect(s.volume_m3).toBeCloseTo(75, 4);
    const depth = (await readRasterFile(join(out, 'depth.tif'))).data;
    for (let k = 0; k < 8; k++) {
      const d = depth[8 + k]!;
      if (k < 5) expect(d).toBeCloseTo(1 - 0.2 * k, 5);
      else expect(d).toBeNaN();
    }
    const zero = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--attenuation', '0', '--json'])).out);
    expect(zero.floodedCells).toBe(7);
  });

  it('negative attenuation, or attenuation with --sigma: exit 2, nothing written', async () => {
    const dir = tempDir('fz-att-bad-');
    const dem = writeAsc(dir, 'dem.asc', channel);
    const out = join(dir, 'out');
    for (const [extra, msg] of [
      [['--attenuation', '-0.01'], /--attenuation must be ≥ 0 m per m, got -0.01/],
      [['--attenuation', 'steep'], /--attenuation must be a finite number/],
      [['--attenuation', '0.01', '--sigma', '0.2'], /--sigma needs spill levels/],
    ] as const) {
      expect(await badInput(['flood', '--dem', dem, '--level', '1', '--out', out, ...extra], out)).toMatch(msg);
    }
  });
});

describe('floodzone flood --sigma (NOAA confidence)', () => {
  const rows = [
    [0.5, 0.2, 3, 3, 3],
    [3, 0.4, 3, 0.1, 3],
    [3, 3, 0.3, 3, 3],
    [3, 3, 3, 3, 3],
  ];

  it('P = Φ((L − W)/σ): a small σ keeps every flooded cell high-confidence, a large one none', async () => {
    const dir = tempDir('fz-sigma-');
    const dem = writeAsc(dir, 'dem.asc', rows);
    const out = join(dir, 'out');
    const tight = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--sigma', '0.1', '--out', out, '--json'])).out);
    // W of the flooded cells is at most 0.5 (Φ(5) ≈ 1); every other cell has W = 3 (Φ(−20) ≈ 0).
    expect(tight.confidence).toEqual({ sigma_m: 0.1, threshold: 0.8, highConfidenceCells: 5, highConfidenceArea_m2: 125 });
    expect(filesUnder(out)).toEqual(['depth.tif', 'flood.geojson', 'high-confidence.geojson', 'probability.tif', 'summary.json']);
    const hc = JSON.parse(readFileSync(join(out, 'high-confidence.geojson'), 'utf8'));
    expect(hc.features.reduce((a: number, f: { properties: { area_m2: number } }) => a + f.properties.area_m2, 0)).toBe(125);
    const p = (await readRasterFile(join(out, 'probability.tif'))).data;
    // W(0,1) = 0.2: Φ(8) ≈ 1; W(1,3) = 0.4 (over the (1,1) cell): Φ(6).
    expect(p[1]).toBeCloseTo(1, 6);
    expect(p[2]).toBeCloseTo(0, 6);
    // σ = 2: the best cell has Φ((1 − 0.2)/2) = Φ(0.4) ≈ 0.655 < 0.8.
    const loose = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--sigma', '2', '--json'])).out);
    expect(loose.confidence.highConfidenceCells).toBe(0);
    expect(p[1]).toBeGreaterThan(0.99);
  });

  it('σ ≤ 0 or not a number: exit 2', async () => {
    const dir = tempDir('fz-sigma-bad-');
    const dem = writeAsc(dir, 'dem.asc', rows);
    for (const v of ['0', '-0.3', 'wide']) {
      const io = capture();
      expect(await runCli(['flood', '--dem', dem, '--level', '1', '--sigma', v], io)).toBe(2);
      expect(io.err).toMatch(/--sigma must be/);
      expect(io.out).toBe('');
    }
  });
});

describe('floodzone flood --min-lowlying-area', () => {
  const rows = [
    [0.5, 3, 3, 3, 3],
    [3, 3, 0.2, 0.3, 3],
    [3, 3, 3, 3, 3],
  ];

  it('reports areas below the level that the sea does not reach, with an area threshold in m²', async () => {
    const dir = tempDir('fz-low-');
    const dem = writeAsc(dir, 'dem.asc', rows);
    const out = join(dir, 'out');
    const s = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--min-lowlying-area', '40', '--out', out, '--json'])).out);
    expect(s.floodedCells).toBe(1);
    expect(s.lowLying.count).toBe(1);
    expect(s.lowLying.area_m2).toBe(50);
    expect(s.lowLying.volume_m3).toBeCloseTo((0.8 + 0.7) * 25, 4);
    const fc = JSON.parse(readFileSync(join(out, 'lowlying.geojson'), 'utf8'));
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties.area_m2).toBe(50);
    const big = JSON.parse((await run(['flood', '--dem', dem, '--level', '1', '--min-lowlying-area', '60', '--json'])).out);
    expect(big.lowLying.count).toBe(0);
    const io = capture();
    expect(await runCli(['flood', '--dem', dem, '--level', '1', '--min-lowlying-area', '-5'], io)).toBe(2);
    expect(io.err).toMatch(/--min-lowlying-area must be ≥ 0/);
  });
});

describe('floodzone flood --level-grid', () => {
  const channel = [
    [10, 10, 10, 10, 10, 10, 10, 10],
    [0, 0.1, 0.2, 0.3, 0.4, 0.55, 0.6, 10],
    [10, 10, 10, 10, 10, 10, 10, 10],
  ];
  const uniform = (v: number) => channel.map((row) => row.map(() => v));

  it('the level of the source cell spreads over wet paths', async () => {
    const dir = tempDir('fz-lgrid-');
    const dem = writeAsc(dir, 'dem.asc', channel);
    const out = join(dir, 'out');
    const hi = JSON.parse((await run(['flood', '--dem', dem, '--level-grid', writeAsc(dir, 'hi.asc', uniform(0.45)), '--out', out, '--json'])).out);
    expect(hi.floodedCells).toBe(5);
    expect(hi.level_m).toBeNull();
    const depth = (await readRasterFile(join(out, 'depth.tif'))).data;
    expect(depth[8 + 3]).toBeCloseTo(0.45 - 0.3, 5);
    // Only the source cell's value counts: a high level elsewhere changes nothing.
    const rows = uniform(5);
    rows[1]![0] = 0.25;
    const lo = JSON.parse((await run(['flood', '--dem', dem, '--level-grid', writeAsc(dir, 'lo.asc', rows), '--json'])).out);
    expect(lo.floodedCells).toBe(3);
    // Same as the uniform level when the grid is uniform.
    const flat = JSON.parse((await run(['flood', '--dem', dem, '--level', '0.45', '--json'])).out);
    expect(flat.floodedCells).toBe(hi.floodedCells);
    expect(flat.volume_m3).toBeCloseTo(hi.volume_m3, 5);
  });

  it('a level grid of another size, with --level, or with --sigma: exit 2, nothing written', async () => {
    const dir = tempDir('fz-lgrid-bad-');
    const dem = writeAsc(dir, 'dem.asc', channel);
    const small = writeAsc(dir, 'small.asc', [[1, 1], [1, 1]]);
    const good = writeAsc(dir, 'good.asc', uniform(0.45));
    const low = writeAsc(dir, 'low.asc', uniform(-1));
    const out = join(dir, 'out');
    for (const [extra, msg] of [
      [['--level-grid', small], /--level-grid .*small\.asc is 2×2 cells but the DEM is 8×3/],
      [['--level-grid', good, '--level', '1'], /give either --level or --level-grid, not both/],
      [['--level-grid', good, '--sigma', '0.2'], /--sigma needs one water level/],
      [['--level-grid', low], /nothing floods with --level-grid .*low\.asc/],
    ] as const) {
      expect(await badInput(['flood', '--dem', dem, '--out', out, ...extra], out)).toMatch(msg);
    }
  });
});
