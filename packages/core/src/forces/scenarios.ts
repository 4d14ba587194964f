/**
 * Sea-level-rise scenarios ΔMSL(t): named tables with their source, baseline period and verification
 * status, interpolated in time by an explicit rule. Values and their status are from
 * `notes/DOMAIN.md` §4 ([V] verified against a read source, [S] secondary, [M] memory: unverified).
 */
import { InputError } from '../util/errors.js';
import { fmt, num } from './validate.js';

/** How sure the numbers of a scenario are (DOMAIN.md tags: [V], [S], [M]; 'user' for user tables). */
export type Verification = 'verified' | 'secondary' | 'unverified' | 'user';

/** One tabulated value: rise (m) above the scenario's baseline at `year` (a decimal year). */
export interface ScenarioPoint {
  readonly year: number;
  readonly median_m: number;
  /** Lower end of the likely range, if the source gives one. */
  readonly lower_m?: number;
  /** Upper end of the likely range (the guideline's 上振れ / "upside" case), if the source gives one. */
  readonly upper_m?: number;
}

/** A shift that re-expresses the table relative to another baseline period, e.g. AR6 1995–2014 → 1986–2005. */
export interface BaselineShift {
  /** Target baseline, written `YYYY-YYYY`. */
  readonly to: string;
  readonly add_m: number;
  readonly source: string;
}

export interface SeaLevelScenario {
  /** Registry key, e.g. `japan2020-rcp2.6`. */
  readonly name: string;
  readonly label: string;
  /** Where the numbers come from, with the DOMAIN.md status of each part. */
  readonly source: string;
  readonly status: Verification;
  /** Baseline period, first and last year inclusive; the table is 0 at its centre. */
  readonly baseline: readonly [number, number];
  /** Tabulated rises, strictly increasing in year, all after the baseline centre. */
  readonly points: readonly ScenarioPoint[];
  /** Last year the table may be used (end of its last averaging period); later years are refused. */
  readonly validTo: number;
  readonly shifts?: readonly BaselineShift[];
  readonly note?: string;
}

export type Interpolation = 'linear' | 'quadratic';

export interface RiseOptions {
  /**
   * 'linear' (default): piecewise linear through (baseline centre, 0) and the tabulated points; past the
   * last point up to `validTo` the last segment is continued and flagged.
   * 'quadratic': S(τ) = a·τ + b·τ², τ = t − baseline centre, a = today's observed rate
   * (`rate_m_per_yr`), b chosen so S passes through the last tabulated point (NRC 1987 / USACE
   * EC 1165-2-212 form, DOMAIN.md §4.3).
   */
  interpolation?: Interpolation;
  /** Use the upper likely bound instead of the median (the guideline's 上振れ consideration, §4-2). */
  upside?: boolean;
  /**
   * Upper likely bound at the last tabulated point, for scenarios whose table has none (or to override
   * it), m above the baseline. Earlier points without an upper bound are scaled by upper/median of the
   * last point (flagged).
   */
  upper_m?: number;
  /** Present rate for 'quadratic', m/yr. Default {@link JMA_JAPAN_RATE_2004_2023}. */
  rate_m_per_yr?: number;
  /**
   * Year at which the quadratic's slope equals `rate_m_per_yr` (default: the baseline centre, the
   * NRC 1987 form of DOMAIN.md §4.3). E.g. 2013.5, the centre of the JMA 2004–2023 trend, to pass
   * through today's observed rate: a + 2·b·τr = rate and S(τe) = S_end give
   * b = (S_end − rate·τe)/(τe·(τe − 2·τr)), a = rate − 2·b·τr. Must lie before the midpoint of
   * baseline centre and last tabulated year.
   */
  rateYear?: number;
  /**
   * Year the user's H.W.L. already includes (e.g. the centre of the tide record it was computed from):
   * the result is S(t) − S(since). Default: the scenario's baseline centre (S = 0 there).
   */
  since?: number;
  /** Re-express the table against another baseline (`YYYY-YYYY`) using one of the scenario's shifts. */
  baseline?: string;
}

