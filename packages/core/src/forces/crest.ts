/**
 * Required crest height (所要天端高) of a cross-section and its adaptation year (適応時期):
 * `Crest_req(t) = DHWL(t) + W(t) + 余裕高`, where W is the design run-up z2% (no overtopping allowed)
 * or the freeboard Rc at which mean overtopping equals the allowable rate (DOMAIN.md §1.1–1.2; guideline
 * §4-7 ④: act before the requirement passes the present crest). Waves grow as Hs(t) = Hs·r_H(t).
 */
import { InputError } from '../util/errors.js';
import { changeRatioAt, checkWaterLevelSpec, designWaterLevel, validateChangeRatio, type ChangeRatio, type LevelComponent, type WaterLevelSpec } from './levels.js';
import { prepareOvertopping, solveFreeboard } from './overtopping.js';
import { runupEurotop2018 } from './runup.js';
import { riseCore, type SeaLevelScenario } from './scenarios.js';
import { fmt, num, oneOf } from './validate.js';
import { checkWaves, type HydraulicOptions, type Structure, type Waves } from './waves.js';

/** How the wave part of the crest is set. */
export type WaveAllowance =
  /** Design run-up z2% (EurOtop 2018): no overtopping tolerated. */
  | { kind: 'runup' }
  /** Freeboard at which mean overtopping equals the allowable rate q, m³/s/m (e.g. 0.01 dense houses behind, DOMAIN.md §1.3 [M]: user input). */
  | { kind: 'overtopping'; q_m3s_per_m: number }
  /** No wave allowance (sheltered water; the level alone). */
  | { kind: 'none' };

/** One protection-line cross-section. All levels are in the datum of the water level spec. */
export interface CrestSection {
  structure: Structure;
  allowance: WaveAllowance;
  /** 余裕高, m (site-specific; DOMAIN.md §1.2 [M], always a user input). */
  margin_m: number;
  /**
   * Bed level at the toe (same datum as the water level), m: the toe depth grows with the level,
   * h(t) = DHWL(t) − toeLevel_m. Alternatively give a fixed `hydraulics.toeDepth_m`.
   */
  toeLevel_m?: number;
  /** Formula choices: approach, formula, seabedSlope, runupDesignC, toeDepth_m. */
  hydraulics?: HydraulicOptions;
}

/** Design waves at the section at the reference time, with their future-change ratio r_H(t). */
export interface DesignWaves extends Waves {
  /** r_H(t), user input (実装方針 2024 ratios unverified, DOMAIN.md §4.4). Default 1. The period is kept. */
  heightRatio?: ChangeRatio;
}

/** External forces at the section: water level spec and (unless the allowance is 'none') waves. */
export interface CrestForces {
  level: WaterLevelSpec;
  waves?: DesignWaves;
}

export interface CrestRequirement {
  /** Required crest level, m in `datum`. */
  required_m: number;
  dhwl_m: number;
  allowance_m: number;
  margin_m: number;
  datum: string;
  year: number;
  /** Governing wave formula ('none' when there is no wave allowance). */
  formula: string;
  /** Level components, wave allowance and margin, summing to required_m. */
  components: LevelComponent[];
  flags: string[];
  /** Wave height used, Hm0·r_H(t), m (NaN when no waves). */
  hm0_m: number;
  /** Toe depth used, m (NaN when not needed). */
  toeDepth_m: number;
  /** Mean overtopping at the required crest, m³/s/m (NaN for run-up or no allowance). */
  q_m3s_per_m: number;
}

interface Checked {
  scenario: SeaLevelScenario;
  kind: WaveAllowance['kind'];
  qAllow: number;
}

