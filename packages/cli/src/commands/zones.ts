import { join } from 'node:path';
import { areasGeoJSON, crestCsv, crestTable, linesGeoJSON, zonesGeoJSON } from '@floodzone/zones';
import { parseFlags, requireFlag } from '../args.js';
import { OutputSet } from '../atomic.js';
import type { CliIo } from '../io.js';
import { geojsonText } from './flood-common.js';
import type { Command } from './types.js';
import { runProject } from './zones-common.js';

const help = `floodzone zones: continuous flood areas, protection zones, protection lines and crest heights

usage: floodzone zones --project <port.json> --out <dir> [--json]

Runs the project (guideline §4-4, §4-7): spill levels with the existing lines as barriers; land = what
is dry at today's reference level; for today and each scenario × year the continuous flood areas and the
candidate protection zones (areas joined by a shared facility or owner, clipped to the port area); the
protection lines (the project's lines, or the waterfront of zones no line borders, split by the owner of
the land behind) with the required crest per case and the adaptation year; the plan evaluation when the
project has a plan (its crests as barriers, at the target year of the first scenario, for the design
and the port-plan force: representative points no deeper than today, key facilities under their
thresholds, damage under the limit); setback lines (Figure 4-6) for zones with facilities.

Levels: DHWL(t) = H.W.L. + ΔMSL(t) − ΔMSL(base year) + surge × r_S(t); required crest = DHWL + wave
allowance (EurOtop 2018 eq 7.1 vertical / 5.10–5.11 slope, inverted for the line's allowable q) +
margin; waterfront lines count as vertical walls with the project's allowable q. "today" is the design
force at the base year without sea-level rise.

  --project <file>   the project file (port.json; see port.schema.json / portSchema)
  --out <dir>        writes areas.geojson (flood areas of every case), zones.geojson (zones of the
                     target-year cases), lines.geojson (segments and setback lines), crest.csv
                     (owner, facility, adaptation level, front water level, required crest, existing
                     crest, deficit, adaptation year: Tables 4-5 and 5-2) and summary.json; all or nothing
  --json             print only summary.json on stdout

Exit codes: 0 done, 2 bad input (one line on stderr naming the field; nothing written), 1 internal error.
`;

export const zonesCommand: Command = {
  name: 'zones',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('zones', argv, { project: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } });
    const path = requireFlag('zones', 'project', values.project);
    const out = requireFlag('zones', 'out', values.out);
    const { project, dem, result, timings } = await runProject(path, io, 'zones');
    const tVec = performance.now();
    const rows = crestTable(result, project);
    const areas = geojsonText(areasGeoJSON(result, project), dem.crs);
    const zones = geojsonText(zonesGeoJSON(result, project), dem.crs);
    const lines = geojsonText(linesGeoJSON(result), dem.crs);
    const csv = crestCsv(rows);
    const vectorize = performance.now() - tVec;
    const summary = {
      project: project.name,
      dem: project.dem,
      crs: dem.crs?.code ?? dem.crs?.name ?? null,
      datum: project.datum,
      referenceLevel_m: project.referenceLevel_m,
      cases: result.summary.cases,
      targetCases: result.targetCases,
      zones: result.cases
        .filter((c) => result.targetCases.includes(c.id))
        .map((c) => ({ case: c.id, zones: c.zones.map((z) => ({ id: z.id, owners: z.owners, facilities: z.facilities, area_m2: z.area_m2, maxDepth_m: z.maxDepth_m, entryLines: z.entryLines })) })),
      lines: result.lines.map((l) => ({ id: l.id, source: l.source, owner: l.owner, existingCrest_m: l.existingCrest_m, adaptationYear: l.adaptationYear })),
      plan: result.plan && { ok: result.plan.ok, checks: result.plan.checks, residual: result.plan.residual },
      setbacks: result.setbacks.map(({ geometry: _g, ...s }) => s),
      timings: { read: timings.read, analyze: timings.analyze, vectorize, ...Object.fromEntries(Object.entries(result.summary.timings).map(([k, v]) => [`analyze.${k}`, v])) },
    };
    const outputs = new OutputSet();
    let files: string[];
    try {
      outputs.write(join(out, 'areas.geojson'), areas);
      outputs.write(join(out, 'zones.geojson'), zones);
      outputs.write(join(out, 'lines.geojson'), lines);
      outputs.write(join(out, 'crest.csv'), csv);
      outputs.write(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      files = outputs.commit();
    } catch (err) {
      outputs.abort();
      throw err;
    }
    if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const t = result.cases.filter((c) => result.targetCases.includes(c.id));
      io.stdout(
        `${project.name}: ${result.cases.length} case(s); ` +
          t.map((c) => `${c.id}: ${c.areas.length} flood area(s), ${c.zones.length} zone(s)`).join('; ') +
          `; ${result.lines.length} line segment(s)\n` +
          files.map((f) => `wrote ${f}\n`).join(''),
      );
    }
    return 0;
  },
};