export interface SeaLevelRise {
  rise_m: number;
  scenario: string;
  status: Verification;
  source: string;
  /** What the value is relative to: the baseline period `YYYY-YYYY` (after any shift) or `year <since>`. */
  baseline: string;
  interpolation: Interpolation;
  upside: boolean;
  year: number;
  /** One line per caveat (extrapolation, unverified numbers, scaled bounds). */
  flags: string[];
}

/**
 * Observed mean rise at Japanese tide gauges, 2004–2023: 3.5 [2.5–4.5] mm/yr (13 GPS-corrected
 * stations), JMA 海面水位の長期変化傾向 (DOMAIN.md §4.1 [V]).
 */
export const JMA_JAPAN_RATE_2004_2023 = 0.0035;

const SHIFT_AR6: BaselineShift = {
  to: '1986-2005',
  add_m: 0.03,
  source: 'AR6 1995–2014 → 1986–2005: +0.03 m (DOMAIN.md §4.2 [V], PMC eft21174 table note)',
};

function ar6(name: string, label: string, m2050: number, l2050: number, u2050: number, m2100: number, l2100: number, u2100: number): SeaLevelScenario {
  return {
    name,
    label,
    source: 'IPCC AR6 WG1 SPM B.5 / Table 9.9, GMSL medians and likely ranges (DOMAIN.md §4.2 [M]: unverified)',
    status: 'unverified',
    baseline: [1995, 2014],
    points: [
      { year: 2050, median_m: m2050, lower_m: l2050, upper_m: u2050 },
      { year: 2100, median_m: m2100, lower_m: l2100, upper_m: u2100 },
    ],
    validTo: 2100,
    shifts: [SHIFT_AR6],
  };
}

function ar5(name: string, label: string, m: number, l: number, u: number): SeaLevelScenario {
  return {
    name,
    label,
    source: 'IPCC AR5 WG1, GMSL 2081–2100 vs 1986–2005 (DOMAIN.md §4.2: likely range [S] Kanagawa prefecture page, median [M] unverified)',
    status: 'unverified',
    baseline: [1986, 2005],
    points: [{ year: 2090.5, median_m: m, lower_m: l, upper_m: u }],
    validTo: 2100,
  };
}

/** The scenarios known without registration. Japan 2020 medians are [V]; everything else is flagged. */
export const BUILTIN_SCENARIOS: readonly SeaLevelScenario[] = [
  {
    name: 'japan2020-rcp2.6',
    label: '日本の気候変動2020, 2 °C scenario (RCP2.6), Japan coast mean',
    source: '日本の気候変動2020 (MEXT/JMA), Japan coast 2081–2100 vs 1986–2005 median +0.39 m (DOMAIN.md §4.1 [V])',
    status: 'verified',
    baseline: [1986, 2005],
    points: [{ year: 2090.5, median_m: 0.39 }],
    validTo: 2100,
    note: 'likely range 0.22–0.55 m is unverified (DOMAIN.md §4.1 [M]); give upper_m to use an upper bound',
  },
  {
    name: 'japan2020-rcp8.5',
    label: '日本の気候変動2020, 4 °C scenario (RCP8.5), Japan coast mean',
    source: '日本の気候変動2020 (MEXT/JMA), Japan coast 2081–2100 vs 1986–2005 median +0.71 m (DOMAIN.md §4.1 [V])',
    status: 'verified',
    baseline: [1986, 2005],
    points: [{ year: 2090.5, median_m: 0.71 }],
    validTo: 2100,
    note: 'likely range 0.46–0.97 m is unverified (DOMAIN.md §4.1 [M]); give upper_m to use an upper bound',
  },
  ar5('ar5-rcp2.6', 'IPCC AR5 RCP2.6, global mean', 0.4, 0.26, 0.55),
  ar5('ar5-rcp4.5', 'IPCC AR5 RCP4.5, global mean', 0.47, 0.32, 0.63),
  ar5('ar5-rcp6.0', 'IPCC AR5 RCP6.0, global mean', 0.48, 0.33, 0.63),
  ar5('ar5-rcp8.5', 'IPCC AR5 RCP8.5, global mean', 0.63, 0.45, 0.82),
  ar6('ar6-ssp1-1.9', 'IPCC AR6 SSP1-1.9, global mean', 0.18, 0.15, 0.23, 0.38, 0.28, 0.55),
  ar6('ar6-ssp1-2.6', 'IPCC AR6 SSP1-2.6, global mean', 0.19, 0.16, 0.25, 0.44, 0.32, 0.62),
  ar6('ar6-ssp2-4.5', 'IPCC AR6 SSP2-4.5, global mean', 0.2, 0.17, 0.26, 0.56, 0.44, 0.76),
  ar6('ar6-ssp3-7.0', 'IPCC AR6 SSP3-7.0, global mean', 0.22, 0.18, 0.27, 0.68, 0.55, 0.9),
  ar6('ar6-ssp5-8.5', 'IPCC AR6 SSP5-8.5, global mean', 0.23, 0.2, 0.29, 0.77, 0.63, 1.01),
];