function check(section: CrestSection, forces: CrestForces): Checked {
  if (!section || typeof section !== 'object') throw new InputError('section must be {structure, allowance, margin_m, ...}', 'section');
  if (!forces || typeof forces !== 'object' || !forces.level) throw new InputError('forces must be {level, waves?}', 'forces');
  const scenario = checkWaterLevelSpec(forces.level);
  num('margin_m (余裕高)', section.margin_m, { min: 0, max: 20, unit: 'm' });
  if (!section.allowance) throw new InputError('allowance must be {kind: runup} | {kind: overtopping, q_m3s_per_m} | {kind: none}', 'allowance');
  const kind = oneOf('allowance kind', section.allowance.kind, ['runup', 'overtopping', 'none'] as const);
  let qAllow = NaN;
  if (section.allowance.kind === 'overtopping') qAllow = num('allowable overtopping q', section.allowance.q_m3s_per_m, { min: 0, exclusiveMin: true, max: 100, unit: 'm³/s/m' });
  if (kind !== 'none') {
    if (!forces.waves) throw new InputError(`a ${kind} allowance needs forces.waves {hm0_m, tm10_s}`, 'waves');
    checkWaves(forces.waves);
    validateChangeRatio('heightRatio', forces.waves.heightRatio);
    if (!section.structure) throw new InputError('section.structure is required for a wave allowance', 'structure');
  }
  if (section.toeLevel_m !== undefined) num('toeLevel_m (bed level at the toe)', section.toeLevel_m, { min: -1000, max: 100, unit: 'm' });
  return { scenario, kind, qAllow };
}

/** Core computation on checked inputs; `detail` false skips the breakdown (fast path for scans). */
function crestCore(section: CrestSection, forces: CrestForces, year: number, c: Checked, detail: boolean): CrestRequirement {
  const flags: string[] = [];
  let dhwl: number;
  let components: LevelComponent[] = [];
  if (detail) {
    const lv = designWaterLevel(forces.level, year);
    dhwl = lv.level_m;
    components = lv.components;
    for (const f of lv.flags) flags.push(f);
  } else {
    const L = forces.level;
    dhwl = L.hwl_m + riseCore(c.scenario, year, L, null) + L.surge_m * changeRatioAt(L.surgeRatio, year, null) + (L.setup_m ?? 0);
  }
  let allowance = 0;
  let formula = 'none';
  let hm0 = NaN;
  let toe = NaN;
  let q = NaN;
  if (c.kind !== 'none') {
    const w = forces.waves as DesignWaves;
    const rH = changeRatioAt(w.heightRatio, year, detail ? flags : null, 'height-ratio');
    hm0 = w.hm0_m * rH;
    const waves: Waves = { hm0_m: hm0, tm10_s: w.tm10_s, beta_deg: w.beta_deg };
    const opts: HydraulicOptions = { ...section.hydraulics };
    if (section.toeLevel_m !== undefined) {
      toe = dhwl - section.toeLevel_m;
      if (!(toe > 0)) throw new InputError(`toe depth at ${year} is ${fmt(toe)} m (level ${fmt(dhwl)} m ≤ toe bed ${section.toeLevel_m} m): the toe is dry; use allowance none or check toeLevel_m`, 'toeLevel_m');
      opts.toeDepth_m = toe;
    } else if (opts.toeDepth_m !== undefined) {
      toe = opts.toeDepth_m;
    }
    if (c.kind === 'runup') {
      const r = runupEurotop2018(waves, section.structure, opts);
      allowance = r.ru2_m;
      formula = r.formula;
      if (detail) for (const f of r.flags) flags.push(f);
    } else {
      const m = prepareOvertopping(waves, section.structure, opts);
      const r = solveFreeboard(m, c.qAllow);
      allowance = r.Rc_m;
      formula = r.formula;
      q = r.q_m3s_per_m;
      if (detail) for (const f of r.flags) flags.push(f);
    }
    if (detail) {
      components.push({
        name: c.kind === 'runup' ? `wave allowance: run-up z2% (Hm0 = ${fmt(hm0, 4)} m, r_H = ${fmt(rH, 4)})` : `wave allowance: freeboard Rc for q = ${c.qAllow} m³/s/m (Hm0 = ${fmt(hm0, 4)} m, r_H = ${fmt(rH, 4)})`,
        value_m: allowance,
        unit: 'm',
        source: formula,
      });
    }
  }
  if (detail) components.push({ name: '余裕高 (margin)', value_m: section.margin_m, unit: 'm', source: 'user input' });
  return {
    required_m: dhwl + allowance + section.margin_m,
    dhwl_m: dhwl,
    allowance_m: allowance,
    margin_m: section.margin_m,
    datum: forces.level.datum,
    year,
    formula,
    components,
    flags,
    hm0_m: hm0,
    toeDepth_m: toe,
    q_m3s_per_m: q,
  };
}

