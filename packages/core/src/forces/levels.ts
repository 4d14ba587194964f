/**
 * Design still-water level (設計高潮位) by scenario and year, with its breakdown:
 * `DHWL(t) = H.W.L. + ΔMSL(scenario, t) + surge × r_S(t) (+ wave setup)` (DOMAIN.md §1.1, the
 * guideline §4-2 components ① mean sea level, ② storm-surge deviation). Return-period levels from
 * annual maxima by a Gumbel fit.
 */
import { InputError } from '../util/errors.js';
import { getScenario, riseCore, validateScenario, type Interpolation, type RiseOptions, type SeaLevelScenario, type Verification } from './scenarios.js';
import { fmt, num } from './validate.js';

/** One term of a level: value in metres, unit, and where it comes from. */
export interface LevelComponent {
  name: string;
  value_m: number;
  unit: string;
  source: string;
}

/**
 * A future-change ratio (将来変化比) for surge deviation (r_S) or wave height (r_H): a constant, or a
 * table of {year, ratio} interpolated linearly, held at the end values outside the table. The official
 * 実装方針 (2024) values are not verified (DOMAIN.md §4.4): always a user input.
 */
export type ChangeRatio = number | readonly { year: number; ratio: number }[];

/** r(t) for a {@link ChangeRatio}; `flags` (optional) gets a note when the table is held constant. */
export function changeRatioAt(r: ChangeRatio | undefined, year: number, flags?: string[] | null, what = 'ratio'): number {
  if (r === undefined) return 1;
  if (typeof r === 'number') return r;
  const n = r.length;
  if (year <= r[0].year) {
    if (flags && year < r[0].year && n > 1) flags.push(`${what}-held: ${what} held at its ${r[0].year} value before the table`);
    return r[0].ratio;
  }
  for (let i = 1; i < n; i++) {
    if (year <= r[i].year) {
      const a = r[i - 1];
      const b = r[i];
      return a.ratio + ((b.ratio - a.ratio) * (year - a.year)) / (b.year - a.year);
    }
  }
  if (flags && n > 0) flags.push(`${what}-held: ${what} held at its ${r[n - 1].year} value after the table`);
  return r[n - 1].ratio;
}

/** Checks a ratio once: positive finite numbers, table years strictly increasing. */
export function validateChangeRatio(name: string, r: ChangeRatio | undefined): void {
  if (r === undefined) return;
  if (typeof r === 'number') {
    num(name, r, { min: 0, exclusiveMin: true, max: 10 });
    return;
  }
  if (!Array.isArray(r) || r.length === 0) throw new InputError(`${name} must be a number or a non-empty [{year, ratio}] table`, name);
  let prev = -Infinity;
  for (const p of r) {
    num(`${name} year`, p?.year, { min: prev, exclusiveMin: true });
    num(`${name} ratio at ${p.year}`, p.ratio, { min: 0, exclusiveMin: true, max: 10 });
    prev = p.year;
  }
}

/** Inputs of the design still-water level. Every level is in `datum` (a label carried to the result). */
export interface WaterLevelSpec extends RiseOptions {
  /** 朔望平均満潮位 H.W.L. in `datum`, m. */
  hwl_m: number;
  /** Name of the datum of `hwl_m` and of the result, e.g. `D.L.` or `T.P.`. */
  datum: string;
  /** Reference storm-surge deviation (潮位偏差), m: recorded maximum, model typhoon or return-period value. */
  surge_m: number;
  /** Future-change ratio of the surge deviation r_S(t) (user input; default 1 = no change). */
  surgeRatio?: ChangeRatio;
  /** Wave setup to add when the surge model does not include it, m (default 0). */
  setup_m?: number;
  /** Where `hwl_m` comes from (for the breakdown). */
  hwlSource?: string;
  /** Where `surge_m` comes from (for the breakdown). */
  surgeSource?: string;
  /** Sea-level scenario: a registered name or a table. */
  scenario: string | SeaLevelScenario;
}

export interface LevelResult {
  level_m: number;
  datum: string;
  year: number;
  components: LevelComponent[];
  flags: string[];
  scenario: { name: string; status: Verification; interpolation: Interpolation; upside: boolean; baseline: string };
  /** r_S(t) used. */
  surgeRatio: number;
}

/** Validates a {@link WaterLevelSpec} once and returns the resolved scenario. */
export function checkWaterLevelSpec(spec: WaterLevelSpec): SeaLevelScenario {
  if (!spec || typeof spec !== 'object') throw new InputError('water level spec must be an object with hwl_m, datum, surge_m, scenario', 'level');
  num('hwl_m (H.W.L.)', spec.hwl_m, { min: -100, max: 100, unit: 'm' });
  num('surge_m (storm-surge deviation)', spec.surge_m, { min: 0, max: 30, unit: 'm' });
  if (spec.setup_m !== undefined) num('setup_m (wave setup)', spec.setup_m, { min: 0, max: 10, unit: 'm' });
  if (typeof spec.datum !== 'string' || spec.datum.trim() === '') throw new InputError('datum must name the datum of hwl_m, e.g. "D.L." or "T.P."', 'datum');
  validateChangeRatio('surgeRatio', spec.surgeRatio);
  return typeof spec.scenario === 'string' ? getScenario(spec.scenario) : validateScenario(spec.scenario);
}

/**
 * DHWL(t) with its breakdown. `year` is a decimal year; the rise is relative to the scenario baseline
 * (or to `since`, when the H.W.L. already includes the rise up to that year).
 */
