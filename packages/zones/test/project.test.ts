import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { epsgOf, resolvePath, validateProject } from '../src/project/validate.js';
import { portSchema } from '../src/project/schema.js';
import { cellsPolygon, fc, projectJson } from './protection-helpers.js';

const PORT = fileURLToPath(new URL('../../../examples/port/', import.meta.url));

/** The one-line message validateProject throws for `json`, or '' when it passes. */
function message(json: unknown, opts = {}): string {
  try {
    validateProject(json, opts);
    return '';
  } catch (err) {
    expect((err as Error).name).toBe('InputError');
    expect((err as Error).message.includes('\n')).toBe(false);
    return (err as Error).message;
  }
}

const square = cellsPolygon(0, 0, 1, 1, 1);
const line = { type: 'LineString', coordinates: [[0, 0], [10, 0]] };

describe('validateProject', () => {
  it('fills the defaults of a minimal project', () => {
    const p = validateProject(projectJson({ facilities: fc([{ geometry: square, properties: { owner: 'A' } }]) }));
    expect(p.connectivity).toBe(8);
    expect(p.nodataIsSea).toBe(false);
    expect(p.sea).toEqual({ kind: 'border' });
    expect(p.targetYear).toBe(2020);
    expect(p.margin_m).toBe(0);
    expect(p.allowableQ_m3sm).toBe(0.01);
    expect(p.portPlanForce).toBeNull();
    expect(p.facilities[0]).toMatchObject({ id: 'facility-0', owner: 'A', name: 'facility-0', kind: 'facility', key: false, damageThreshold_m: null });
  });

  it('reads the example port through readJson, relative to baseDir, with every layer', () => {
    const read: string[] = [];
    const p = validateProject(JSON.parse(readFileSync(`${PORT}port.json`, 'utf8')), {
      baseDir: PORT,
      readJson: (path) => { read.push(path); return JSON.parse(readFileSync(path, 'utf8')); },
    });
    expect(p.dem).toBe(`${PORT.replace(/\/$/, '')}/dem.tif`);
    expect(read.map((r) => r.slice(PORT.length))).toEqual(['facilities.geojson', 'port-area.geojson', 'lines.geojson', 'points.geojson']);
    expect(p.facilities.map((f) => f.owner)).toContain('Keiyo Bulk Logistics');
    expect(p.lines.find((l) => l.id === 'seawall-south')).toMatchObject({ crest_m: 5, structure: 'slope', slope: 2, toeDepth_m: 10, roughness: 1 });
    expect(p.lines.find((l) => l.id === 'quay-a')).toMatchObject({ structure: 'vertical', slope: null });
    expect(p.portPlanForce?.surge_m).toBe(2.4);
    expect(p.plan?.crests['quay-a']).toBe(5.4);
  });

  it('names the field of every schema violation', () => {
    expect(message({ ...projectJson(), extra: 1 })).toMatch(/^extra: unknown field; allowed here: name, crs, dem, datum/);
    const noName = projectJson();
    delete noName.name;
    expect(message(noName)).toBe('name: missing; name the port');
    expect(message(projectJson({ connectivity: 6 }))).toBe('connectivity: must be one of 4, 8, got 6');
    expect(message(projectJson({ years: [] }))).toBe('years: needs at least 1 item(s), got 0; list the years to analyse');
    expect(message(projectJson({ years: [2020, 2050.5] }))).toBe('years[1]: must be a whole number, got 2050.5');
    expect(message(projectJson({ datum: { name: 'D.L.' } }))).toBe('datum.toTP_m: missing; give the D.L.→T.P. offset in metres');
    expect(message(projectJson({ forces: { design: { hwl_m: 2, surge_m: 1, waves: { hs_m: 0, tm10_s: 5 } } } }))).toBe('forces.design.waves.hs_m: must be > 0, got 0');
    expect(message(projectJson({ sea: 'ocean' }))).toBe('sea: must be one of "border", got "ocean"');
    expect(message(projectJson({ sea: { mask: 'm.tif', extra: 1 } }))).toMatch(/^sea\.extra: unknown field/);
    expect(message(projectJson({ scenarios: [{ name: 'a', slr: [[2020, 0, 1]] }] }))).toBe('scenarios[0].slr[0]: allows at most 2 item(s), got 3');
    expect(message(projectJson({ depthDamage: { curve: [[0, 0], [1, 1.5]] } }))).toBe('depthDamage.curve[1][1]: must be ≤ 1, got 1.5');
    expect(message(projectJson({ referenceLevel_m: 'high' }))).toMatch(/^referenceLevel_m: must be a number, got "high"/);
  });

  it('checks what the schema cannot say', () => {
    expect(message(projectJson({ years: [2050, 2030] }))).toBe('years[1]: years must increase, got 2050 then 2030');
    expect(message(projectJson({ years: [2010] }))).toBe('years[0]: 2010 is before baseYear 2020; analyse from the base year on');
    expect(message(projectJson({ targetYear: 2030 }))).toBe('targetYear: 2030 is not one of years (2020); add it to years');
    expect(message(projectJson({ crs: 'Tokyo' }))).toBe('crs: "Tokyo" is not a CRS code; give e.g. "EPSG:6677"');
    expect(message(projectJson({ scenarios: [{ name: 'a', slr: [[2020, 0]] }, { name: 'a', slr: [[2020, 0]] }] }))).toBe('scenarios[1].name: "a" is used twice; scenario names must be unique');
    expect(message(projectJson({ facilities: fc([{ geometry: line, properties: { owner: 'A' } }]) }))).toBe('facilities[0].geometry: must be a Polygon or MultiPolygon, got LineString');
    expect(message(projectJson({ facilities: fc([{ geometry: square, properties: { owner: 'A', key: true } }]) }))).toBe('facilities[0].damageThreshold_m: missing; a key facility needs the depth at which it is damaged');
    expect(message(projectJson({ facilities: fc([{ geometry: square, properties: { owner: 'A', id: 'x' } }, { geometry: square, properties: { owner: 'B', id: 'x' } }]) }))).toBe('facilities[1].id: "x" is used twice; facility ids must be unique');
    expect(message(projectJson({ facilities: fc([{ geometry: square, properties: { owner: '' } }]) }))).toBe('facilities[0].owner: must be a non-empty string, got ""');
    const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]] };
    expect(message(projectJson({ facilities: fc([{ geometry: bowtie, properties: { owner: 'A' } }]) }))).toBe('facilities[0].geometry: self-intersecting polygon near (5, 5); fix the ring so its edges do not cross');
    expect(message(projectJson({ lines: fc([{ geometry: line, properties: { owner: 'A' } }]) }))).toBe('lines[0].crest: missing; every protection line needs its existing crest elevation in metres (D.L.)');
    expect(message(projectJson({ lines: fc([{ geometry: line, properties: { owner: 'A', crest: 4, structure: 'slope' } }]) }))).toBe('lines[0].slope: missing; a "slope" structure needs its seaward slope cotα');
    expect(message(projectJson({ lines: fc([{ geometry: line, properties: { owner: 'A', crest: 4, structure: 'wall' } }]) }))).toBe('lines[0].structure: must be "vertical" or "slope", got "wall"');
    expect(message(projectJson({ lines: fc([{ geometry: line, properties: { owner: 'A', crest: 4, id: 'w' } }]), plan: { crests: { v: 5 } } }))).toBe('plan.crests.v: no protection line has id "v"; use an id from lines');
    expect(message(projectJson({ depthDamage: { curve: [[0, 0], [1, 0.5]], limit: 10 } }))).toBe('depthDamage.limit: no facility has an assetValue; give assetValue on the facilities whose damage counts');
    expect(message(projectJson({ facilities: 'f.geojson' }))).toBe('facilities: is a file path ("f.geojson"); read the project with loadProjectFile, or give the layer inline');
  });

  it('rejects layers that declare another CRS, accepts the same one in any spelling', () => {
    const other = { ...fc([{ geometry: square, properties: { owner: 'A' } }]), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } };
    expect(message(projectJson({ facilities: other }))).toBe('facilities: is in urn:ogc:def:crs:OGC:1.3:CRS84 but the project CRS is EPSG:6677; reproject the layer to EPSG:6677');
    const same = { ...fc([{ geometry: square, properties: { owner: 'A' } }]), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::6677' } } };
    expect(message(projectJson({ facilities: same }))).toBe('');
    expect(epsgOf('EPSG:6677')).toBe(6677);
    expect(epsgOf('urn:ogc:def:crs:EPSG:6.3:4326')).toBe(4326);
    expect(epsgOf('+proj=utm')).toBeNull();
  });

  it('resolves relative paths only', () => {
    expect(resolvePath('/a/b/', 'dem.tif')).toBe('/a/b/dem.tif');
    expect(resolvePath('/a/b', '/abs/dem.tif')).toBe('/abs/dem.tif');
    expect(resolvePath('C:\\p', 'C:\\x\\dem.tif')).toBe('C:\\x\\dem.tif');
    expect(resolvePath('/a', 'https://h/dem.tif')).toBe('https://h/dem.tif');
    expect(resolvePath(undefined, 'dem.tif')).toBe('dem.tif');
  });

  it('port.schema.json is exactly portSchema (regenerate it on purpose when the schema changes)', () => {
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('../src/project/port.schema.json', import.meta.url)), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(portSchema)));
  });

  it('documents every top-level field in the schema', () => {
    const props = portSchema.properties as Record<string, { description?: string }>;
    for (const [k, v] of Object.entries(props)) if (k !== '$schema') expect([k, typeof v.description === 'string' || 'oneOf' in v || 'x-hint' in v]).toEqual([k, true]);
  });
});
