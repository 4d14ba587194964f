/**
 * Mean wave overtopping q for a crest freeboard Rc, and the freeboard Rc for an allowable q, by
 * EurOtop 2018 (smooth and very steep slopes, rubble mounds, vertical walls) and Goda 2009 (unified
 * formula). Formulas and constants: DOMAIN.md §2.2–2.5 with their sources. Validity limits come back as
 * `flags`, never as silent extrapolation; impossible inputs throw InputError.
 */
import { InputError } from '../util/errors.js';
import { resolveCompositeSlope } from './runup.js';
import { fmt, num, oneOf } from './validate.js';
import {
  GRAVITY as G,
  checkWaves,
  gammaBeta,
  steepness,
  waveLength,
  type Approach,
  type HydraulicOptions,
  type OvertoppingFormula,
  type Structure,
  type Waves,
} from './waves.js';

export interface OvertoppingResult {
  /** Mean overtopping discharge per metre of crest, m³/s/m. */
  q_m3s_per_m: number;
  /** Dimensionless q* = q/√(g·Hm0³). */
  qStar: number;
  /** The equation that governs, e.g. `EurOtop 2018 eq 5.11 (mean value)`. */
  formula: string;
  flags: string[];
}

export interface FreeboardResult extends OvertoppingResult {
  /** Required crest freeboard above the still water level, m (q(Rc) ≤ q_allow, within `tol_m`). */
  Rc_m: number;
  iterations: number;
}

/** A validated overtopping formula with its constants resolved: cheap to evaluate at many Rc. */
export interface OvertoppingModel {
  readonly hm0_m: number;
  /** √(g·Hm0³), m³/s/m per unit q*. */
  readonly qScale: number;
  /** q*(Rc) for Rc ≥ 0. */
  qStar(rc_m: number): number;
  /** Governing equation at Rc. */
  formulaAt(rc_m: number): string;
  /** Flags that hold for every Rc (wave and structure validity). */
  readonly flags: readonly string[];
}

/** Below about q* = 1e-6 EurOtop's data end (q ~ 0.01 l/s/m for Hm0 = 1 m). */
const QSTAR_DATA_FLOOR = 1e-6;

const SLOPE = {
  mean: { c4: 0.023, c1: 2.7, c2: 0.09, c3: 1.5, a: '5.10', m: '5.11' },
  design: { c4: 0.026, c1: 2.5, c2: 0.1035, c3: 1.35, a: '5.12', m: '5.13' },
} as const;

function waveFlags(w: Waves, flags: string[]): void {
  const s = steepness(w.hm0_m, w.tm10_s);
  if (s > 0.07) flags.push(`steep-waves: s_m-1,0 = ${fmt(s)} > 0.07, steeper than waves that can exist without breaking`);
  if (s < 0.002) flags.push(`long-waves: s_m-1,0 = ${fmt(s)} < 0.002, outside the wave steepness of the formulas' data`);
  if (w.beta_deg !== undefined && Math.abs(w.beta_deg) > 80) flags.push(`beta-capped: |β| = ${Math.abs(w.beta_deg)}° capped at 80° (Deltares toolbox, DOMAIN.md §2.2)`);
}

function gammaIn(name: string, v: number | undefined, min: number): number {
  return v === undefined ? 1 : num(name, v, { min, exclusiveMin: min === 0, max: 1 });
}

/**
 * Validates once and returns the overtopping model for these waves, structure and options.
 * Throws InputError for impossible or unsupported inputs (one line naming the input and the fix).
 */