const registry = new Map<string, SeaLevelScenario>();
let builtinsLoaded = false;

function reg(): Map<string, SeaLevelScenario> {
  if (!builtinsLoaded) {
    for (const s of BUILTIN_SCENARIOS) if (!registry.has(s.name)) registry.set(s.name, s);
    builtinsLoaded = true;
  }
  return registry;
}

/** Checks a scenario table once; throws a one-line InputError naming the scenario and the problem. */
export function validateScenario(s: SeaLevelScenario): SeaLevelScenario {
  const where = `scenario ${JSON.stringify(s?.name)}`;
  if (!s || typeof s.name !== 'string' || s.name.trim() === '') throw new InputError('scenario name must be a non-empty string', 'scenario');
  if (!Array.isArray(s.baseline) || s.baseline.length !== 2) throw new InputError(`${where}: baseline must be [firstYear, lastYear]`, 'scenario');
  const b0 = num(`${where} baseline start`, s.baseline[0]);
  const b1 = num(`${where} baseline end`, s.baseline[1], { min: b0 });
  const t0 = (b0 + b1) / 2;
  if (!Array.isArray(s.points) || s.points.length === 0) throw new InputError(`${where}: points must list at least one {year, median_m}`, 'scenario');
  let prev = t0;
  for (const p of s.points) {
    num(`${where} point year`, p.year, { min: prev, exclusiveMin: true });
    num(`${where} median_m at ${p.year}`, p.median_m, { unit: 'm' });
    if (p.upper_m !== undefined) num(`${where} upper_m at ${p.year}`, p.upper_m, { min: p.median_m, unit: 'm' });
    if (p.lower_m !== undefined) num(`${where} lower_m at ${p.year}`, p.lower_m, { max: p.median_m, unit: 'm' });
    prev = p.year;
  }
  num(`${where} validTo`, s.validTo, { min: s.points[s.points.length - 1].year });
  return s;
}

/**
 * Adds (or replaces) a named scenario, e.g. a user table or 『日本の気候変動2025』 once its numbers are
 * checked. Returns the scenario.
 */
export function registerScenario(s: SeaLevelScenario): SeaLevelScenario {
  validateScenario(s);
  reg().set(s.name, s);
  return s;
}

/** Removes a registered scenario (built-ins included); true when it existed. */
export function unregisterScenario(name: string): boolean {
  return reg().delete(name);
}

/** Every known scenario, built-ins first. */
export function listScenarios(): SeaLevelScenario[] {
  return [...reg().values()];
}

