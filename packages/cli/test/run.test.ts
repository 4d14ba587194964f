import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRasterFile } from '@floodzone/raster/node';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';
import type { CliIo } from '../src/io.js';
import { writeRunProject } from './fixtures/run-project.js';
import { badInput, capture, parseCsv, removeTempDirs, tempDir } from './helpers.js';

/** Every file under `dir`, as paths relative to `root` (default `dir`), sorted. */
function walk(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files.push(...walk(p, root));
    else files.push(relative(root, p));
  }
  return files.sort();
}

/** Cells of the <table id=…> in report.html, rows of strings (entities decoded). */
function htmlTable(html: string, id: string): string[][] {
  const m = html.match(new RegExp(`<table id="${id}"[^>]*>([\\s\\S]*?)</table>`));
  if (!m) return [];
  const dec = (s: string) => s.replace(/<br>/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...m[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((c) => dec(c[1]!)));
}

describe('floodzone run', () => {
  const dir = tempDir('fz-run-');
  const project = writeRunProject(join(dir, 'proj'));
  afterAll(removeTempDirs);

  it('writes rasters, vectors, tables, maps, charts and report.html; the report tables equal the CSVs', async () => {
    const out = join(dir, 'out-en');
    const io = capture();
    const code = await runCli(['run', project, '--out', out, '--dem-rmse', '0.3'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const files = walk(out);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(files).toEqual([...summary.files].sort());
    expect(files.some((f) => f.includes('.tmp'))).toBe(false);
    for (const f of ['report.html', 'spill.tif', 'areas.geojson', 'zones.geojson', 'lines.geojson', 'crest.csv', 'crest.md', 'works.csv', 'targets.md', 'cases.csv', 'charts/level-curve.svg']) {
      expect(files, f).toContain(f);
    }
    // One depth raster and one map per case, confidence for each target case.
    const cases = summary.cases.map((c: { id: string }) => c.id.replace('@', '_'));
    for (const c of cases) {
      expect(files).toContain(`depth/${c}.tif`);
      expect(files).toContain(`maps/${c}.png`);
    }
    for (const c of summary.targetCases) expect(files).toContain(`confidence/${c.replace('@', '_')}.tif`);
    const conf = await readRasterFile(join(out, `confidence/${summary.targetCases[0].replace('@', '_')}.tif`));
    let inside = 0;
    for (const v of conf.data) if (v >= 0 && v <= 1) inside++;
    expect(inside).toBeGreaterThan(0);
    // The depth raster is the case's depth: positive where flooded, the maximum equals the summary's.
    const last = summary.cases[summary.cases.length - 1];
    const depth = await readRasterFile(join(out, `depth/${last.id.replace('@', '_')}.tif`));
    expect(depth.width).toBe(48);
    // PNG signature on every map.
    for (const f of files.filter((p) => p.endsWith('.png'))) expect([...readFileSync(join(out, f)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The report's crest table is crest.csv, row by row; cases and works likewise.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(htmlTable(html, 'table-crest')).toEqual(parseCsv(readFileSync(join(out, 'crest.csv'), 'utf8')));
    expect(htmlTable(html, 'table-cases')).toEqual(parseCsv(readFileSync(join(out, 'cases.csv'), 'utf8')));
    expect(htmlTable(html, 'table-works')).toEqual(parseCsv(readFileSync(join(out, 'works.csv'), 'utf8')));
    // Self-contained: no http(s) reference anywhere but the SVG namespace.
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
    expect(io.out).toContain('report.html');
    // Two lines × two target cases in the crest table.
    expect(parseCsv(readFileSync(join(out, 'crest.csv'), 'utf8'))).toHaveLength(1 + 2 * summary.targetCases.length);
  }, 60_000);

  it('--max-pixels bounds the display grid of the maps and the report', async () => {
    const out = join(dir, 'out-small');
    const example = fileURLToPath(new URL('../../../examples/port/port.json', import.meta.url));
    expect(await runCli(['run', example, '--out', out, '--max-pixels', '100'], capture())).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)![1]!);
    // The 400×300 example in at most 100 pixels: blocks of 4×4 cells, 100×75 display cells.
    expect([data.map.width, data.map.height]).toEqual([100, 75]);
    expect(data.map.transform[1]).toBeCloseTo(4 * 5, 9); // display cell = 4 DEM cells of 5 m
  }, 60_000);

  it('--lang ja labels the report in Japanese; --json prints only the summary on stdout', async () => {
    const out = join(dir, 'out-ja');
    const io = capture();
    expect(await runCli(['run', project, '--out', out, '--lang', 'ja', '--json'], io)).toBe(0);
    const summary = JSON.parse(io.out);
    expect(summary.lang).toBe('ja');
    expect(summary.notes.join(' ')).toMatch(/--dem-rmse/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('協働防護区域の位置及び区域（図 5-1）');
    // crest.csv keeps the machine-readable English header of `floodzone zones`; the report translates it.
    expect(readFileSync(join(out, 'crest.csv'), 'utf8').split('\n')[0]).toMatch(/^owner,facility,adaptation level,/);
    expect(htmlTable(html, 'table-crest')[0]).toContain('必要天端高');
    expect(htmlTable(html, 'table-crest').slice(1)).toEqual(parseCsv(readFileSync(join(out, 'crest.csv'), 'utf8')).slice(1));
  }, 60_000);

  it('a project file with an error stops before any work: exit 2, one line naming the field, no output', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ colour: 'red' }, /colour/],
      [{ referenceLevel_m: 'high' }, /referenceLevel_m/],
      [{ dem: 'missing.tif' }, /missing\.tif/],
    ];
    for (const [i, [override, re]] of cases.entries()) {
      const p = writeRunProject(join(dir, `bad-${i}`), override);
      const out = join(dir, `bad-out-${i}`);
      expect(await badInput(['run', p, '--out', out])).toMatch(re);
      expect(existsSync(out)).toBe(false);
    }
    const io = capture();
    expect(await runCli(['run', project, '--out', join(dir, 'x'), '--lang', 'fr'], io)).toBe(2);
    expect(io.err).toMatch(/--lang must be ja or en/);
    expect(await runCli(['run', '--out', join(dir, 'x')], capture())).toBe(2);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    writeFileSync(join(dir, 'a-file'), 'x');
    const f = capture();
    expect(await runCli(['run', project, '--out', join(dir, 'a-file')], f)).toBe(2);
    expect(f.err).toMatch(/is a file, not a folder/);
    const px = capture();
    expect(await runCli(['run', project, '--out', join(dir, 'x'), '--max-pixels', '10'], px)).toBe(2);
    expect(px.err).toMatch(/--max-pixels must be ≥ 64/);
  }, 60_000);

  it('an abort while the outputs are being staged leaves no file and no folder behind (exit 130)', async () => {
    const out = join(dir, 'out-abort');
    const ac = new AbortController();
    // Abort as soon as the first staged temporary file appears in the output folder.
    const timer = setInterval(() => {
      if (walk(out).length > 0) ac.abort(new DOMException('interrupted', 'AbortError'));
    }, 1);
    const io = capture({ signal: ac.signal });
    const code = await runCli(['run', project, '--out', out], io);
    clearInterval(timer);
    expect(ac.signal.aborted).toBe(true);
    expect(code).toBe(130);
    expect(io.err).toMatch(/interrupted/);
    expect(walk(out)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('SIGINT to a real process mid-run leaves nothing half-written', async () => {
    const out = join(dir, 'out-sigint');
    const launcher = fileURLToPath(new URL('./fixtures/run-launcher.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', launcher, 'run', project, '--out', out], { cwd: root, env: { ...process.env, FLOODZONE_SIGINT_WHEN_STAGED: out }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toMatch(/interrupted; no output was left half-written/);
    expect(code).toBe(130);
    expect(walk(out)).toEqual([]);
  }, 120_000);

  it('demo runs the whole workflow on the example port: report.html, maps and crest.csv beside the level table', async () => {
    const out = join(dir, 'demo');
    const io = capture();
    expect(await runCli(['demo', '--out', out, '--json'], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r.run.project).toMatch(/Example port/);
    expect(r.rows.length).toBeGreaterThan(0);
    const files = walk(out);
    for (const f of r.run.files) expect(files).toContain(f);
    expect(files).toContain('report.html');
    expect(r.run.planCases).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('maps/'))).toHaveLength(r.run.cases.length + 2);
    for (const id of r.run.planCases) expect(files).toContain(`depth/${id.replace('@', '_').replace(/[^A-Za-z0-9._+-]+/g, '-')}.tif`);
    // The example port has a plan and a setback line: their tables are in the report as in the CSVs.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const [id, file] of [['table-plan', 'plan.csv'], ['table-setbacks', 'setbacks.csv']] as const) {
      const csvRows = parseCsv(readFileSync(join(out, file), 'utf8'));
      expect(csvRows.length, file).toBeGreaterThan(1);
      expect(htmlTable(html, id)).toEqual(csvRows);
    }
  }, 120_000);

  it('draws the progress bar on stderr only on a terminal, and an abort during the analysis stops it (exit 130, nothing written)', async () => {
    const tty = capture({ tty: true });
    expect(await runCli(['run', project, '--out', join(dir, 'out-tty')], tty)).toBe(0);
    const bar = tty.err;
    expect(bar).toMatch(/floodzone run .*\[#* *\] +\d+%/);
    expect(bar.endsWith('\r\x1b[K')).toBe(true); // the bar is cleared at the end
    const quiet = capture();
    expect(await runCli(['run', project, '--out', join(dir, 'out-quiet')], quiet)).toBe(0);
    expect(quiet.err).toBe('');

    // Abort at the first progress report, i.e. inside analyzeProject.
    const ac = new AbortController();
    const err: string[] = [];
    const io: CliIo = {
      stdout: () => {},
      stderr: (t) => {
        err.push(t);
        if (!ac.signal.aborted) ac.abort(new DOMException('interrupted', 'AbortError'));
      },
      stderrIsTTY: true,
      signal: ac.signal,
    };
    const out = join(dir, 'out-abort-early');
    expect(await runCli(['run', project, '--out', out], io)).toBe(130);
    expect(err.join('')).toMatch(/interrupted/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('reads a sea mask raster on the DEM grid; a mask of another size is bad input before any work', async () => {
    const { encodeGeoTiffNode } = await import('@floodzone/raster/node');
    const { fixtureDem } = await import('./fixtures/report-fixture.js');
    const dem = fixtureDem();
    const mask = new Uint8Array(dem.width * dem.height);
    for (let r = 0; r < dem.height; r++) for (let c = 0; c < 5; c++) mask[r * dem.width + c] = 1; // the western sea
    const pdir = join(dir, 'mask-proj');
    const p = writeRunProject(pdir, { sea: { mask: 'sea.tif' } });
    writeFileSync(join(pdir, 'sea.tif'), encodeGeoTiffNode({ ...dem, data: mask, nodata: null }));
    const a = capture();
    expect(await runCli(['run', p, '--out', join(dir, 'mask-out'), '--json'], a)).toBe(0);
    const withMask = JSON.parse(a.out);
    const b = capture();
    expect(await runCli(['run', project, '--out', join(dir, 'border-out'), '--json'], b)).toBe(0);
    const withBorder = JSON.parse(b.out);
    // The fixture's sea is the west: the same flood whether it comes from the border or the mask.
    expect(withMask.cases.map((c: { floodedArea_m2: number }) => c.floodedArea_m2)).toEqual(withBorder.cases.map((c: { floodedArea_m2: number }) => c.floodedArea_m2));

    writeFileSync(join(pdir, 'sea.tif'), encodeGeoTiffNode({ ...dem, data: new Uint8Array(10 * 10), width: 10, height: 10, nodata: null }));
    const bad = capture();
    const out = join(dir, 'mask-bad-out');
    expect(await runCli(['run', p, '--out', out], bad)).toBe(2);
    expect(bad.err).toMatch(/sea\.mask ".*" is 10×10 cells but the DEM is 48×32; resample it/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