export function prepareOvertopping(waves: Waves, structure: Structure, options: HydraulicOptions = {}): OvertoppingModel {
  checkWaves(waves);
  if (!structure || typeof structure !== 'object') throw new InputError('structure must be {kind: slope|rubble|vertical, ...}', 'structure');
  oneOf('structure kind', structure.kind, ['slope', 'rubble', 'vertical'] as const);
  const approach = oneOf('approach', options.approach ?? 'mean', ['mean', 'design'] as const);
  const formula = oneOf('formula', options.formula ?? 'eurotop2018', ['eurotop2018', 'goda2009'] as const);
  if (structure.kind === 'slope' && structure.profile) {
    if (formula === 'goda2009') throw new InputError('goda2009 takes a uniform slope; use eurotop2018 for a composite slope or berm', 'formula');
    const c = resolveCompositeSlope(waves, structure, options);
    const m = eurotopModel(waves, c.structure, approach, options);
    const note = ` on the average slope 1:${fmt(c.structure.cotAlpha, 4)} with γb = ${fmt(c.structure.gammaB ?? 1, 4)}`;
    const f = m.formulaAt;
    return { ...m, flags: [...c.flags, ...m.flags], formulaAt: (rc) => f(rc) + note, qStar: m.qStar };
  }
  return formula === 'goda2009' ? godaModel(waves, structure, options) : eurotopModel(waves, structure, approach, options);
}

