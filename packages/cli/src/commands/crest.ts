import { crestTable, type CrestTableRow } from '@floodzone/zones';
import { parseFlags, requireFlag } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from './types.js';
import { runProject } from './zones-common.js';

const help = `floodzone crest: the crest table of a project (Tables 4-5 and 5-2)

usage: floodzone crest --project <port.json> [--json]

For each protection line segment and scenario at the target year: owner, facility behind and its
adaptation level, water level at the front (D.L.+x m (T.P.+y m)), wave allowance, required crest,
existing crest, deficit and adaptation year (the first year the requirement exceeds the existing crest).

  --project <file>   the project file (port.json)
  --json             print the rows as JSON

Exit codes: 0 done, 2 bad input (one line on stderr naming the field), 1 internal error.
`;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatCrestTable(rows: readonly CrestTableRow[]): string {
  const cols: Array<[string, (r: CrestTableRow) => string]> = [
    ['owner', (r) => r.owner],
    ['line', (r) => r.line],
    ['scenario', (r) => `${r.scenario} ${r.year}`],
    ['front water level', (r) => r.frontLevel],
    ['required crest', (r) => r.requiredCrest],
    ['existing crest', (r) => r.existingCrest],
    ['deficit', (r) => `${r.deficit_m >= 0 ? '+' : ''}${r.deficit_m.toFixed(2)} m`],
    ['adaptation year', (r) => (r.adaptationYear === null ? '—' : String(r.adaptationYear))],
    ['adaptation level', (r) => r.adaptationLevel],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(cols.map(([h]) => h)), ...rows.map((r) => line(cols.map(([, f]) => f(r))))].join('\n') + '\n';
}

export const crestCommand: Command = {
  name: 'crest',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('crest', argv, { project: { type: 'string' }, json: { type: 'boolean' } });
    const path = requireFlag('crest', 'project', values.project);
    const { project, result } = await runProject(path, io, 'crest', false);
    const rows = crestTable(result, project);
    io.stdout(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatCrestTable(rows));
    return 0;
  },
};
