/**
 * Wave setup at the shoreline (DOMAIN.md §3.1). Steep structure-fronted port frontages have little
 * setup; add it to the design level only when the surge model does not include it.
 */
import { fmt, num } from './validate.js';
import { waveLength } from './waves.js';

export interface SetupResult {
  setup_m: number;
  formula: string;
  flags: string[];
}

/**
 * Monochromatic radiation-stress setup (Longuet-Higgins & Stewart 1964; Bowen et al. 1968), closed form:
 * set-down at breaking η_b = −γ²·h_b/16; inside the surf zone dη/dx = −K·dh/dx with
 * K = (3γ²/8)/(1 + 3γ²/8); shoreline setup η_s = (η_b + K·h_b)/(1 − K). With γ = 0.78,
 * η_s ≈ 0.18·h_b ≈ 0.23·H_b.
 * @param breakingDepth_m depth at breaking h_b, m
 * @param gamma breaker index γ = H_b/h_b (default 0.78, McCowan)
 */
export function waveSetupBreakerIndex(breakingDepth_m: number, gamma = 0.78): SetupResult {
  const hb = num('breaking depth h_b', breakingDepth_m, { min: 0, exclusiveMin: true, max: 100, unit: 'm' });
  const g = num('breaker index γ', gamma, { min: 0.3, max: 1.5 });
  const k = (3 * g * g) / 8 / (1 + (3 * g * g) / 8);
  const etaB = (-g * g * hb) / 16;
  const setup = (etaB + k * hb) / (1 - k);
  return {
    setup_m: setup,
    formula: `radiation-stress setup, regular waves (γ = ${fmt(g)}, K = ${fmt(k, 4)}, set-down ${fmt(etaB, 3)} m)`,
    flags: ['regular-waves: monochromatic theory; random waves give a smoother and usually smaller setup (Goda)'],
  };
}

/**
 * Stockdon et al. (2006) setup on natural beaches: <η> = 0.35·β_f·√(H0·L0), L0 = g·Tp²/2π
 * (DOMAIN.md §3.1 [V], pynmd `param_runup.py`). For sandy beaches, not structures.
 * @param h0_m deep-water significant wave height, m
 * @param tp_s peak period, s
 * @param cotBeach foreshore beach slope cot β_f
 */
export function waveSetupStockdon2006(h0_m: number, tp_s: number, cotBeach: number): SetupResult {
  const h0 = num('H0 (deep-water wave height)', h0_m, { min: 0, exclusiveMin: true, max: 30, unit: 'm' });
  const tp = num('Tp (peak period)', tp_s, { min: 0, exclusiveMin: true, max: 40, unit: 's' });
  const cot = num('cot β_f (beach slope)', cotBeach, { min: 0, exclusiveMin: true, max: 1000 });
  const setup = 0.35 * (1 / cot) * Math.sqrt(h0 * waveLength(tp));
  return { setup_m: setup, formula: 'Stockdon et al. 2006 beach setup 0.35·β_f·√(H0·L0)', flags: ['beach-formula: fitted to natural sandy beaches, not to structures'] };
}
