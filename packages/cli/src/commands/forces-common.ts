/**
 * Flags and formatting shared by the design-force commands (overtopping, freeboard, level, timing).
 */
import { readFileSync } from 'node:fs';
import {
  datum as makeDatum,
  formatLevel,
  knownDatum,
  returnPeriodLevel,
  userScenario,
  type ScenarioPoint,
  type SeaLevelScenario,
  type HydraulicOptions,
  type LevelComponent,
  type Structure,
  type VerticalDatum,
  type WaterLevelSpec,
  type Waves,
} from '@floodzone/core';
import { numberFlag, requireFlag } from '../args.js';
import { UsageError } from '../errors.js';

/** Flags describing waves, structure and formula (overtopping, freeboard, timing). */
export const HYDRAULIC_FLAGS = {
  structure: { type: 'string' },
  hm0: { type: 'string' },
  tm10: { type: 'string' },
  slope: { type: 'string' },
  'slope-up': { type: 'string' },
  'berm-width': { type: 'string' },
  'berm-level': { type: 'string' },
  'toe-depth': { type: 'string' },
  beta: { type: 'string' },
  'gamma-f': { type: 'string' },
  'gamma-b': { type: 'string' },
  'gamma-v': { type: 'string' },
  'gamma-star': { type: 'string' },
  'gamma-beta': { type: 'string' },
  approach: { type: 'string' },
  formula: { type: 'string' },
  'seabed-slope': { type: 'string' },
  regime: { type: 'string' },
  'runup-c': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Help lines for {@link HYDRAULIC_FLAGS}. */
export const HYDRAULIC_HELP = `waves and structure:
  --structure slope|vertical|rubble   smooth/rough impermeable slope, vertical wall, rubble mound (required)
  --hm0 <m>             spectral significant wave height Hm0 at the toe, m (> 0; required)
  --tm10 <s>            spectral period Tm-1,0 at the toe, s (> 0; required; Tm-1,0 ≈ Tp/1.1)
  --slope <cot α>       seaward slope as cot α (horizontal/vertical), e.g. 3 for 1:3 (required for slope
                        and rubble; slope < 2 uses EurOtop eq 5.18 for very steep slopes; goda2009: 0–7)
  --slope-up <cot α>    composite slope: --slope is the part below the kink/berm, this the part above;
                        the average slope (1.5·Hm0 below SWL to z2% above, berm excluded) and γb are
                        solved with the run-up (eurotop2018; design approach needs --runup-c)
  --berm-width <m>      berm width B, m (with --slope-up; default 0)
  --berm-level <m>      berm (or kink) level relative to the still water level, m, + above (default 0)
  --toe-depth <m>       water depth at the toe h, m (vertical walls with eurotop2018; every structure with
                        goda2009)
  --beta <deg>          wave angle from the normal, degrees (default 0; |β| capped at 80°)
  --gamma-f <r>         roughness factor γf, 0 < γf ≤ 1 (default 1 = smooth; required for rubble)
  --gamma-b <r>         berm factor γb, 0.6–1 (default 1)
  --gamma-v <r>         wall-on-slope factor γv, 0 < γv ≤ 1 (default 1)
  --gamma-star <r>      composite factor γ* for storm walls/promenades, 0 < γ* ≤ 1 (default 1)
  --gamma-beta <r>      oblique factor γβ for a vertical wall, 0 < γβ ≤ 1 (required with --beta ≠ 0 on a
                        vertical wall: the EurOtop value for walls is unverified)
  --regime auto|deep|non-impulsive|impulsive
                        vertical-wall regime (default auto: deep if h/Hm0 > 4, else impulsive when
                        h²/(Hm0·Lm-1,0) ≤ 0.23, an unverified criterion reported as a flag)
  --approach mean|design  EurOtop mean-value (default, prediction) or design (≈ one standard deviation
                        safer; vertical walls and eq 5.18 have only mean-value coefficients: flagged)
  --formula eurotop2018|goda2009  default eurotop2018 (EurOtop 2018 manual); goda2009 = Goda's unified
                        formula behind the Japanese design charts (no roughness, berm or angle factors)
  --seabed-slope <cot θ>  seabed slope in front of the structure as cot θ, e.g. 30 for 1/30 (goda2009)
  --json                print only JSON on stdout`;

/** Parses the wave, structure and option flags. */
export function parseHydraulics(command: string, v: Record<string, string | boolean | undefined>): { waves: Waves; structure: Structure; options: HydraulicOptions } {
  const kind = requireFlag(command, 'structure', v.structure as string | undefined);
  if (kind !== 'slope' && kind !== 'vertical' && kind !== 'rubble') throw new UsageError(`--structure must be slope, vertical or rubble, got "${kind}"`);
  const opt = (flag: string, rule: Parameters<typeof numberFlag>[2]) => (v[flag] === undefined ? undefined : numberFlag(flag, v[flag] as string, rule));
  const waves: Waves = {
    hm0_m: numberFlag('hm0', requireFlag(command, 'hm0', v.hm0 as string | undefined), { min: 0, exclusiveMin: true, unit: 'm' }),
    tm10_s: numberFlag('tm10', requireFlag(command, 'tm10', v.tm10 as string | undefined), { min: 0, exclusiveMin: true, unit: 's' }),
  };
  const beta = opt('beta', { min: -90, max: 90, unit: 'degrees' });
  if (beta !== undefined) waves.beta_deg = beta;
  const gamma = { min: 0, exclusiveMin: true, max: 1 };
  let structure: Structure;
  if (kind === 'vertical') {
    if (v.slope !== undefined) throw new UsageError('--slope does not apply to --structure vertical');
    structure = { kind: 'vertical' };
    const g = opt('gamma-beta', gamma);
    if (g !== undefined) structure.gammaBeta = g;
    if (v.regime !== undefined) {
      const r = v.regime as string;
      if (r !== 'auto' && r !== 'deep' && r !== 'non-impulsive' && r !== 'impulsive') throw new UsageError(`--regime must be auto, deep, non-impulsive or impulsive, got "${r}"`);
      structure.regime = r;
    }
  } else {
    const cot = numberFlag('slope', requireFlag(command, 'slope', v.slope as string | undefined), { min: 0, exclusiveMin: kind === 'rubble', unit: '(cot α)' });
    if (kind === 'rubble') {
      structure = { kind: 'rubble', cotAlpha: cot, gammaF: numberFlag('gamma-f', requireFlag(command, 'gamma-f', v['gamma-f'] as string | undefined), gamma) };
    } else {
      structure = { kind: 'slope', cotAlpha: cot };
      const gf = opt('gamma-f', gamma);
      if (gf !== undefined) structure.gammaF = gf;
      const gb = opt('gamma-b', { min: 0.6, max: 1 });
      if (gb !== undefined) structure.gammaB = gb;
      const gv = opt('gamma-v', gamma);
      if (gv !== undefined) structure.gammaV = gv;
      const up = opt('slope-up', { min: 0, exclusiveMin: true, unit: '(cot α)' });
      if (up !== undefined) {
        structure.profile = { cotAlphaUp: up };
        const bw = opt('berm-width', { min: 0, unit: 'm' });
        if (bw !== undefined) structure.profile.bermWidth_m = bw;
        const bl = opt('berm-level', { unit: 'm' });
        if (bl !== undefined) structure.profile.bermLevel_m = bl;
      } else if (v['berm-width'] !== undefined || v['berm-level'] !== undefined) {
        throw new UsageError('--berm-width and --berm-level need --slope-up (the slope above the berm; repeat --slope for a uniform slope)');
      }
    }
    const gs = opt('gamma-star', gamma);
    if (gs !== undefined) structure.gammaStar = gs;
    if (v['gamma-beta'] !== undefined) throw new UsageError('--gamma-beta is for vertical walls; slopes use the EurOtop γβ of --beta');
    if (v.regime !== undefined) throw new UsageError('--regime is for --structure vertical');
  }
  if (kind !== 'slope' && (v['gamma-b'] !== undefined || v['gamma-v'] !== undefined || v['slope-up'] !== undefined)) {
    throw new UsageError('--gamma-b, --gamma-v and --slope-up apply to --structure slope only');
  }
  if (kind === 'vertical' && (v['gamma-f'] !== undefined || v['gamma-star'] !== undefined)) throw new UsageError('--gamma-f and --gamma-star do not apply to --structure vertical');
  const options: HydraulicOptions = {};
  if (v.approach !== undefined) {
    if (v.approach !== 'mean' && v.approach !== 'design') throw new UsageError(`--approach must be mean or design, got "${v.approach}"`);
    options.approach = v.approach;
  }
  if (v.formula !== undefined) {
    if (v.formula !== 'eurotop2018' && v.formula !== 'goda2009') throw new UsageError(`--formula must be eurotop2018 or goda2009, got "${v.formula}"`);
    options.formula = v.formula;
  }
  const h = opt('toe-depth', { min: 0, unit: 'm' });
  if (h !== undefined) options.toeDepth_m = h;
  const sb = opt('seabed-slope', { min: 0, exclusiveMin: true, unit: '(cot θ)' });
  if (sb !== undefined) options.seabedSlope = 1 / sb;
  if (v['runup-c'] !== undefined) {
    const c = numberFlag('runup-c', v['runup-c'] as string);
    if (c !== 4.0 && c !== 4.3) throw new UsageError(`--runup-c must be 4.0 or 4.3, got ${v['runup-c']}`);
    options.runupDesignC = c;
  }
  return { waves, structure, options };
}

/** Flags of the design still-water level (level, timing). */
export const LEVEL_FLAGS = {
  scenario: { type: 'string' },
  hwl: { type: 'string' },
  surge: { type: 'string' },
  datum: { type: 'string' },
  'datum-tp': { type: 'string' },
  'surge-ratio': { type: 'string' },
  interpolation: { type: 'string' },
  rate: { type: 'string' },
  'rate-year': { type: 'string' },
  upside: { type: 'boolean' },
  upper: { type: 'string' },
  since: { type: 'string' },
  baseline: { type: 'string' },
  setup: { type: 'string' },
  'scenario-file': { type: 'string' },
  'surge-maxima': { type: 'string' },
  'return-period': { type: 'string' },
  gumbel: { type: 'string' },
} as const;

export const LEVEL_HELP = `water level:
  --scenario <name>     sea-level scenario (required), e.g. japan2020-rcp2.6 (日本の気候変動2020, 2 °C,
                        verified median +0.39 m for 2081–2100 vs 1986–2005), japan2020-rcp8.5, ar5-rcp2.6 …,
                        ar6-ssp1-2.6 … (AR5/AR6 values unverified: flagged); a wrong name lists them all
  --scenario-file <json>  a user table instead of a built-in: {"name", "baseline": [first, last year],
                        "points": [{"year", "median_m", "upper_m"?}], "source"?, "validTo"?}; --scenario
                        may then be omitted
  --hwl <m>             H.W.L. (朔望平均満潮位) in --datum, m (required)
  --surge <m>           reference storm-surge deviation (潮位偏差), m ≥ 0 (required unless --surge-maxima)
  --surge-maxima <list> annual maximum surge deviations, m, comma-separated (≥ 3 values): the surge is their
                        Gumbel return level for --return-period
  --return-period <yr>  return period for --surge-maxima, years (> 1)
  --gumbel moments|lmoments  Gumbel fit for --surge-maxima (default moments)
  --datum <name>        datum of --hwl, of timing's crest and of the output (default T.P.): T.P., D.L., or
                        a known one (A.P., Y.P., K.P., N.P., O.P., Yokkaichi)
  --datum-tp <m>        T.P. height of the datum's zero, m, e.g. -1.134; needed to print T.P. for D.L.
  --surge-ratio <r>     future-change ratio r_S of the surge deviation (default 1; the 実装方針 2024 ratios
                        are not built in: give yours)
  --interpolation linear|quadratic  ΔMSL between tabulated years (default linear); quadratic = the curve
                        through the end value with today's observed rate at the baseline (--rate)
  --rate <m/yr>         observed rate for quadratic (default 0.0035, JMA 2004–2023 Japan coast)
  --rate-year <year>    year at which the quadratic's slope equals --rate (default the baseline centre;
                        2013.5 = centre of the JMA 2004–2023 trend)
  --upside              use the upper likely bound (上振れ) instead of the median
  --upper <m>           upper likely bound at the scenario's last tabulated year, m (needed with --upside for
                        japan2020-*, whose ranges are unverified)
  --since <year>        year the H.W.L. already includes (rise counted from there; default the baseline)
  --baseline <YYYY-YYYY>  re-express the scenario against another baseline (AR6 → 1986-2005: +0.03 m)
  --setup <m>           wave setup to add when the surge value does not include it, m (default 0)`;

export interface LevelFlags {
  spec: WaterLevelSpec;
  datum: VerticalDatum;
  /** False when the datum's T.P. offset is unknown (D.L. without --datum-tp). */
  offsetKnown: boolean;
}

/** Parses the level flags into a WaterLevelSpec and a datum. */
export function parseLevel(command: string, v: Record<string, string | boolean | undefined>): LevelFlags {
  let scenario: string | SeaLevelScenario;
  if (v['scenario-file'] !== undefined) {
    const file = v['scenario-file'] as string;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`--scenario-file ${file}: cannot read JSON (${String((err as Error).message).split('\n')[0]})`);
    }
    const list = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
    const want = v.scenario as string | undefined;
    const pick = want === undefined ? (list.length === 1 ? list[0] : undefined) : list.find((x) => x?.name === want);
    if (!pick) {
      throw new UsageError(`--scenario-file ${file}: ${want === undefined ? 'holds several scenarios; choose one with --scenario' : `has no scenario named "${want}"`}`);
    }
    const p = pick as { name?: unknown; baseline?: unknown; points?: unknown; source?: unknown; label?: unknown; validTo?: unknown };
    if (typeof p.name !== 'string' || !Array.isArray(p.baseline) || !Array.isArray(p.points)) {
      throw new UsageError(`--scenario-file ${file}: each scenario needs "name", "baseline": [first, last] and "points": [{"year", "median_m"}]`);
    }
    scenario = userScenario(p.name, p.baseline as [number, number], p.points as ScenarioPoint[], {
      source: typeof p.source === 'string' ? p.source : `user table ${file}`,
      ...(typeof p.label === 'string' ? { label: p.label } : {}),
      ...(typeof p.validTo === 'number' ? { validTo: p.validTo } : {}),
    });
  } else {
    scenario = requireFlag(command, 'scenario', v.scenario as string | undefined);
  }
  let surge: number;
  let surgeSource: string | undefined;
  if (v['surge-maxima'] !== undefined) {
    if (v.surge !== undefined) throw new UsageError('give --surge or --surge-maxima, not both');
    const xs = (v['surge-maxima'] as string).split(',').map((x, i) => numberFlag(`surge-maxima (value ${i + 1})`, x, { unit: 'm' }));
    const T = numberFlag('return-period', requireFlag(command, 'return-period', v['return-period'] as string | undefined), { min: 1, exclusiveMin: true, unit: 'years' });
    const method = (v.gumbel as string | undefined) ?? 'moments';
    if (method !== 'moments' && method !== 'lmoments') throw new UsageError(`--gumbel must be moments or lmoments, got "${method}"`);
    const r = returnPeriodLevel(xs, T, method);
    surge = r.level_m;
    if (!(surge >= 0)) throw new UsageError(`--surge-maxima: the ${T}-year Gumbel level is ${surge.toFixed(3)} m, below 0; check the values`);
    surgeSource = `${T}-year ${r.source}${r.fit.flags.length ? ` (${r.fit.flags.join('; ')})` : ''}`;
  } else {
    if (v['return-period'] !== undefined || v.gumbel !== undefined) throw new UsageError('--return-period and --gumbel go with --surge-maxima');
    surge = numberFlag('surge', requireFlag(command, 'surge', v.surge as string | undefined), { min: 0, unit: 'm' });
  }
  const spec: WaterLevelSpec = {
    scenario,
    hwl_m: numberFlag('hwl', requireFlag(command, 'hwl', v.hwl as string | undefined), { unit: 'm' }),
    surge_m: surge,
    datum: 'T.P.',
  };
  if (surgeSource) spec.surgeSource = surgeSource;
  const dName = (v.datum as string | undefined) ?? 'T.P.';
  let d: VerticalDatum;
  let offsetKnown = true;
  if (v['datum-tp'] !== undefined) {
    d = makeDatum(dName, numberFlag('datum-tp', v['datum-tp'] as string, { min: -100, max: 100, unit: 'm' }));
  } else {
    const k = knownDatum(dName);
    if (k) d = k;
    else {
      d = makeDatum(dName, 0);
      offsetKnown = false;
    }
  }
  spec.datum = d.name;
  if (v['surge-ratio'] !== undefined) spec.surgeRatio = numberFlag('surge-ratio', v['surge-ratio'] as string, { min: 0, exclusiveMin: true });
  if (v.interpolation !== undefined) {
    if (v.interpolation !== 'linear' && v.interpolation !== 'quadratic') throw new UsageError(`--interpolation must be linear or quadratic, got "${v.interpolation}"`);
    spec.interpolation = v.interpolation;
  }
  if (v.rate !== undefined) spec.rate_m_per_yr = numberFlag('rate', v.rate as string, { min: 0, unit: 'm/yr' });
  if (v['rate-year'] !== undefined) spec.rateYear = numberFlag('rate-year', v['rate-year'] as string, { unit: '(year)' });
  if (v.upside) spec.upside = true;
  if (v.upper !== undefined) spec.upper_m = numberFlag('upper', v.upper as string, { unit: 'm' });
  if (v.since !== undefined) spec.since = numberFlag('since', v.since as string, { unit: '(year)' });
  if (v.baseline !== undefined) spec.baseline = v.baseline as string;
  if (v.setup !== undefined) spec.setup_m = numberFlag('setup', v.setup as string, { min: 0, unit: 'm' });
  return { spec, datum: d, offsetKnown };
}