/** The scenario with that name, or an InputError listing the known names. */
export function getScenario(name: string): SeaLevelScenario {
  const s = reg().get(name);
  if (!s) throw new InputError(`unknown scenario ${JSON.stringify(name)}; known: ${[...reg().keys()].join(', ')}`, 'scenario');
  return s;
}

/** Builds a user scenario from a plain table; `status` is 'user'. */
export function userScenario(
  name: string,
  baseline: readonly [number, number],
  points: readonly ScenarioPoint[],
  opts: { label?: string; source?: string; validTo?: number } = {},
): SeaLevelScenario {
  const s: SeaLevelScenario = {
    name,
    label: opts.label ?? name,
    source: opts.source ?? 'user table',
    status: 'user',
    baseline: [baseline[0], baseline[1]],
    points: points.map((p) => ({ ...p })),
    validTo: opts.validTo ?? (points.length ? points[points.length - 1].year : NaN),
  };
  return validateScenario(s);
}

function resolve(s: string | SeaLevelScenario): SeaLevelScenario {
  return typeof s === 'string' ? getScenario(s) : s;
}

/** Tabulated value used at point i: median or upper bound (with the scaling rule of `upper_m`). */
function pointValue(s: SeaLevelScenario, i: number, upside: boolean, upperEnd: number | undefined, flags: string[] | null): number {
  const p = s.points[i];
  if (!upside) return p.median_m;
  const last = s.points.length - 1;
  if (i === last) {
    if (upperEnd !== undefined) return upperEnd;
    if (p.upper_m !== undefined) return p.upper_m;
    throw new InputError(
      `scenario ${JSON.stringify(s.name)} has no upper likely bound at ${p.year}; pass upper_m (--upper) with the bound you rely on${s.note ? ` (${s.note})` : ''}`,
      'upper_m',
    );
  }
  if (p.upper_m !== undefined && upperEnd === undefined) return p.upper_m;
  const end = s.points[last];
  const u = upperEnd ?? end.upper_m;
  if (u === undefined) return p.median_m; // unreachable: last point throws first
  if (flags) flags.push(`upper-scaled: upper bound at ${p.year} scaled from the last point (×${fmt(u / end.median_m)})`);
  return end.median_m === 0 ? u : p.median_m * (u / end.median_m);
}

/** S(t) relative to the table's own baseline centre (no `since`, no shift). */
function rawRise(s: SeaLevelScenario, year: number, interp: Interpolation, upside: boolean, upperEnd: number | undefined, rate: number, tauR: number, flags: string[] | null): number {
  const t0 = (s.baseline[0] + s.baseline[1]) / 2;
  const pts = s.points;
  const last = pts.length - 1;
  if (interp === 'quadratic') {
    const te = pts[last].year - t0;
    const se = pointValue(s, last, upside, upperEnd, flags);
    const b = (se - rate * te) / (te * (te - 2 * tauR));
    const a = rate - 2 * b * tauR;
    const tau = year - t0;
    if (flags && last > 0) flags.push(`quadratic-end-only: the quadratic passes through ${pts[last].year} only; earlier tabulated points are not matched`);
    if (flags && b < 0) flags.push(`quadratic-decelerating: the observed rate ${rate} m/yr exceeds what the end value ${fmt(se)} m allows, so the curve decelerates (b < 0)`);
    return a * tau + b * tau * tau;
  }
  // piecewise linear through (t0, 0) and the points
  let xa = t0;
  let ya = 0;
  for (let i = 0; i <= last; i++) {
    const xb = pts[i].year;
    const yb = pointValue(s, i, upside, upperEnd, i === last ? flags : null);
    if (year <= xb || i === last) {
      if (year > xb && flags) flags.push(`extrapolated: ${year} is past the last tabulated year ${xb}; the last segment is continued up to ${s.validTo}`);
      return ya + ((yb - ya) * (year - xa)) / (xb - xa);
    }
    xa = xb;
    ya = yb;
  }
  return ya;
}

