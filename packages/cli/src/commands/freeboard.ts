import { requiredFreeboard } from '@floodzone/core';
import { numberFlag, parseFlags, requireFlag } from '../args.js';
import type { CliIo } from '../io.js';
import { HYDRAULIC_FLAGS, HYDRAULIC_HELP, flagLines, parseHydraulics, qText, structureText } from './forces-common.js';
import type { Command } from './types.js';

const help = `floodzone freeboard: crest freeboard Rc at which mean overtopping equals an allowable rate

usage: floodzone freeboard --structure slope|vertical|rubble --hm0 <m> --tm10 <s> --q <m3/s/m>
                           [--slope <cot α>] [--toe-depth <m>] [--beta <deg>] [--gamma-f <r>]
                           [--approach mean|design] [--formula eurotop2018|goda2009] [--json]

  --q <m3/s/m>          allowable mean overtopping, m³/s per m of crest (> 0). Japanese practice (unverified
                        here, give your own): ≈0.01 dense houses behind, ≈0.02 other important areas,
                        0.02–0.06 other areas; damage limits 0.2 (revetment, paved behind), 0.05 (unpaved)
${HYDRAULIC_HELP}

Rc is found by bisection on q(Rc) (bracket doubled from Hm0, stops when narrower than 1e-6 m), so
q(Rc) ≤ --q always; Rc = 0 with a flag when zero freeboard already keeps q below the limit.
--json prints {"Rc_m", "q_m3s_per_m", "formula", "flags"}.

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal error.
`;

export const freeboardCommand: Command = {
  name: 'freeboard',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const spec = { ...HYDRAULIC_FLAGS, q: { type: 'string' } } as const;
    const { values } = parseFlags('freeboard', argv, spec);
    const { waves, structure, options } = parseHydraulics('freeboard', values);
    const q = numberFlag('q', requireFlag('freeboard', 'q', values.q), { min: 0, exclusiveMin: true, unit: 'm3/s/m' });
    const r = requiredFreeboard(waves, structure, q, options);
    if (values.json) {
      io.stdout(`${JSON.stringify({ Rc_m: r.Rc_m, q_m3s_per_m: r.q_m3s_per_m, formula: r.formula, flags: r.flags }, null, 2)}\n`);
      return 0;
    }
    io.stdout(
      [
        `Rc = ${r.Rc_m.toFixed(3)} m above the still water level (Rc/Hm0 = ${(r.Rc_m / waves.hm0_m).toFixed(3)})`,
        `q at Rc = ${qText(r.q_m3s_per_m)} (allowable ${qText(q)})`,
        `formula: ${r.formula}`,
        `waves: Hm0 ${waves.hm0_m} m, Tm-1,0 ${waves.tm10_s} s, β ${waves.beta_deg ?? 0}°`,
        `structure: ${structureText(structure, options)}; approach ${options.approach ?? 'mean'}`,
        flagLines(r.flags),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