/** `D.L.+4.20 m (T.P.+3.07 m)` or `D.L.+4.20 m` when the offset is unknown. */
export function levelText(value: number, lf: LevelFlags, digits = 2): string {
  return formatLevel(value, lf.datum, { offsetKnown: lf.offsetKnown, digits });
}

/** Signed metres with 3 decimals, padded. */
export function m3(v: number): string {
  return `${v < 0 ? '-' : '+'}${Math.abs(v).toFixed(3)} m`;
}

/** Terminal columns of a string: East Asian wide and fullwidth characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - displayWidth(s)));
}

/** A readable component table (columns aligned for wide characters too). */
export function componentTable(components: readonly LevelComponent[], totalLabel: string, total: number): string {
  const w = Math.max(...components.map((c) => displayWidth(c.name)), displayWidth(totalLabel));
  const lines = components.map((c) => `  ${padEnd(c.name, w)}  ${m3(c.value_m).padStart(10)}   ${c.source}`);
  lines.push(`  ${'-'.repeat(w)}  ${'-'.repeat(10)}`);
  lines.push(`  ${padEnd(totalLabel, w)}  ${m3(total).padStart(10)}`);
  return lines.join('\n');
}

/** Flags as indented lines, or `flags: none`. */
export function flagLines(flags: readonly string[]): string {
  return flags.length ? `flags:\n${flags.map((f) => `  - ${f}`).join('\n')}` : 'flags: none';
}

