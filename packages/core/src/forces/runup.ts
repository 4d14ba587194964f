/**
 * Wave run-up z2% (Ru2%) on slopes, EurOtop 2018 eqs 5.1–5.5 with the TAW 2002 surging-roughness
 * adjustment (DOMAIN.md §2.1 [V]), and Mase (1989) for random waves on uniform gentle slopes
 * (DOMAIN.md §1.4 [V coefficients]).
 */
import { InputError } from '../util/errors.js';
import { fmt, num, oneOf } from './validate.js';
import { bermFactorTaw2002, checkWaves, gammaBeta, steepness, waveLength, type HydraulicOptions, type SlopeStructure, type Structure, type Waves } from './waves.js';

export interface RunupResult {
  /** Run-up level exceeded by 2 % of the waves, above the still water level, m. */
  ru2_m: number;
  formula: string;
  flags: string[];
}

/**
 * EurOtop 2018 z2% on a smooth, rough or berm slope (kind 'slope' or 'rubble'):
 * mean (eq 5.1/5.2) `Ru2%/Hm0 = 1.65·γb·γf·γβ·ξ`, at most `1.0·γf,surging·γβ·(4.0 − 1.5/√(γb·ξ))`;
 * design (eq 5.4/5.5) 1.75 and `1.07·γf,surging·γβ·(C − 1.5/√(γb·ξ))` with C = `runupDesignC`
 * (4.0 or 4.3, unresolved errata: required). γf,surging = γf + (ξ − 1.8)(1 − γf)/8.2 for
 * 1.8 ≤ γb·ξ ≤ 10 (TAW 2002). γβ = 1 − 0.0022|β| (smooth) or 1 − 0.0063|β| (γf ≤ 0.6).
 * Slopes steeper than 1:2 (EurOtop eq 5.6/5.7, form unverified) and vertical walls throw InputError.
 */
export function runupEurotop2018(waves: Waves, structure: Structure, options: HydraulicOptions = {}): RunupResult {
  checkWaves(waves);
  if (structure && structure.kind === 'slope' && structure.profile) {
    const c = resolveCompositeSlope(waves, structure, options);
    const r = runupEurotop2018(waves, c.structure, options);
    r.flags.unshift(...c.flags);
    r.formula += ` on the average slope 1:${fmt(c.structure.cotAlpha, 4)} with γb = ${fmt(c.structure.gammaB ?? 1, 4)}`;
    return r;
  }
  const approach = oneOf('approach', options.approach ?? 'mean', ['mean', 'design'] as const);
  if (!structure || structure.kind === 'vertical') {
    throw new InputError('run-up is defined here for slopes only; for a vertical wall use an overtopping allowance (allowable q)', 'structure');
  }
  const cot = num('cot α (slope)', structure.cotAlpha, { min: 0, exclusiveMin: true, max: 100 });
  if (cot < 2) {
    throw new InputError(`run-up on slopes steeper than 1:2 (cot α = ${cot}) uses EurOtop eq 5.6/5.7, whose form is unverified here; use an overtopping allowance`, 'cotAlpha');
  }
  let C = 4.0;
  if (approach === 'design') {
    if (options.runupDesignC === undefined) {
      throw new InputError('design run-up needs runupDesignC (--runup-c) = 4.0 (EurOtop 2018 as printed) or 4.3 (Nov 2019 errata per Deltares): unresolved, DOMAIN.md §2.1', 'runupDesignC');
    }
    C = num('runupDesignC', options.runupDesignC);
    if (C !== 4.0 && C !== 4.3) throw new InputError(`runupDesignC must be 4.0 or 4.3, got ${C}`, 'runupDesignC');
  }
  const H = waves.hm0_m;
  const gf = structure.gammaF === undefined ? 1 : num('γf (roughness)', structure.gammaF, { min: 0, exclusiveMin: true, max: 1 });
  const gb = structure.kind === 'slope' && structure.gammaB !== undefined ? num('γb (berm factor)', structure.gammaB, { min: 0.6, max: 1 }) : 1;
  const beta = waves.beta_deg ?? 0;
  const gB = gammaBeta(beta, gf <= 0.6 ? 'rough' : 'runup');
  const xi = 1 / cot / Math.sqrt(steepness(H, waves.tm10_s));
  const flags: string[] = [];
  const s = steepness(H, waves.tm10_s);
  if (s > 0.07) flags.push(`steep-waves: s_m-1,0 = ${fmt(s)} > 0.07`);
  if (gb * xi > 10) flags.push(`xi-high: γb·ξ = ${fmt(gb * xi)} > 10, beyond the surging range of the run-up data`);
  const bx = gb * xi;
  const gfs = bx >= 1.8 && bx <= 10 ? gf + ((xi - 1.8) * (1 - gf)) / 8.2 : bx > 10 ? 1 : gf;
  if (structure.kind === 'rubble') flags.push('rubble-runup: smooth-slope run-up with the armour γf (EurOtop 2018 ch. 6 run-up coefficients unverified here)');
  const a = approach === 'mean' ? 1.65 : 1.75;
  const b = approach === 'mean' ? 1.0 : 1.07;
  const breaking = a * gb * gf * gB * xi;
  const maximum = b * Math.min(gfs, 1) * gB * (C - 1.5 / Math.sqrt(bx));
  const eqs = approach === 'mean' ? ['5.1', '5.2'] : ['5.4', `5.5 with C = ${C}`];
  const gov = breaking <= maximum ? eqs[0] : eqs[1];
  return { ru2_m: H * Math.min(breaking, maximum), formula: `EurOtop 2018 eq ${gov} (run-up z2%, ${approach === 'mean' ? 'mean value' : 'design'})`, flags };
}