/**
 * Required crest height of one cross-section at `year`, with its breakdown. Throws InputError for bad
 * input (unknown scenario, year outside the scenario, impossible waves or structure).
 */
export function requiredCrest(section: CrestSection, forces: CrestForces, year: number): CrestRequirement {
  const c = check(section, forces);
  return crestCore(section, forces, year, c, true);
}

export interface AdaptationOptions {
  /** First year checked (whole year). */
  fromYear: number;
  /** Last year checked (whole year, ≤ the scenario's last year). */
  toYear: number;
  /** Use the scenario's upper likely bound (overrides forces.level.upside). */
  upside?: boolean;
}

export interface AdaptationResult {
  /** First whole year in [fromYear, toYear] whose requirement exceeds the existing crest; null if none. */
  year: number | null;
  status: 'exceeded-at-start' | 'within-horizon' | 'never-within-horizon';
  existingCrest_m: number;
  datum: string;
  /** Requirement at fromYear. */
  requiredAtStart_m: number;
  /** Requirement at `year` (or at toYear when null). */
  requiredAtYear_m: number;
  /** existing − required at fromYear, m (negative: already short). */
  headroomAtStart_m: number;
  upside: boolean;
  fromYear: number;
  toYear: number;
  flags: string[];
}

/**
 * The adaptation year (適応時期): the first whole year t in [fromYear, toYear] with
 * Crest_req(t) > existingCrest_m, found by checking every year (robust when ratios make the
 * requirement non-monotone). `year` is null, with status 'never-within-horizon', when no year in the
 * horizon exceeds the crest: never a made-up year.
 */
export function adaptationYear(section: CrestSection, forces: CrestForces, existingCrest_m: number, opts: AdaptationOptions): AdaptationResult {
  const crest = num('existing crest', existingCrest_m, { min: -100, max: 200, unit: 'm' });
  if (!opts || typeof opts !== 'object') throw new InputError('adaptation options must be {fromYear, toYear, upside?}', 'options');
  const from = num('fromYear', opts.fromYear);
  const to = num('toYear', opts.toYear, { min: from });
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new InputError(`fromYear and toYear must be whole years, got ${from} and ${to}`, 'fromYear');
  const upside = opts.upside ?? forces?.level?.upside ?? false;
  const f: CrestForces = { ...forces, level: { ...forces?.level, upside } };
  const c = check(section, f);
  // Validate both ends of the horizon against the scenario once (year before baseline, after validTo).
  riseCore(c.scenario, from, f.level, null);
  riseCore(c.scenario, to, f.level, null);
  const start = crestCore(section, f, from, c, true);
  const base = {
    existingCrest_m: crest,
    datum: f.level.datum,
    requiredAtStart_m: start.required_m,
    headroomAtStart_m: crest - start.required_m,
    upside,
    fromYear: from,
    toYear: to,
    flags: start.flags,
  };
  if (start.required_m > crest) return { ...base, year: from, status: 'exceeded-at-start', requiredAtYear_m: start.required_m };
  let last = start.required_m;
  for (let t = from + 1; t <= to; t++) {
    last = crestCore(section, f, t, c, false).required_m;
    if (last > crest) return { ...base, year: t, status: 'within-horizon', requiredAtYear_m: last };
  }
  return { ...base, year: null, status: 'never-within-horizon', requiredAtYear_m: last };
}

/** Requirement at every whole year of a horizon (for tables and plots), fast path without breakdowns. */
export function crestSeries(section: CrestSection, forces: CrestForces, fromYear: number, toYear: number): Float64Array {
  const from = num('fromYear', fromYear);
  const to = num('toYear', toYear, { min: from });
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new InputError('fromYear and toYear must be whole years', 'fromYear');
  const c = check(section, forces);
  riseCore(c.scenario, from, forces.level, null);
  riseCore(c.scenario, to, forces.level, null);
  const out = new Float64Array(to - from + 1);
  for (let t = from; t <= to; t++) out[t - from] = crestCore(section, forces, t, c, false).required_m;
  return out;
}