function eurotopModel(w: Waves, st: Structure, approach: Approach, o: HydraulicOptions): OvertoppingModel {
  const H = w.hm0_m;
  const qScale = Math.sqrt(G * H * H * H);
  const flags: string[] = [];
  waveFlags(w, flags);
  const beta = w.beta_deg ?? 0;
  const E = 1.3;

  if (st.kind === 'slope' || st.kind === 'rubble') {
    const cot = num('cot α (slope)', st.cotAlpha, { min: 0, exclusiveMin: true, max: 100 });
    const gf = st.kind === 'rubble' ? num('γf (armour roughness)', st.gammaF, { min: 0, exclusiveMin: true, max: 1 }) : gammaIn('γf (roughness)', st.gammaF, 0);
    const gStar = gammaIn('γ* (composite factor)', st.gammaStar, 0);
    const gb = st.kind === 'slope' ? gammaIn('γb (berm factor)', st.gammaB, 0.6) : 1;
    const gv = st.kind === 'slope' ? gammaIn('γv (wall on slope)', st.gammaV, 0) : 1;
    const gB = gammaBeta(beta, gf <= 0.6 ? 'rough' : 'overtopping');
    const tan = 1 / cot;
    const xi = tan / Math.sqrt(steepness(H, w.tm10_s));
    const c = SLOPE[approach];
    const label = approach === 'mean' ? 'mean value' : 'design';
    if (st.kind === 'rubble') {
      const eq = approach === 'mean' ? '6.5' : '6.6';
      const k = c.c3 / (H * gf * gB * gStar);
      return {
        hm0_m: H,
        qScale,
        flags,
        qStar: (rc) => c.c2 * Math.exp(-Math.pow(k * rc, E)),
        formulaAt: () => `EurOtop 2018 eq ${eq} (rubble mound, ${label})`,
      };
    }
    if (cot < 2) {
      // Very steep smooth slopes, eq 5.18 (mean value only): a = 0.09 − 0.01(2 − cotα)^2.1,
      // b = min(1.5 + 0.42(2 − cotα)^1.5, 2.35); meets eq 5.11 at cotα = 2 and eq 7.1 at cotα = 0.
      if (approach === 'design') flags.push('design-unavailable: no verified design version of EurOtop eq 5.18 (very steep slopes); mean-value equation used');
      if (gb !== 1 || gv !== 1) flags.push('gamma-ignored: γb and γv are not part of eq 5.18 (very steep slopes) and were not applied');
      const a = 0.09 - 0.01 * Math.pow(2 - cot, 2.1);
      const b = Math.min(1.5 + 0.42 * Math.pow(2 - cot, 1.5), 2.35);
      const k = b / (H * gB * gf * gStar);
      if (gf !== 1) flags.push('rough-steep: γf applied to eq 5.18 as in eq 5.11 (the source gives eq 5.18 for smooth slopes)');
      return {
        hm0_m: H,
        qScale,
        flags,
        qStar: (rc) => a * Math.exp(-Math.pow(k * rc, E)),
        formulaAt: () => 'EurOtop 2018 eq 5.18 (very steep slope, mean value)',
      };
    }
    if (gb * xi > 7) flags.push(`xi-high: γb·ξm-1,0 = ${fmt(gb * xi)} > 7, beyond the non-breaking range of the sloping-dike data (very shallow foreshore formulas not implemented)`);
    if (xi < 0.5) flags.push(`xi-low: ξm-1,0 = ${fmt(xi)} < 0.5, very gentle slope or steep waves: outside the data`);
    const ka = c.c1 / (xi * H * gb * gf * gB * gv);
    const pa = (c.c4 / Math.sqrt(tan)) * gb * xi;
    const km = c.c3 / (H * gf * gB * gStar);
    return {
      hm0_m: H,
      qScale,
      flags,
      qStar: (rc) => Math.min(pa * Math.exp(-Math.pow(ka * rc, E)), c.c2 * Math.exp(-Math.pow(km * rc, E))),
      formulaAt: (rc) => {
        const qa = pa * Math.exp(-Math.pow(ka * rc, E));
        const qm = c.c2 * Math.exp(-Math.pow(km * rc, E));
        return `EurOtop 2018 eq ${qa <= qm ? c.a : c.m} (smooth slope, ${label})`;
      },
    };
  }

  // Vertical walls, EurOtop 2018 ch. 7 (DOMAIN.md §2.3).
  const regimeIn = oneOf('vertical regime', st.regime ?? 'auto', ['auto', 'deep', 'non-impulsive', 'impulsive'] as const);
  let gB = 1;
  if (st.gammaBeta !== undefined) gB = num('γβ (vertical wall oblique factor)', st.gammaBeta, { min: 0, exclusiveMin: true, max: 1 });
  else if (beta !== 0) throw new InputError('oblique waves on a vertical wall need gammaBeta (--gamma-beta): the EurOtop factor for walls is unverified (DOMAIN.md §2.2)', 'gammaBeta');
  if (approach === 'design') flags.push('design-unavailable: EurOtop 2018 design coefficients for vertical walls are unverified (DOMAIN.md §2.3); mean-value equations used');
  let h = NaN;
  if (o.toeDepth_m !== undefined) h = num('toe depth h', o.toeDepth_m, { min: 0, exclusiveMin: true, max: 1000, unit: 'm' });
  else if (regimeIn === 'auto' || regimeIn === 'impulsive') throw new InputError('a vertical wall needs the toe depth (toeDepth_m / --toe-depth, m) unless the regime is forced to deep or non-impulsive', 'toeDepth_m');
  const Lm = waveLength(w.tm10_s);
  const s = H / Lm;
  let regime = regimeIn;
  if (regime === 'auto') {
    if (h / H > 4) regime = 'deep';
    else regime = (h * h) / (H * Lm) <= 0.23 ? 'impulsive' : 'non-impulsive';
    if (regime !== 'deep') flags.push(`regime-criterion: ${regime} by h²/(Hm0·Lm-1,0) = ${fmt((h * h) / (H * Lm))} vs 0.23 (criterion unverified, DOMAIN.md §2.3; force with regime)`);
  }
  if (regime === 'deep') {
    if (Number.isFinite(h) && h / H <= 4) flags.push(`deep-forced: h/Hm0 = ${fmt(h / H)} ≤ 4 but eq 7.1 (no influencing foreshore) was forced`);
    const k = 2.35 / (H * gB);
    return { hm0_m: H, qScale, flags, qStar: (rc) => 0.047 * Math.exp(-Math.pow(k * rc, 1.3)), formulaAt: () => 'EurOtop 2018 eq 7.1 (vertical wall, no influencing foreshore)' };
  }
  if (regime === 'non-impulsive') {
    const k = 2.78 / (H * gB);
    return { hm0_m: H, qScale, flags, qStar: (rc) => 0.05 * Math.exp(-k * rc), formulaAt: () => 'EurOtop 2018 eq 7.5 (vertical wall, non-impulsive)' };
  }
  const f = Math.sqrt(H / (h * s));
  return {
    hm0_m: H,
    qScale,
    flags,
    qStar: (rc) => {
      const r = rc / (H * gB);
      return r < 1.35 ? 0.011 * f * Math.exp(-2.2 * r) : 0.0014 * f * Math.pow(r, -3);
    },
    formulaAt: (rc) => `EurOtop 2018 eq ${rc / (H * gB) < 1.35 ? '7.7' : '7.8'} (vertical wall, impulsive)`,
  };
}