/** Mase (1989) coefficients R/H0' = a·ξ0^b for each run-up statistic (DOMAIN.md §1.4 [V]). */
export const MASE_1989 = {
  max: { a: 2.32, b: 0.77 },
  r2: { a: 1.86, b: 0.71 },
  r1_10: { a: 1.7, b: 0.71 },
  r1_3: { a: 1.38, b: 0.7 },
  mean: { a: 0.88, b: 0.69 },
} as const;

/**
 * Mase (1989) random-wave run-up on a uniform slope: `R/H0' = a·ξ0^b`, ξ0 = tanβ/√(H0'/L0), with H0'
 * the equivalent deep-water height and L0 = g·T²/2π of the given period (deep-water significant
 * period T1/3). Valid for slopes 1/5–1/30 (flagged outside). Use with the imaginary slope of
 * 改良仮想勾配法 for composite profiles (DOMAIN.md §1.4).
 */
export function runupMase1989(h0_m: number, t_s: number, cotSlope: number, stat: keyof typeof MASE_1989 = 'r2'): RunupResult {
  num("H0' (deep-water wave height)", h0_m, { min: 0, exclusiveMin: true, max: 30, unit: 'm' });
  num('T (wave period)', t_s, { min: 0, exclusiveMin: true, max: 40, unit: 's' });
  const cot = num('cot β (slope)', cotSlope, { min: 0, exclusiveMin: true, max: 1000 });
  const c = MASE_1989[stat];
  if (!c) throw new InputError(`run-up statistic must be one of ${Object.keys(MASE_1989).join(', ')}`, 'stat');
  const xi0 = 1 / cot / Math.sqrt(h0_m / waveLength(t_s));
  const flags: string[] = [];
  if (cot < 5 || cot > 30) flags.push(`slope-range: cot β = ${fmt(cot)} outside 5–30, the slopes of Mase's experiments`);
  return { ru2_m: h0_m * c.a * Math.pow(xi0, c.b), formula: `Mase 1989 (${stat}, a = ${c.a}, b = ${c.b})`, flags };
}

export interface CompositeSlope {
  /** Equivalent uniform slope: average cot α and γb (profile removed). */
  structure: SlopeStructure;
  /** z2% on the composite profile, m. */
  ru2_m: number;
  iterations: number;
  flags: string[];
}

/**
 * Solves a composite slope ({@link SlopeStructure.profile}) for its average slope and berm factor
 * together with the run-up z2% by fixed-point iteration (start: lower slope, γb = 1; stops when z2%
 * changes by less than 1e-9·Hm0, at most 200 steps, flagged if not converged). The run-up uses the same
 * approach as the caller (design needs `runupDesignC`). Returns a plain slope to pass to
 * {@link runupEurotop2018} or `overtopping`.
 */
export function resolveCompositeSlope(waves: Waves, structure: SlopeStructure, options: HydraulicOptions = {}): CompositeSlope {
  checkWaves(waves);
  const p = structure.profile;
  if (!p) return { structure, ru2_m: runupEurotop2018(waves, structure, options).ru2_m, iterations: 0, flags: [] };
  if (structure.gammaB !== undefined) throw new InputError('give either gammaB or a profile (the profile computes γb)', 'gammaB');
  const cotD = num('cot α below the kink (slope)', structure.cotAlpha, { min: 0, exclusiveMin: true, max: 100 });
  const cotU = num('cot α above the kink (slope-up)', p.cotAlphaUp, { min: 0, exclusiveMin: true, max: 100 });
  const B = p.bermWidth_m === undefined ? 0 : num('berm width', p.bermWidth_m, { min: 0, max: 1000, unit: 'm' });
  const lvl = p.bermLevel_m === undefined ? 0 : num('berm level', p.bermLevel_m, { min: -100, max: 100, unit: 'm' });
  const H = waves.hm0_m;
  const plain: SlopeStructure = { kind: 'slope', cotAlpha: cotD };
  if (structure.gammaF !== undefined) plain.gammaF = structure.gammaF;
  if (structure.gammaV !== undefined) plain.gammaV = structure.gammaV;
  if (structure.gammaStar !== undefined) plain.gammaStar = structure.gammaStar;
  let z2 = runupEurotop2018(waves, plain, options).ru2_m;
  let it = 0;
  let converged = false;
  while (it < 200) {
    it++;
    const lo = -1.5 * H;
    const k = Math.min(Math.max(lvl, lo), z2);
    plain.cotAlpha = ((k - lo) * cotD + (z2 - k) * cotU) / (z2 - lo);
    plain.gammaB = B > 0 ? bermFactorTaw2002(H, B, lvl, cotD, cotU, lvl > 0 ? z2 : undefined) : 1;
    const next = runupEurotop2018(waves, plain, options).ru2_m;
    const done = Math.abs(next - z2) < 1e-9 * H;
    z2 = next;
    if (done) {
      converged = true;
      break;
    }
  }
  const flags = converged ? [] : [`composite-not-converged: average slope and γb did not settle in ${it} iterations`];
  return { structure: plain, ru2_m: z2, iterations: it, flags };
}