/**
 * ΔMSL at `year` for a scenario (name or table), m, with its provenance and caveats.
 * Throws InputError for an unknown scenario, a year before the baseline period or after `validTo`,
 * and an upside request on a scenario without an upper bound.
 */
export function seaLevelRise(scenario: string | SeaLevelScenario, year: number, opts: RiseOptions = {}): SeaLevelRise {
  const s = resolve(scenario);
  const flags: string[] = [];
  const r = riseCore(s, year, opts, flags);
  let baseline = `${s.baseline[0]}-${s.baseline[1]}`;
  if (opts.baseline !== undefined && opts.baseline !== baseline) baseline = opts.baseline;
  if (opts.since !== undefined) baseline = `year ${opts.since}`;
  if (s.status === 'unverified') flags.push(`unverified-scenario: ${s.name} numbers are not verified against the primary source (${s.source})`);
  return {
    rise_m: r,
    scenario: s.name,
    status: s.status,
    source: s.source,
    baseline,
    interpolation: opts.interpolation ?? 'linear',
    upside: opts.upside === true,
    year,
    flags,
  };
}

/** Validates once and computes; `flags` may be null for the fast path. */
export function riseCore(s: SeaLevelScenario, year: number, opts: RiseOptions, flags: string[] | null): number {
  const interp = opts.interpolation ?? 'linear';
  if (interp !== 'linear' && interp !== 'quadratic') throw new InputError(`interpolation must be linear or quadratic, got ${JSON.stringify(interp)}`, 'interpolation');
  num('year', year, { unit: '(decimal year)' });
  if (year < s.baseline[0]) {
    throw new InputError(`year ${year} is before the baseline period ${s.baseline[0]}–${s.baseline[1]} of scenario ${s.name}; give a year ≥ ${s.baseline[0]}`, 'year');
  }
  if (year > s.validTo) throw new InputError(`year ${year} is after ${s.validTo}, the last year scenario ${s.name} covers; give a year ≤ ${s.validTo}`, 'year');
  const upside = opts.upside === true;
  const upperEnd = opts.upper_m === undefined ? undefined : num('upper_m', opts.upper_m, { min: s.points[s.points.length - 1].median_m, unit: 'm' });
  const rate = opts.rate_m_per_yr === undefined ? JMA_JAPAN_RATE_2004_2023 : num('rate_m_per_yr', opts.rate_m_per_yr, { min: 0, max: 0.1, unit: 'm/yr' });
  let shift = 0;
  if (opts.baseline !== undefined && opts.baseline !== `${s.baseline[0]}-${s.baseline[1]}`) {
    const sh = s.shifts?.find((x) => x.to === opts.baseline);
    if (!sh) {
      const known = [`${s.baseline[0]}-${s.baseline[1]}`, ...(s.shifts ?? []).map((x) => x.to)];
      throw new InputError(`scenario ${s.name} has no shift to baseline ${JSON.stringify(opts.baseline)}; known: ${known.join(', ')}`, 'baseline');
    }
    shift = sh.add_m;
  }
  const t0 = (s.baseline[0] + s.baseline[1]) / 2;
  let tauR = 0;
  if (opts.rateYear !== undefined) {
    const te = s.points[s.points.length - 1].year - t0;
    tauR = num('rateYear', opts.rateYear, { min: s.baseline[0], max: t0 + te / 2, exclusiveMax: true, unit: '(year)' }) - t0;
  }
  let v = rawRise(s, year, interp, upside, upperEnd, rate, tauR, flags) + shift;
  if (opts.since !== undefined) {
    const since = num('since', opts.since, { min: s.baseline[0], max: s.validTo, unit: '(year)' });
    v -= rawRise(s, since, interp, upside, upperEnd, rate, tauR, null) + shift;
  }
  return v;
}
