import { adaptationYear, getScenario, requiredCrest, type CrestForces, type CrestSection, type WaveAllowance } from '@floodzone/core';
import { numberFlag, parseFlags, requireFlag } from '../args.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import {
  HYDRAULIC_FLAGS,
  HYDRAULIC_HELP,
  LEVEL_FLAGS,
  LEVEL_HELP,
  componentTable,
  flagLines,
  levelText,
  parseHydraulics,
  parseLevel,
  structureText,
} from './forces-common.js';
import type { Command } from './types.js';

const help = `floodzone timing: adaptation year (適応時期) of one cross-section: the first year its required crest
height exceeds the existing crest

usage: floodzone timing --scenario <name> --hwl <m> --surge <m> --crest <m> --margin <m>
                        (--q <m3/s/m> | --runup | --no-waves)
                        [--structure … --hm0 <m> --tm10 <s> …] [--from <year>] [--to <year>]
                        [--upside [--upper <m>]] [--datum <name> --datum-tp <m>] [--json]

Crest_req(t) = DHWL(t) + wave allowance + margin, checked every whole year from --from to --to.

  --crest <m>           existing crest level in --datum, m (required)
  --margin <m>          余裕高 (freeboard margin), m ≥ 0 (required: site-specific, no default)
  --q <m3/s/m>          wave allowance = freeboard Rc at which mean overtopping equals this rate
  --runup               wave allowance = run-up z2% (no overtopping; slopes 1:2 or gentler; design
                        approach needs --runup-c 4.0|4.3)
  --no-waves            no wave allowance (level + margin only)
  --wave-ratio <r>      future-change ratio r_H of the wave height (default 1; the period is kept)
  --toe-level <m>       bed level at the toe in --datum, m: the toe depth follows the level,
                        h(t) = DHWL(t) − toe level (instead of a fixed --toe-depth)
  --from <year>         first year checked (default: the current year)
  --to <year>           last year checked (default: the scenario's last year, e.g. 2100)
${LEVEL_HELP}
${HYDRAULIC_HELP}
                        --json prints {"year" (null when never within the horizon), "status", "upside",
                        "existingCrest_m", "requiredAtStart_m", "requiredAtYear_m", "datum", "fromYear",
                        "toYear", "flags", and "upsideYear" (the same with the upper likely bound) when
                        the scenario or --upper gives one and --upside is not set}

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal error.
`;

export const timingCommand: Command = {
  name: 'timing',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const spec = {
      ...LEVEL_FLAGS,
      ...HYDRAULIC_FLAGS,
      crest: { type: 'string' },
      margin: { type: 'string' },
      q: { type: 'string' },
      runup: { type: 'boolean' },
      'no-waves': { type: 'boolean' },
      'wave-ratio': { type: 'string' },
      'toe-level': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    } as const;
    const { values } = parseFlags('timing', argv, spec);
    const lf = parseLevel('timing', values);
    const crest = numberFlag('crest', requireFlag('timing', 'crest', values.crest), { unit: 'm' });
    const margin = numberFlag('margin', requireFlag('timing', 'margin', values.margin), { min: 0, unit: 'm' });
    const modes = [values.q !== undefined, values.runup === true, values['no-waves'] === true].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('floodzone timing: give exactly one of --q <m3/s/m>, --runup or --no-waves; see `floodzone timing --help`');
    let allowance: WaveAllowance;
    if (values.q !== undefined) allowance = { kind: 'overtopping', q_m3s_per_m: numberFlag('q', values.q, { min: 0, exclusiveMin: true, unit: 'm3/s/m' }) };
    else if (values.runup) allowance = { kind: 'runup' };
    else allowance = { kind: 'none' };
    const scenario = typeof lf.spec.scenario === 'string' ? getScenario(lf.spec.scenario) : lf.spec.scenario;
    const from = values.from === undefined ? new Date().getUTCFullYear() : numberFlag('from', values.from, { integer: true, min: 1800, max: 2500 });
    const to = values.to === undefined ? Math.floor(scenario.validTo) : numberFlag('to', values.to, { integer: true, min: from, max: 2500 });
    const forces: CrestForces = { level: lf.spec };
    let section: CrestSection = { structure: { kind: 'vertical' }, allowance, margin_m: margin };
    if (allowance.kind !== 'none') {
      const h = parseHydraulics('timing', values);
      forces.waves = { ...h.waves };
      if (values['wave-ratio'] !== undefined) forces.waves.heightRatio = numberFlag('wave-ratio', values['wave-ratio'], { min: 0, exclusiveMin: true });
      section = { structure: h.structure, allowance, margin_m: margin, hydraulics: h.options };
      if (values['toe-level'] !== undefined) {
        if (h.options.toeDepth_m !== undefined) throw new UsageError('give --toe-level or --toe-depth, not both');
        section.toeLevel_m = numberFlag('toe-level', values['toe-level'], { unit: 'm' });
      }
    } else if (values.structure !== undefined || values.hm0 !== undefined) {
      throw new UsageError('--no-waves takes no wave or structure flags');
    }
    const r = adaptationYear(section, forces, crest, { fromYear: from, toYear: to, upside: lf.spec.upside === true });
    // The median run also reports the upside year when the scenario (or --upper) has an upper bound.
    const hasUpper = scenario.points[scenario.points.length - 1].upper_m !== undefined || lf.spec.upper_m !== undefined;
    const up = !r.upside && hasUpper ? adaptationYear(section, forces, crest, { fromYear: from, toYear: to, upside: true }) : undefined;
    if (values.json) {
      const { year, status, upside, existingCrest_m, requiredAtStart_m, requiredAtYear_m, datum, fromYear, toYear, flags } = r;
      const out: Record<string, unknown> = { year, status, upside, existingCrest_m, requiredAtStart_m, requiredAtYear_m, datum, fromYear, toYear, flags };
      if (up) out.upsideYear = up.year;
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    const at = r.year ?? to;
    const detail = requiredCrest(section, { ...forces, level: { ...forces.level, upside: r.upside } }, at);
    const head =
      r.status === 'exceeded-at-start'
        ? `adaptation year: ${from} — the requirement ${levelText(r.requiredAtStart_m, lf, 3)} already exceeds the existing crest ${levelText(crest, lf, 3)}`
        : r.status === 'within-horizon'
          ? `adaptation year: ${r.year} — first year the required crest ${levelText(r.requiredAtYear_m, lf, 3)} exceeds the existing crest ${levelText(crest, lf, 3)}`
          : `adaptation year: never within ${from}–${to} — the requirement reaches ${levelText(r.requiredAtYear_m, lf, 3)} in ${to}, below the existing crest ${levelText(crest, lf, 3)}`;
    const lines = [
      head,
      `scenario ${scenario.name} (${scenario.status})${r.upside ? ', upside' : ''}; headroom in ${from}: ${r.headroomAtStart_m.toFixed(3)} m`,
      ...(up ? [`upside (upper likely bound): ${up.year === null ? `never within ${from}–${to}` : up.year}`] : []),
      `required crest in ${at}:`,
      componentTable(detail.components, `required crest (${detail.datum})`, detail.required_m),
    ];
    if (allowance.kind !== 'none') lines.push(`structure: ${structureText(section.structure, section.hydraulics ?? {})}`);
    lines.push(flagLines(detail.flags), '');
    io.stdout(lines.join('\n'));
    return 0;
  },
};