/** Goda (2009) unified-formula coefficients A and B (DOMAIN.md §2.5 [V]). */
export function godaCoefficients(cotAlpha: number, hOverHs: number, tanTheta: number): { A: number; B: number } {
  const c = cotAlpha;
  const A0 = 3.4 - 0.734 * c + 0.239 * c * c - 0.0162 * c * c * c;
  const B0 = 2.3 - 0.5 * c + 0.15 * c * c - 0.011 * c * c * c;
  const hr = Math.min(hOverHs, 6);
  const A = A0 * Math.tanh((0.956 + 4.44 * tanTheta) * (hr + 1.242 - 2.032 * Math.pow(tanTheta, 0.25)));
  const B = B0 * Math.tanh((0.822 - 2.22 * tanTheta) * (hr + 0.578 + 2.22 * tanTheta));
  return { A, B };
}

function godaModel(w: Waves, st: Structure, o: HydraulicOptions): OvertoppingModel {
  const H = w.hm0_m;
  const flags: string[] = [];
  waveFlags(w, flags);
  if (st.kind === 'rubble') throw new InputError('goda2009 covers impermeable seawalls (vertical or sloping); use eurotop2018 for a rubble mound', 'formula');
  if (w.beta_deg !== undefined && w.beta_deg !== 0) throw new InputError('goda2009 has no oblique-wave factor; use β = 0 or eurotop2018', 'beta');
  let cot = 0;
  if (st.kind === 'slope') {
    cot = num('cot α (slope) for goda2009', st.cotAlpha, { min: 0, max: 7 });
    for (const [n, v] of [['γf', st.gammaF], ['γb', st.gammaB], ['γv', st.gammaV], ['γ*', st.gammaStar]] as const) {
      if (v !== undefined && v !== 1) throw new InputError(`goda2009 has no ${n} factor; use eurotop2018 for roughness, berms or walls on slopes`, n);
    }
  }
  if (st.kind === 'vertical' && st.gammaBeta !== undefined && st.gammaBeta !== 1) throw new InputError('goda2009 has no oblique-wave factor; use eurotop2018', 'gammaBeta');
  if (o.toeDepth_m === undefined) throw new InputError('goda2009 needs the toe depth (toeDepth_m / --toe-depth, m)', 'toeDepth_m');
  const h = num('toe depth h', o.toeDepth_m, { min: 0, max: 1000, unit: 'm' });
  if (o.seabedSlope === undefined) throw new InputError('goda2009 needs the seabed slope tan θ (seabedSlope / --seabed-slope as cot θ, e.g. 30)', 'seabedSlope');
  const tanT = num('seabed slope tan θ', o.seabedSlope, { min: 0, max: 0.3 });
  if (tanT > 0.1) flags.push(`steep-seabed: tan θ = ${fmt(tanT)} > 1/10, steeper than the seabeds of Goda's design charts`);
  if (h / H > 6) flags.push(`deep-toe: h/Hs = ${fmt(h / H)} > 6 treated as 6 (Goda 2009 validity range 0–6)`);
  const { A, B } = godaCoefficients(cot, h / H, tanT);
  const k = B / H;
  const label = `Goda 2009 unified formula (${cot === 0 ? 'vertical' : `cot α = ${fmt(cot)}`}, A = ${fmt(A, 5)}, B = ${fmt(B, 5)})`;
  return { hm0_m: H, qScale: Math.sqrt(G * H * H * H), flags, qStar: (rc) => Math.exp(-(A + k * rc)), formulaAt: () => label };
}

