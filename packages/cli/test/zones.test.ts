import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from 'floodzone';
import { badInput, capture, filesUnder, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const PORT = fileURLToPath(new URL('../../../examples/port/', import.meta.url));
const LAYERS = ['dem.tif', 'facilities.geojson', 'port-area.geojson', 'lines.geojson', 'points.geojson'];

/** A copy of the example port in a temp folder, with port.json changed by `edit`. */
function portCopy(edit: (json: Record<string, unknown>, dir: string) => void = () => {}): string {
  const dir = tempDir('fz-zones-');
  for (const f of LAYERS) copyFileSync(join(PORT, f), join(dir, f));
  const json = JSON.parse(readFileSync(join(PORT, 'port.json'), 'utf8')) as Record<string, unknown>;
  edit(json, dir);
  writeFileSync(join(dir, 'port.json'), JSON.stringify(json));
  return join(dir, 'port.json');
}

function readLayer(dir: string, name: string) {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as { type: string; crs?: unknown; features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }> };
}

describe('floodzone zones on the example port', () => {
  it('writes areas, zones, lines, crest.csv and summary with the answers known by hand', async () => {
    const out = tempDir('fz-zones-out-');
    const io = capture();
    const code = await runCli(['zones', '--project', join(PORT, 'port.json'), '--out', out, '--json'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(filesUnder(out)).toEqual(['areas.geojson', 'crest.csv', 'lines.geojson', 'summary.json', 'zones.geojson']);
    const summary = JSON.parse(io.out);
    // DHWL = 2.1 + ΔMSL + 1.9 × r_S: today 4.0 exactly, so the quays (crest +4.0) hold.
    const today = summary.cases.find((c: { id: string }) => c.id === 'today');
    expect(today.level_m).toBeCloseTo(4.0, 9);
    expect(today.areas).toBe(0);
    // RCP2.6 2050: 2.1 + 0.39·30/80 + 1.9·(1 + 0.1·30/80) = 4.2175 → the shared yard and both aprons (20,000 cells).
    const c2050 = summary.cases.find((c: { id: string }) => c.id === 'RCP2.6@2050');
    expect(c2050.level_m).toBeCloseTo(2.1 + 0.39 * 30 / 80 + 1.9 * (1 + 0.1 * 30 / 80), 9);
    expect(c2050.floodedArea_m2).toBe(500000);
    // Two quays of different owners, one low yard: one zone with both owners.
    const t26 = summary.zones.find((z: { case: string }) => z.case === 'RCP2.6@2100');
    const yard = t26.zones.find((z: { facilities: string[] }) => z.facilities.includes('container-yard-a'));
    expect(yard.facilities).toContain('warehouse-b');
    expect(yard.owners).toEqual(expect.arrayContaining(['Minato Container Terminal Co.', 'Keiyo Bulk Logistics']));
    expect(yard.entryLines).toEqual(expect.arrayContaining(['quay-a', 'quay-b']));
    // The seawall (+5.0) holds in every case (highest design level: RCP8.5 2100 = 2.1 + 0.71 + 2.09 = 4.90).
    const areas = readLayer(out, 'areas.geojson');
    expect(areas.features.some((f) => (f.properties.facilities as string[]).includes('cold-storage'))).toBe(false);
    const csv = readFileSync(join(out, 'crest.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('owner,facility,adaptation level,line,line name,kind,scenario,year,front water level,wave allowance (m),required crest,existing crest,deficit (m),adaptation year,works,formula');
    // A line that holds still names what it guards: the seawall keeps the hinterland's cold storage dry.
    expect(csv.find((l) => l.includes(',seawall-south,'))!.startsWith('Port Authority,Cold storage,Cold storage depth ≤ 0.5 m,')).toBe(true);
    const quayA = csv.find((l) => l.includes(',quay-a,') && l.includes('RCP2.6'))!;
    // Front level RCP2.6 2100 = 2.1 + 0.39 + 1.9 × 1.1 = 4.58 → "D.L.+4.58 m (T.P.+3.45 m)".
    expect(quayA).toContain('D.L.+4.58 m (T.P.+3.45 m)');
    expect(quayA.startsWith('Minato Container Terminal Co.,')).toBe(true);
    // Required = 4.58 + Rc(EurOtop 7.1: Hs = 1.0 × 1.05, q = 0.01 → 0.976 m) = 5.556 → D.L.+5.56.
    expect(quayA).toContain('"raise Quay A (container berth, −12 m) to D.L.+5.56 m (T.P.+4.42 m) by 2020"');
    // Setback (Figure 4-6): the zone's waterfront is the quays' 200 edges at +4.0, so its wall is
    // 1,000 m × (R − 4.0); a line over the terrace (+4.5, 200 cells) tied to the canal wall and the
    // east upland needs less, but at least 1,000 m × (R − 4.5) for the terrace crossing.
    expect(summary.setbacks).toHaveLength(1);
    const sb = summary.setbacks[0];
    const R = sb.requiredCrest_m;
    expect(R).toBeGreaterThan(5);
    expect(sb.waterfrontWallArea_m2).toBeCloseTo(1000 * (R - 4.0), 6);
    expect(sb.wallArea_m2).toBeLessThan(sb.waterfrontWallArea_m2);
    expect(sb.wallArea_m2).toBeGreaterThanOrEqual(1000 * (R - 4.5) - 1e-6);
    // The plan (quays and canal wall to +5.4) keeps the yard and the substation dry at the design force
    // of 2100; the port-plan force (2.1 + 0.39 + 2.4 × 1.1 = 5.13) overtops the +5.0 seawall: residual flood.
    expect(summary.plan.ok).toBe(true);
    expect(summary.plan.checks.find((c: { subject: string }) => c.subject === 'Shared low yard').value).toBe(0);
    expect(summary.plan.residual.area_m2).toBeGreaterThan(0);
    // Still water alone passes +4.0 after 2020, so quay A needs raising from the base year on.
    expect(summary.lines.find((l: { id: string }) => l.id === 'quay-a').adaptationYear['RCP2.6']).toBe(2020);
  });

  it('crest prints the table, --json gives the rows', async () => {
    const io = capture();
    expect(await runCli(['crest', '--project', join(PORT, 'port.json'), '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out) as Array<{ line: string; scenario: string; requiredCrest_m: number; frontLevel_m: number; waveAllowance_m: number; deficit_m: number; existingCrest_m: number }>;
    const r = rows.find((x) => x.line === 'quay-b' && x.scenario === 'RCP8.5')!;
    expect(r.frontLevel_m).toBeCloseTo(2.1 + 0.71 + 1.9 * 1.1, 9);
    expect(r.requiredCrest_m).toBeCloseTo(r.frontLevel_m + r.waveAllowance_m, 9);
    expect(r.deficit_m).toBeCloseTo(r.requiredCrest_m - 4, 9);
    const text = capture();
    expect(await runCli(['crest', '--project', join(PORT, 'port.json')], text)).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(/^owner\s+line\s+scenario\s+front water level/);
  });
});

describe('floodzone zones: sea sources', () => {
  it('sea polygons and a sea mask give the same flood as the border', async () => {
    const viaPolygons = portCopy((json, dir) => {
      copyFileSync(join(PORT, 'sea.geojson'), join(dir, 'sea.geojson'));
      json.sea = { polygons: 'sea.geojson' };
    });
    const viaMask = portCopy((json) => { json.sea = { mask: 'sea-mask.tif' }; });
    // The mask: the southern 15 rows (the bay mouth of sea.geojson) on the DEM's grid.
    const { readRasterFile } = await import('@floodzone/raster/node');
    const { encodeGeoTiff } = await import('@floodzone/raster');
    const dem = await readRasterFile(join(PORT, 'dem.tif'));
    const mask = new Float32Array(dem.width * dem.height);
    mask.fill(1, (dem.height - 15) * dem.width);
    writeFileSync(join(viaMask, '..', 'sea-mask.tif'), encodeGeoTiff({ ...dem, data: mask, nodata: null }));
    for (const p of [viaPolygons, viaMask]) {
      const io = capture();
      expect(await runCli(['zones', '--project', p, '--out', tempDir('fz-zones-sea-'), '--json'], io)).toBe(0);
      const s = JSON.parse(io.out);
      expect(s.cases.map((c: { floodedArea_m2: number }) => c.floodedArea_m2)).toEqual([0, 0, 500000, 1000000, 0, 500000, 1000000]);
    }
  });
});

describe('floodzone zones: bad input exits 2 with one line naming the field', () => {
  it('a facility without an owner', async () => {
    const p = portCopy((json, dir) => {
      const fc = readLayer(dir, 'facilities.geojson');
      delete fc.features[3].properties.owner;
      writeFileSync(join(dir, 'facilities.geojson'), JSON.stringify(fc));
    });
    const out = tempDir('fz-zones-bad-');
    expect(await badInput(['zones', '--project', p, '--out', out], out)).toBe(`floodzone: ${p}: facilities[3].owner: missing; every facility needs an owner`);
  });

  it('facilities in another CRS', async () => {
    const p = portCopy((json, dir) => {
      const fc = readLayer(dir, 'facilities.geojson');
      fc.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } };
      writeFileSync(join(dir, 'facilities.geojson'), JSON.stringify(fc));
    });
    expect(await badInput(['zones', '--project', p, '--out', tempDir()])).toMatch(/^floodzone: \S+port\.json: facilities: is in urn:ogc:def:crs:EPSG::4326 but the project CRS is EPSG:6677/);
  });

  it('facilities in another CRS without a crs member: outside the DEM', async () => {
    const p = portCopy((json) => {
      json.facilities = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { owner: 'X', assetValue: 1 }, geometry: { type: 'Polygon', coordinates: [[[139.77, 35.62], [139.78, 35.62], [139.78, 35.63], [139.77, 35.62]]] } }] };
    });
    expect(await badInput(['zones', '--project', p, '--out', tempDir()])).toMatch(/^floodzone: \S+port\.json: facilities\[0\]: .* lies outside the DEM .*; is it in another CRS than EPSG:6677\?$/);
  });

  it('a self-intersecting facility polygon', async () => {
    const p = portCopy((json, dir) => {
      const fc = readLayer(dir, 'facilities.geojson');
      fc.features[1].geometry.coordinates = [[[-4500, -42955], [-4095, -42650], [-4095, -42955], [-4500, -42650], [-4500, -42955]]];
      writeFileSync(join(dir, 'facilities.geojson'), JSON.stringify(fc));
    });
    expect(await badInput(['zones', '--project', p, '--out', tempDir()])).toMatch(/^floodzone: \S+port\.json: facilities\[1\]\.geometry: self-intersecting polygon near \(/);
  });

  it('a line without a crest', async () => {
    const p = portCopy((json, dir) => {
      const fc = readLayer(dir, 'lines.geojson');
      delete fc.features[4].properties.crest;
      writeFileSync(join(dir, 'lines.geojson'), JSON.stringify(fc));
    });
    expect(await badInput(['crest', '--project', p])).toBe(`floodzone: ${p}: lines[4].crest: missing; every protection line needs its existing crest elevation in metres (D.L.)`);
  });

  it('an unknown field and a missing field', async () => {
    const unknown = portCopy((json) => { json.referenceLevel = 2.1; });
    expect(await badInput(['crest', '--project', unknown])).toMatch(/^floodzone: \S+: referenceLevel: unknown field; allowed here: name, crs, dem/);
    const nested = portCopy((json) => { (json.forces as { design: Record<string, unknown> }).design.surge = 1; });
    expect(await badInput(['crest', '--project', nested])).toMatch(/^floodzone: \S+: forces\.design\.surge: unknown field/);
    const missing = portCopy((json) => { delete json.referenceLevel_m; });
    expect(await badInput(['crest', '--project', missing])).toBe(`floodzone: ${missing}: referenceLevel_m: missing; give today's reference level in metres (land is what stays dry at it)`);
    const missingHwl = portCopy((json) => { delete (json.forces as { design: Record<string, unknown> }).design.hwl_m; });
    expect(await badInput(['crest', '--project', missingHwl])).toBe(`floodzone: ${missingHwl}: forces.design.hwl_m: missing; give H.W.L. in metres in the project datum`);
  });

  it('a missing project file, a missing layer file, a missing flag', async () => {
    expect(await badInput(['zones', '--project', '/nonexistent/port.json', '--out', tempDir()])).toMatch(/^floodzone: project file "\/nonexistent\/port\.json" cannot be read \(ENOENT\)/);
    const p = portCopy((json) => { json.points = 'nope.geojson'; });
    expect(existsSync(p)).toBe(true);
    expect(await badInput(['crest', '--project', p])).toMatch(/nope\.geojson" cannot be read/);
    expect(await badInput(['zones', '--project', p])).toMatch(/--out is required/);
  });
});
