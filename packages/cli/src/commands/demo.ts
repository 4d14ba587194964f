import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@floodzone/raster';
import { parseFlags } from '../args.js';
import { writeFileAtomic } from '../atomic.js';
import type { CliIo } from '../io.js';
import { floodCommand } from './flood.js';
import { runCommand } from './run.js';
import type { Command } from './types.js';

/** The example port committed in the repository (examples/port, made by its seeded generator). */
const EXAMPLE_PORT = fileURLToPath(new URL('../../../../examples/port/', import.meta.url));

const help = `floodzone demo: the whole workflow on the example port, then its flood at a few water levels

usage: floodzone demo [--out <dir>] [--port <dir>] [--lang ja|en] [--json]

First runs \`floodzone run\` on the example port's project file (examples/port/port.json): every
scenario and year, written to <dir> as report.html (open it in a browser, offline), PNG maps in
<dir>/maps, depth and spill GeoTIFFs, areas/zones/lines GeoJSON, crest.csv and the other tables
(see \`floodzone run --help\`).

Then runs \`floodzone flood\` on the example port's DEM (examples/port, D.L. metres) at the levels listed
in its levels.json (today's H.W.L., H.W.L. + 1.0 m, over the quays, over the terrace, over the
seawall), writes each flood to <dir>/flood-DL+<level>/ (depth.tif, flood.geojson, summary.json) and
<dir>/summary.csv, and prints a table with each level in D.L. and T.P.

  --out <dir>    output folder (default ./out)
  --port <dir>   another port folder with port.json, dem.tif and levels.json (default: examples/port)
  --lang ja|en   language of report.html and its tables (default en)
  --json         print the run summary and the table as JSON on stdout instead

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal error.
`;

interface PortLevels {
  datum: { name: string; toTP_m: number };
  hwl_m: number;
  demoLevels_m: { level_m: number; label: string }[];
}

async function readLevels(dir: string): Promise<PortLevels> {
  const file = join(dir, 'levels.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === 'ENOENT' ? 'no such file; give --port a folder made by examples/port/generate.ts' : `unreadable (${(err as Error).message.split('\n')[0]})`}`, file);
  }
  const l = raw as Partial<PortLevels>;
  if (typeof l.datum?.toTP_m !== 'number' || typeof l.hwl_m !== 'number' || !Array.isArray(l.demoLevels_m) || l.demoLevels_m.length === 0) {
    throw new InputError(`${file}: needs datum.toTP_m, hwl_m and a non-empty demoLevels_m; regenerate it with examples/port/generate.ts`, file);
  }
  return l as PortLevels;
}

const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;

export const demoCommand: Command = {
  name: 'demo',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('demo', argv, { out: { type: 'string' }, port: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } });
    const portDir = values.port ?? EXAMPLE_PORT;
    const outDir = values.out ?? 'out';
    const levels = await readLevels(portDir);
    const projectFile = join(portDir, 'port.json');
    if (!existsSync(projectFile)) throw new InputError(`${projectFile}: no such file; give --port a folder with a project file (examples/port has one)`, projectFile);

    // The whole workflow to report.html (it validates the project before any work).
    let runText = '';
    const runIo: CliIo = { stdout: (t) => void (runText += t), stderr: io.stderr, stderrIsTTY: io.stderrIsTTY, signal: io.signal };
    const runCode = await runCommand.run([projectFile, '--out', outDir, ...(values.lang ? ['--lang', values.lang] : []), ...(values.json ? ['--json'] : [])], runIo);
    if (runCode !== 0) return runCode;
    const dl = levels.datum.name || 'D.L.';
    const tp = (x: number) => x + levels.datum.toTP_m;

    const rows = [];
    let baseArea: number | null = null;
    for (const { level_m, label } of levels.demoLevels_m) {
      const dir = join(outDir, `flood-DL${signed(level_m).replace('−', '-')}`);
      let text = '';
      const quiet: CliIo = { stdout: (t) => void (text += t), stderr: io.stderr, stderrIsTTY: false, signal: io.signal };
      const args = ['--dem', join(portDir, 'dem.tif'), '--level', String(level_m), '--out', dir, '--json'];
      const code = await floodCommand.run(args, quiet);
      if (code !== 0) return code;
      const s = JSON.parse(text) as { floodedCells: number; floodedArea_m2: number; volume_m3: number; areas: number | null };
      // Land = dry at today's H.W.L. (DESIGN.md); the flood only grows with the level, so the newly
      // flooded area is the difference of the flooded areas.
      if (level_m === levels.hwl_m) baseArea = s.floodedArea_m2;
      rows.push({
        label,
        level_DL_m: level_m,
        level_TP_m: +tp(level_m).toFixed(3),
        floodedCells: s.floodedCells,
        floodedArea_m2: s.floodedArea_m2,
        landFloodedArea_m2: baseArea === null ? null : s.floodedArea_m2 - baseArea,
        volume_m3: s.volume_m3,
        floodAreas: s.areas,
        out: dir,
      });
    }

    const csv = [
      'label,level_DL_m,level_TP_m,floodedCells,floodedArea_m2,landFloodedArea_m2,volume_m3,floodAreas,out',
      ...rows.map((r) => [JSON.stringify(r.label), r.level_DL_m, r.level_TP_m, r.floodedCells, r.floodedArea_m2, r.landFloodedArea_m2 ?? '', r.volume_m3.toFixed(1), r.floodAreas ?? '', r.out].join(',')),
    ].join('\n');
    writeFileAtomic(join(outDir, 'summary.csv'), `${csv}\n`);

    if (values.json) {
      io.stdout(`${JSON.stringify({ port: portDir, datum: levels.datum, hwl_m: levels.hwl_m, rows, run: JSON.parse(runText) }, null, 2)}\n`);
      return 0;
    }
    const table = [
      ['level', `${dl}`, 'T.P.', 'flooded cells', 'land flooded (vs H.W.L.)', 'flood areas', 'output'],
      ...rows.map((r) => [
        r.label,
        `${dl}${signed(r.level_DL_m)} m`,
        `T.P.${signed(r.level_TP_m)} m`,
        r.floodedCells.toLocaleString('en-US'),
        r.landFloodedArea_m2 === null ? '' : `${Math.round(r.landFloodedArea_m2).toLocaleString('en-US')} m²`,
        String(r.floodAreas ?? ''),
        r.out,
      ]),
    ];
    const w = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => (i >= 3 && i <= 5 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
    io.stdout(
      [
        runText.trimEnd(),
        '',
        `Example port (${relative(process.cwd(), portDir) || portDir}): sea-connected flood from the bay, 8-connected; T.P. = ${dl} ${levels.datum.toTP_m < 0 ? '−' : '+'} ${Math.abs(levels.datum.toTP_m).toFixed(3)} m`,
        '',
        line(table[0]),
        ...table.slice(1).map(line),
        '',
        `Land = dry at today's H.W.L. (${dl}${signed(levels.hwl_m)} m). Open ${join(outDir, 'flood-…', 'depth.tif')} and flood.geojson in QGIS; table: ${join(outDir, 'summary.csv')}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