function rcFlags(m: OvertoppingModel, rc: number, qs: number, out: string[]): void {
  if (qs < QSTAR_DATA_FLOOR) out.push(`below-data: q* = ${fmt(qs)} < 1e-6 at Rc/Hm0 = ${fmt(rc / m.hm0_m)}; overtopping this small is beyond the measured data`);
}

/** Mean overtopping q for freeboard Rc (≥ 0; negative freeboard is overflow, not covered here). */
export function overtopping(waves: Waves, structure: Structure, rc_m: number, options: HydraulicOptions = {}): OvertoppingResult {
  num('Rc (crest freeboard)', rc_m, { min: 0, max: 100, unit: 'm (negative freeboard is overflow: use a weir formula)' });
  const m = prepareOvertopping(waves, structure, options);
  return evaluateOvertopping(m, rc_m);
}

/** q, q*, formula and flags of a prepared model at Rc. */
export function evaluateOvertopping(m: OvertoppingModel, rc_m: number): OvertoppingResult {
  const qs = m.qStar(rc_m);
  const flags = m.flags.slice();
  rcFlags(m, rc_m, qs, flags);
  return { q_m3s_per_m: qs * m.qScale, qStar: qs, formula: m.formulaAt(rc_m), flags };
}

export interface FreeboardOptions extends HydraulicOptions {
  /** Bisection stops when the bracket is narrower than this, m. Default 1e-6 m. */
  tol_m?: number;
}

/**
 * The least crest freeboard Rc with q(Rc) ≤ q_allow, by bisection on Rc (robust for every formula,
 * including the impulsive switch at Rc/Hm0 = 1.35). The bracket starts at [0, Hm0] and doubles until
 * q(hi) ≤ q_allow (up to 1000·Hm0, else InputError); bisection then runs until hi − lo < tol_m
 * (default 1e-6 m, at most 200 steps). Returns hi, so q(Rc_m) ≤ q_allow always holds. Rc_m = 0 with a
 * flag when even zero freeboard keeps q ≤ q_allow.
 */
export function requiredFreeboard(waves: Waves, structure: Structure, qAllow_m3s_per_m: number, options: FreeboardOptions = {}): FreeboardResult {
  const qa = num('allowable overtopping q', qAllow_m3s_per_m, { min: 0, exclusiveMin: true, max: 100, unit: 'm³/s/m' });
  const tol = options.tol_m === undefined ? 1e-6 : num('tol_m', options.tol_m, { min: 0, exclusiveMin: true, max: 1, unit: 'm' });
  const m = prepareOvertopping(waves, structure, options);
  return solveFreeboard(m, qa, tol);
}

/** Bisection on a prepared model (see {@link requiredFreeboard}); inputs are assumed valid. */
export function solveFreeboard(m: OvertoppingModel, qAllow: number, tol = 1e-6): FreeboardResult {
  const target = qAllow / m.qScale;
  let it = 0;
  if (m.qStar(0) <= target) {
    const r = evaluateOvertopping(m, 0);
    r.flags.push(`zero-freeboard: q at Rc = 0 (${fmt(r.q_m3s_per_m)} m³/s/m) is already ≤ the allowable ${fmt(qAllow)}`);
    return { ...r, Rc_m: 0, iterations: 0 };
  }
  let lo = 0;
  let hi = m.hm0_m;
  while (m.qStar(hi) > target) {
    lo = hi;
    hi *= 2;
    it++;
    if (hi > 1000 * m.hm0_m) {
      throw new InputError(`allowable overtopping ${qAllow} m³/s/m is too small: the freeboard would exceed 1000·Hm0`, 'q');
    }
  }
  while (hi - lo > tol && it < 200) {
    const mid = 0.5 * (lo + hi);
    if (m.qStar(mid) > target) lo = mid;
    else hi = mid;
    it++;
  }
  const r = evaluateOvertopping(m, hi);
  return { ...r, Rc_m: hi, iterations: it };
}
