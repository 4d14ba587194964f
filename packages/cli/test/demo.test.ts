import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from 'floodzone';
import { readRasterFile } from '@floodzone/raster/node';
import { afterAll, describe, expect, it } from 'vitest';
import { badInput, capture, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('floodzone demo', () => {
  it('floods the example port at its demo levels and reports the hand-known land areas', async () => {
    const out = tempDir('fz-demo-');
    const io = capture();
    expect(await runCli(['demo', '--out', out, '--json'], io)).toBe(0);
    const r = JSON.parse(io.out) as { datum: { toTP_m: number }; rows: { level_DL_m: number; level_TP_m: number; landFloodedArea_m2: number; out: string }[] };
    // examples/port/README.md: no land below +4.0; 20,000 cells (×25 m²) above +4.0; 40,000 above +4.5; 61,744 above +5.0.
    expect(r.rows.map((x) => x.level_DL_m)).toEqual([2.1, 3.1, 4.2, 4.7, 5.1]);
    expect(r.rows.map((x) => x.landFloodedArea_m2)).toEqual([0, 0, 20_000 * 25, 40_000 * 25, 61_744 * 25]);
    for (const row of r.rows) {
      expect(row.level_TP_m).toBeCloseTo(row.level_DL_m + r.datum.toTP_m, 9);
      for (const f of ['depth.tif', 'flood.geojson', 'summary.json']) expect(existsSync(join(row.out, f)), `${row.out}/${f}`).toBe(true);
    }
    // The depth GeoTIFF reads back in the DEM's CRS, NaN where dry; the hinterland bowl (col 90, row 95) is dry at +4.2.
    const d42 = await readRasterFile(join(r.rows[2].out, 'depth.tif'));
    expect(d42.crs?.code).toBe('EPSG:6677');
    expect(Number.isNaN(d42.data[95 * 400 + 90])).toBe(true);
    // …and 1.2 m deep in the shared yard (ground +3.0).
    expect(d42.data[150 * 400 + 290]).toBeCloseTo(1.2, 5);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('prints a table with each level in D.L. and T.P.', async () => {
    const out = tempDir('fz-demo-');
    const io = capture();
    expect(await runCli(['demo', '--out', out], io)).toBe(0);
    expect(io.out).toMatch(/D\.L\.\+5\.10 m\s+T\.P\.\+3\.97 m/);
    expect(io.out).toMatch(/T\.P\. = D\.L\. − 1\.134 m/);
  });

  it('a port folder without levels.json is bad input: exit 2, one line, nothing written', async () => {
    const out = tempDir('fz-demo-');
    expect(await badInput(['demo', '--port', join(out, 'nowhere'), '--out', join(out, 'o')], out)).toMatch(/levels\.json: no such file/);
  });
});
