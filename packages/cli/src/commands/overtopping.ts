import { overtopping } from '@floodzone/core';
import { numberFlag, parseFlags, requireFlag } from '../args.js';
import type { CliIo } from '../io.js';
import { HYDRAULIC_FLAGS, HYDRAULIC_HELP, flagLines, parseHydraulics, qText, structureText } from './forces-common.js';
import type { Command } from './types.js';

const help = `floodzone overtopping: mean wave overtopping q for a crest freeboard

usage: floodzone overtopping --structure slope|vertical|rubble --hm0 <m> --tm10 <s> --rc <m>
                             [--slope <cot α>] [--toe-depth <m>] [--beta <deg>] [--gamma-f <r>]
                             [--approach mean|design] [--formula eurotop2018|goda2009] [--json]

  --rc <m>              crest freeboard above the still water level, m (≥ 0; negative freeboard is
                        overflow, which these formulas do not cover)
${HYDRAULIC_HELP}

Formulas: EurOtop 2018 eqs 5.10–5.13 (slopes), 5.18 (slopes steeper than 1:2), 6.5/6.6 (rubble),
7.1/7.5/7.7/7.8 (vertical walls); Goda 2009 unified formula. Validity limits are reported as flags.
--json prints {"q_m3s_per_m", "formula", "flags"}.

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal error.
`;

export const overtoppingCommand: Command = {
  name: 'overtopping',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const spec = { ...HYDRAULIC_FLAGS, rc: { type: 'string' } } as const;
    const { values } = parseFlags('overtopping', argv, spec);
    const { waves, structure, options } = parseHydraulics('overtopping', values);
    const rc = numberFlag('rc', requireFlag('overtopping', 'rc', values.rc), { min: 0, unit: 'm' });
    const r = overtopping(waves, structure, rc, options);
    if (values.json) {
      io.stdout(`${JSON.stringify({ q_m3s_per_m: r.q_m3s_per_m, formula: r.formula, flags: r.flags }, null, 2)}\n`);
      return 0;
    }
    io.stdout(
      [
        `q = ${qText(r.q_m3s_per_m)}   q* = q/√(g·Hm0³) = ${r.qStar.toPrecision(4)}`,
        `formula: ${r.formula}`,
        `waves: Hm0 ${waves.hm0_m} m, Tm-1,0 ${waves.tm10_s} s, β ${waves.beta_deg ?? 0}°; crest freeboard Rc ${rc} m`,
        `structure: ${structureText(structure, options)}; approach ${options.approach ?? 'mean'}`,
        flagLines(r.flags),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
