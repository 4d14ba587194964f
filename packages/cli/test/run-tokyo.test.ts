/**
 * Real data: `floodzone run` on the inner Tokyo port 50 m DEM (../shared/data/tokyo_bay_geoclaw,
 * EPSG:6677, metres T.P.) with five real wharves owned by Japanese-named bodies, report in Japanese.
 * Wharf polygons are placed by test-support/tokyo-wharves.ts: the wharf's map location (lon/lat,
 * about ±200 m) snapped to the nearest 5×5-cell block of land between +1 and +10 m T.P. Skips
 * with the reason when the shared data is absent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crsTransformer, resolveCrs } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { afterAll, describe, expect, it } from 'vitest';
import { missing, sharedFile } from '../../../test-support/shared-data.js';
import { TOKYO_WHARVES, wharfCell, wharfPolygon } from '../../../test-support/tokyo-wharves.js';
import { runCli } from '../src/main.js';
import { capture, parseCsv, removeTempDirs, tempDir } from './helpers.js';

const DEM = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
const skip = missing(DEM);
if (skip) console.warn(skip);
afterAll(removeTempDirs);

describe.skipIf(skip)('floodzone run on the Tokyo 50 m DEM', () => {
  it('writes legible maps, a Japanese report whose crest table is crest.csv, and flooding that grows with the level', async () => {
    const dem = await readRasterFile(sharedFile(DEM));
    const toPlane = crsTransformer(resolveCrs(4326), resolveCrs(6677));
    const features = TOKYO_WHARVES.map(({ id, name, owner, lon, lat }) => {
      const best = wharfCell(dem, ...toPlane(lon, lat));
      expect([id, best >= 0]).toEqual([id, true]);
      return { type: 'Feature', properties: { id, name, owner, kind: 'wharf', damageThreshold_m: 0.5, key: id === 'ohi' }, geometry: wharfPolygon(dem, best) };
    });
    const [sx, sy] = toPlane(139.85, 35.58); // open water of the bay
    const dir = tempDir('fz-tokyo-');
    const project = join(dir, 'port.json');
    writeFileSync(
      project,
      JSON.stringify({
        name: 'Tokyo inner port (50 m)',
        crs: 'EPSG:6677',
        dem: sharedFile(DEM),
        datum: { name: 'T.P.', toTP_m: 0 },
        sea: { points: [[sx, sy]] },
        referenceLevel_m: 0.97,
        baseYear: 2020,
        years: [2050, 2100],
        scenarios: [
          { name: 'RCP2.6', slr: [[2020, 0], [2100, 0.39]] },
          { name: 'RCP8.5', slr: [[2020, 0], [2100, 0.71]] },
        ],
        forces: { design: { label: 'example surge', hwl_m: 0.97, surge_m: 2.0 } },
        facilities: { type: 'FeatureCollection', features },
      }),
    );
    const out = join(dir, 'out');
    const io = capture();
    expect(await runCli(['run', project, '--out', out, '--lang', 'ja', '--dem-rmse', '0.3', '--json'], io)).toBe(0);
    const summary = JSON.parse(io.out);
    // Flooded land grows with the level within each scenario.
    for (const s of ['RCP2.6', 'RCP8.5']) {
      const cs = summary.cases.filter((c: { id: string }) => c.id.startsWith(`${s}@`));
      for (let i = 1; i < cs.length; i++) expect(cs[i].floodedArea_m2).toBeGreaterThanOrEqual(cs[i - 1].floodedArea_m2);
    }
    // Maps: one per case, a PNG at most ~1000 px on the map side plus the legend panel.
    for (const c of summary.cases) {
      const png = readFileSync(join(out, 'maps', `${c.id.replace('@', '_')}.png`));
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const w = png.readUInt32BE(16);
      expect(w).toBeGreaterThan(391);
      expect(w).toBeLessThan(1400);
    }
    // Japanese owners cannot be drawn by the PNG font: the report says which "Owner n" is which.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/PNG: [^<]*Owner \d+ = 東京港埠頭\(株\)/);
    expect(html).toMatch(/PNG: [^<]*Owner \d+ = 東京都/);
    const crest = parseCsv(readFileSync(join(out, 'crest.csv'), 'utf8'));
    const m = html.match(/<table id="table-crest"[^>]*>([\s\S]*?)<\/table>/)!;
    const rows = [...m[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((r) => [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')));
    expect(rows).toEqual(crest.slice(1));
    // Confidence: P(flood) in [0, 1], and ≥ 0.5 exactly where the spill level is below the level.
    const target = summary.targetCases[1] as string;
    const p = await readRasterFile(join(out, 'confidence', `${target.replace('@', '_')}.tif`));
    const w = await readRasterFile(join(out, 'spill.tif'));
    const level = summary.cases.find((c: { id: string }) => c.id === target).level_m;
    let checked = 0;
    for (let i = 0; i < p.data.length; i += 97) {
      if (Number.isNaN(w.data[i]!)) continue;
      expect(p.data[i]! >= 0 && p.data[i]! <= 1).toBe(true);
      if (Math.abs(w.data[i]! - level) > 1e-3) expect(p.data[i]! > 0.5).toBe(w.data[i]! < level);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  }, 300_000);
});