/** q in m³/s/m with l/s/m. */
export function qText(q: number): string {
  return `${q.toPrecision(4)} m³/s/m (${(q * 1000).toPrecision(4)} l/s/m)`;
}

/** One line describing the structure. */
export function structureText(st: Structure, o: HydraulicOptions): string {
  const parts: string[] = [st.kind];
  if (st.kind !== 'vertical') parts.push(`slope 1:${st.cotAlpha}`);
  if (st.kind !== 'vertical' && st.gammaF !== undefined) parts.push(`γf ${st.gammaF}`);
  if (st.kind === 'slope' && st.profile) {
    parts.push(`upper slope 1:${st.profile.cotAlphaUp}`);
    if (st.profile.bermWidth_m) parts.push(`berm ${st.profile.bermWidth_m} m wide at ${st.profile.bermLevel_m ?? 0} m`);
  }
  if (st.kind === 'slope' && st.gammaB !== undefined) parts.push(`γb ${st.gammaB}`);
  if (st.kind === 'slope' && st.gammaV !== undefined) parts.push(`γv ${st.gammaV}`);
  if (st.kind !== 'vertical' && st.gammaStar !== undefined) parts.push(`γ* ${st.gammaStar}`);
  if (st.kind === 'vertical' && st.gammaBeta !== undefined) parts.push(`γβ ${st.gammaBeta}`);
  if (st.kind === 'vertical' && st.regime) parts.push(`regime ${st.regime}`);
  if (o.toeDepth_m !== undefined) parts.push(`toe depth ${o.toeDepth_m} m`);
  if (o.seabedSlope !== undefined) parts.push(`seabed 1:${Number((1 / o.seabedSlope).toPrecision(6))}`);
  return parts.join(', ');
}