export function designWaterLevel(spec: WaterLevelSpec, year: number): LevelResult {
  const s = checkWaterLevelSpec(spec);
  const flags: string[] = [];
  const rise = riseCore(s, year, spec, flags);
  if (s.status === 'unverified') flags.push(`unverified-scenario: ${s.name} numbers are not verified against the primary source`);
  const rS = changeRatioAt(spec.surgeRatio, year, flags, 'surge-ratio');
  const surge = spec.surge_m * rS;
  const interp = spec.interpolation ?? 'linear';
  const upside = spec.upside === true;
  const rel = spec.since !== undefined ? `since ${spec.since}` : `vs ${s.baseline[0]}–${s.baseline[1]}${spec.baseline ? ` shifted to ${spec.baseline}` : ''}`;
  const components: LevelComponent[] = [
    { name: 'H.W.L. (朔望平均満潮位)', value_m: spec.hwl_m, unit: `m ${spec.datum}`, source: spec.hwlSource ?? 'user input' },
    {
      name: `ΔMSL ${s.name}${upside ? ' upside' : ''} ${fmt(year, 6)} (${interp}, ${rel})`,
      value_m: rise,
      unit: 'm',
      source: `${s.source}${interp === 'quadratic' ? `; quadratic with present rate ${spec.rate_m_per_yr ?? 0.0035} m/yr at ${spec.rateYear ?? (s.baseline[0] + s.baseline[1]) / 2}` : ''}`,
    },
    {
      name: `storm-surge deviation × r_S (${fmt(spec.surge_m, 4)} m × ${fmt(rS, 4)})`,
      value_m: surge,
      unit: 'm',
      source: `${spec.surgeSource ?? 'user input'}; r_S user input (実装方針 2024 ratios unverified, DOMAIN.md §4.4)`,
    },
  ];
  let level = spec.hwl_m + rise + surge;
  if (spec.setup_m !== undefined && spec.setup_m > 0) {
    components.push({ name: 'wave setup', value_m: spec.setup_m, unit: 'm', source: 'user input (omit when the surge model includes it)' });
    level += spec.setup_m;
  }
  return {
    level_m: level,
    datum: spec.datum,
    year,
    components,
    flags,
    scenario: { name: s.name, status: s.status, interpolation: interp, upside, baseline: rel },
    surgeRatio: rS,
  };
}

/** Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

export type GumbelMethod = 'moments' | 'lmoments';

export interface GumbelFit {
  /** Location μ, m. */
  location: number;
  /** Scale β (> 0), m. */
  scale: number;
  method: GumbelMethod;
  n: number;
  flags: string[];
}

/**
 * Fits a Gumbel (EV1) distribution F(x) = exp(−exp(−(x − μ)/β)) to annual maxima.
 * - 'moments' (default): β = s·√6/π (s with n − 1), μ = x̄ − γ·β (Chow, Maidment & Mays 1988, §12.2).
 * - 'lmoments': β = λ2 / ln 2, μ = λ1 − γ·β with unbiased probability-weighted moments
 *   b0 = x̄, b1 = Σ (i−1)/(n−1)·x(i) / n over ascending x(i), λ2 = 2·b1 − b0 (Hosking 1990).
 */
export function fitGumbel(annualMaxima: ArrayLike<number>, method: GumbelMethod = 'moments'): GumbelFit {
  if (method !== 'moments' && method !== 'lmoments') throw new InputError(`Gumbel method must be moments or lmoments, got ${JSON.stringify(method)}`, 'method');
  const n = annualMaxima?.length ?? 0;
  if (n < 3) throw new InputError(`annual maxima need at least 3 values for a Gumbel fit, got ${n}`, 'annualMaxima');
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = num(`annual maximum #${i + 1}`, annualMaxima[i], { unit: 'm' });
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let scale: number;
  if (method === 'moments') {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    scale = (Math.sqrt(ss / (n - 1)) * Math.sqrt(6)) / Math.PI;
  } else {
    x.sort();
    let b1 = 0;
    for (let i = 0; i < n; i++) b1 += (i / (n - 1)) * x[i];
    b1 /= n;
    scale = (2 * b1 - mean) / Math.LN2;
  }
  if (!(scale > 0)) throw new InputError('annual maxima are all equal; a Gumbel fit needs spread in the values', 'annualMaxima');
  const flags: string[] = [];
  if (n < 20) flags.push(`short-record: ${n} annual maxima; return levels beyond about ${2 * n} years are uncertain`);
  return { location: mean - EULER_GAMMA * scale, scale, method, n, flags };
}

/** x_T = μ − β·ln(−ln(1 − 1/T)): the level exceeded on average once in T years (T > 1). */
export function gumbelReturnLevel(fit: Pick<GumbelFit, 'location' | 'scale'>, returnPeriod_yr: number): number {
  const T = num('return period', returnPeriod_yr, { min: 1, exclusiveMin: true, unit: 'years' });
  return fit.location - fit.scale * Math.log(-Math.log(1 - 1 / T));
}

/** Fit and return level in one call, with the fit and its flags. */
export function returnPeriodLevel(
  annualMaxima: ArrayLike<number>,
  returnPeriod_yr: number,
  method: GumbelMethod = 'moments',
): { level_m: number; returnPeriod_yr: number; fit: GumbelFit; source: string } {
  const fit = fitGumbel(annualMaxima, method);
  const level = gumbelReturnLevel(fit, returnPeriod_yr);
  if (returnPeriod_yr > 2 * fit.n) fit.flags.push(`extrapolated-return-period: T = ${returnPeriod_yr} yr from ${fit.n} years of maxima`);
  return {
    level_m: level,
    returnPeriod_yr,
    fit,
    source: `Gumbel fit (${method === 'moments' ? 'method of moments' : 'L-moments'}) of ${fit.n} annual maxima`,
  };
}
