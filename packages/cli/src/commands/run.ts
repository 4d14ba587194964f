import { existsSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { throwIfAborted, type ProgressFn } from '@floodzone/core';
import { numberFlag, parseFlags, requireFlag } from '../args.js';
import { OutputSet } from '../atomic.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { buildReport, formatLevel } from '../report/build.js';
import type { Lang } from '../report/i18n.js';
import type { Command } from './types.js';
import { analyzeProjectFile, loadProjectInputs } from './zones-common.js';

const HELP = `floodzone run <port.json> --out <dir> [--lang ja|en] [--dem-rmse <m>] [--max-pixels <n>] [--json]

Runs the whole workflow of a project file: every scenario and year (spill levels, flood depth,
continuous flood areas, candidate protection zones, protection lines and required crests, plan
evaluation), then writes for GIS and for people:

  report.html            self-contained offline report: interactive map (layers, scenario/year
                         switch), Tables 5-1 and 5-2, crest table, charts (Table 5-4 timeline)
  maps/<case>.png        flood maps: hillshade, depth with legend, zones and lines by owner,
                         scale bar, north arrow, title with scenario, year and datum
  depth/<case>.tif       flood depth per scenario and year (Float32, NaN where dry), m
  spill.tif              spill levels W (the level at which each cell floods), m
  confidence/<case>.tif  P(flood) per target case, only with --dem-rmse
  areas.geojson, zones.geojson, lines.geojson   today and the target year of each scenario
  crest.csv/.md          crest table (the same file \`floodzone zones\` writes)
  targets.md, works.csv/.md   Table 5-1 targets, Table 5-2 works and implementing bodies
  plan.csv/.md           Table 4-4 adaptation levels with the plan's crests (when the project has a plan)
  setbacks.csv/.md       set-back lines against the waterfront (Figure 4-6), when there are any
  cases.csv/.md          flooding by scenario and year
  charts/*.svg, *.png    level curve, required crest by year (one per scenario), works timeline (SVG);
                         the same level curve and crest charts as PNG for documents
  summary.json

The project file is validated first: an error stops before any work (exit 2, one line naming
the field). Outputs are staged and renamed into place only at the end: an interrupted run
(Ctrl-C) leaves nothing half-written.

flags:
  --out <dir>         output folder (created; existing files of the same names are replaced)
  --lang ja|en        language of report.html and tables (default en); PNG labels are always
                      English/romaji (the embedded bitmap font is ASCII)
  --dem-rmse <m>      vertical RMSE of the DEM in metres; writes confidence rasters (NOAA method)
  --max-pixels <n>    longest side of the maps and of the report's layers, pixels (default 1000)
  --json              print summary.json on stdout and nothing else there
`;

/** Removes the folders `created` (deepest first) when they are empty. */
function removeEmptyDirs(created: string[]): void {
  for (const d of [...created].sort((a, b) => b.length - a.length)) {
    try {
      if (existsSync(d) && readdirSync(d).length === 0) rmdirSync(d);
    } catch {
      // not ours to force
    }
  }
}

export const runCommand: Command = {
  name: 'run',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const t0 = performance.now();
    const { values, positionals } = parseFlags('run', argv, {
      out: { type: 'string' },
      lang: { type: 'string' },
      'dem-rmse': { type: 'string' },
      'max-pixels': { type: 'string' },
      json: { type: 'boolean' },
    }, { positionals: true });
    if (positionals.length !== 1) {
      throw new UsageError(`floodzone run: give exactly one project file (port.json), got ${positionals.length}; see \`floodzone run --help\``);
    }
    const out = resolve(requireFlag('run', 'out', values.out));
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out "${values.out}" is a file, not a folder; give a folder for the outputs`);
    const lang = (values.lang ?? 'en') as Lang;
    if (lang !== 'ja' && lang !== 'en') throw new UsageError(`--lang must be ja or en, got "${values.lang}"`);
    const demRmse = values['dem-rmse'] === undefined ? undefined : numberFlag('dem-rmse', values['dem-rmse'], { min: 0, exclusiveMin: true, unit: 'm' });
    const maxPixels = values['max-pixels'] === undefined ? 1000 : numberFlag('max-pixels', values['max-pixels'], { min: 64, max: 8000, integer: true, unit: 'pixels' });

    // Validate everything before any work.
    const projectPath = positionals[0]!;
    const inputs = await loadProjectInputs(projectPath, io);
    const { project, dem } = inputs;
    const tRead = performance.now();

    const bar = progressBar(io, 'floodzone run');
    // The analysis takes about two thirds of the time, the outputs the rest.
    const analysisShare = 0.65;
    const onAnalysis: ProgressFn = (done, total, phase) => bar(total > 0 ? (done / total) * analysisShare : 0, 1, phase);
    const onReport: ProgressFn = (done, total, phase) => bar(analysisShare + (total > 0 ? (done / total) * (1 - analysisShare) : 0), 1, phase);
    const set = new OutputSet();
    const created: string[] = [];
    try {
      const result = await analyzeProjectFile(projectPath, inputs, { signal: io.signal, onProgress: onAnalysis });
      const tAnalysis = performance.now();
      const report = await buildReport(project, dem, result, { lang, signal: io.signal, onProgress: onReport, maxPixels, ...(demRmse !== undefined ? { demRmse_m: demRmse } : {}) });
      const tReport = performance.now();

      // Stage every file, then rename all into place.
      for (const f of report.files) {
        let d = dirname(join(out, f.path));
        while (!existsSync(d) && !created.includes(d)) {
          created.push(d);
          d = dirname(d);
        }
      }
      for (const f of report.files) {
        set.write(join(out, f.path), f.data);
        await new Promise<void>((r) => setImmediate(r));
        throwIfAborted(io.signal);
      }
      const tWrite = performance.now();
      const summary = {
        project: project.name,
        out,
        lang,
        files: [...report.files.map((f) => f.path), 'summary.json'],
        cases: result.summary.cases,
        targetCases: result.targetCases,
        // The plan's cases (§4-7: the plan crests as barriers, design and port-plan force), mapped too.
        planCases: result.plan ? [result.plan.design.id, result.plan.portPlan.id] : [],
        lines: result.lines.length,
        notes: report.notes,
        timings: {
          read: Math.round(tRead - t0),
          analyze: Math.round(tAnalysis - tRead),
          report: Math.round(tReport - tAnalysis),
          write: Math.round(tWrite - tReport),
          ...Object.fromEntries(Object.entries(result.summary.timings).map(([k, v]) => [`analyze.${k}`, Math.round(v)])),
        },
      };
      set.write(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
      throwIfAborted(io.signal);
      set.commit();
      bar.end();
      if (values.json) {
        io.stdout(JSON.stringify(summary) + '\n');
      } else {
        const rel = relative(process.cwd(), out) || '.';
        const planTxt = result.plan ? ` + ${summary.planCases.length} with the plan's crests` : '';
        io.stdout(`${project.name}: ${result.cases.length} cases${planTxt}, ${result.lines.length} line segments; wrote ${summary.files.length} files to ${rel}/\n`);
        io.stdout(`  open ${join(rel, 'report.html')}\n`);
        for (const c of result.summary.cases) {
          io.stdout(`  ${c.id.padEnd(18)} level ${formatLevel(c.level_m, project.datum)}  flooded ${(c.floodedArea_m2 / 1e4).toFixed(2)} ha  max depth ${c.maxDepth_m.toFixed(2)} m  zones ${c.zones}\n`);
        }
        for (const n of report.notes) io.stdout(`  note: ${n}\n`);
      }
      return 0;
    } catch (err) {
      bar.end();
      set.abort();
      removeEmptyDirs(created);
      throw err;
    }
  },
};
