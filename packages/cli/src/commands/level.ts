import { designWaterLevel, toTP } from '@floodzone/core';
import { numberFlag, parseFlags, requireFlag } from '../args.js';
import type { CliIo } from '../io.js';
import { LEVEL_FLAGS, LEVEL_HELP, componentTable, flagLines, levelText, parseLevel } from './forces-common.js';
import type { Command } from './types.js';

const help = `floodzone level: design still-water level (設計高潮位) for a scenario and year, with its breakdown

usage: floodzone level --scenario <name> --year <t> --hwl <m> --surge <m> [--datum <name>]
                       [--datum-tp <m>] [--surge-ratio <r>] [--interpolation linear|quadratic]
                       [--upside [--upper <m>]] [--since <year>] [--setup <m>] [--json]

DHWL(t) = H.W.L. + ΔMSL(scenario, t) + surge × r_S (+ setup), in --datum.

  --year <t>            design year (decimal years allowed), not before the scenario's baseline period
${LEVEL_HELP}
  --json                print only JSON on stdout: {"level_m", "datum", "components": [{"name",
                        "value_m", "source"}], "flags", and "level_tp_m" when the datum's T.P. offset is known}

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal error.
`;

export const levelCommand: Command = {
  name: 'level',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const spec = { ...LEVEL_FLAGS, year: { type: 'string' }, json: { type: 'boolean' } } as const;
    const { values } = parseFlags('level', argv, spec);
    const lf = parseLevel('level', values);
    const year = numberFlag('year', requireFlag('level', 'year', values.year), { min: 1800, max: 2500, unit: '(year)' });
    const r = designWaterLevel(lf.spec, year);
    if (values.json) {
      const out: Record<string, unknown> = {
        level_m: r.level_m,
        datum: r.datum,
        components: r.components.map((c) => ({ name: c.name, value_m: c.value_m, source: c.source })),
        flags: r.flags,
      };
      if (lf.offsetKnown) out.level_tp_m = toTP(r.level_m, lf.datum);
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `design still-water level ${year}: ${levelText(r.level_m, lf)}`,
      `scenario ${r.scenario.name} (${r.scenario.status}), ${r.scenario.interpolation}${r.scenario.upside ? ', upside' : ''}, rise ${r.scenario.baseline}`,
      componentTable(r.components, `total (${r.datum})`, r.level_m),
    ];
    if (!lf.offsetKnown) lines.push(`(T.P. not shown: give --datum-tp, the T.P. height of the ${r.datum} zero)`);
    lines.push(flagLines(r.flags), '');
    io.stdout(lines.join('\n'));
    return 0;
  },
};
