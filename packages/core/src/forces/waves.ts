/**
 * Shared wave and structure types and the dimensionless wave parameters of EurOtop 2018 §1.4
 * (DOMAIN.md §2 notation): `Lm-1,0 = g·T²/2π`, `s = Hm0/Lm-1,0`, `ξ = tanα/√s`, `q* = q/√(g·Hm0³)`.
 */
import { InputError } from '../util/errors.js';
import { num } from './validate.js';

/** Gravitational acceleration used throughout, m/s² (DOMAIN.md units). */
export const GRAVITY = 9.81;
const G = GRAVITY;

/** Incident waves at the toe of the structure. */
export interface Waves {
  /** Spectral significant wave height Hm0 (≈ H1/3) at the toe, m (> 0). */
  hm0_m: number;
  /** Spectral period Tm-1,0 at the toe, s (> 0). Tm-1,0 ≈ Tp/1.1 is a common approximation [M]. */
  tm10_s: number;
  /** Angle of wave attack β from the normal to the structure, degrees (0 = normal; |β| ≤ 90). */
  beta_deg?: number;
}

/** A smooth (or roughened) impermeable slope: dike, revetment, embankment seawall. */
export interface SlopeStructure {
  kind: 'slope';
  /** Seaward slope cot α (horizontal/vertical), > 0. With a berm: the average slope excluding the berm. */
  cotAlpha: number;
  /** Roughness factor γf (0 < γf ≤ 1; 1 = smooth). Values in DOMAIN.md §2.2 are partly unverified: user input. */
  gammaF?: number;
  /** Berm factor γb (0.6 ≤ γb ≤ 1), e.g. from {@link bermFactorTaw2002}. Default 1 (no berm). */
  gammaB?: number;
  /** Wall-on-slope factor γv (0 < γv ≤ 1; DOMAIN.md §2.2 [M]: user input). Default 1 (no wall). */
  gammaV?: number;
  /** Composite factor γ* for storm walls / promenades in eq 5.11/5.13 (0 < γ* ≤ 1, user input). Default 1. */
  gammaStar?: number;
  /**
   * Composite profile: `cotAlpha` is then the slope below the kink (or berm) and this the part above.
   * The average slope and γb are solved together with z2% (see {@link SlopeProfile}); do not give
   * `gammaB` with it.
   */
  profile?: SlopeProfile;
}

/**
 * Upper part of a composite slope with an optional berm. The average slope is taken from 1.5·Hm0
 * below the still water level to z2% above it, without the berm (TAW 2002 / EurOtop 2018 §5.3,
 * DOMAIN.md §2.2 [V]); γb from {@link bermFactorTaw2002}; both iterated with the run-up.
 */
export interface SlopeProfile {
  /** Slope above the kink or berm, cot α. */
  cotAlphaUp: number;
  /** Berm width B, m (default 0: a kinked slope without berm). */
  bermWidth_m?: number;
  /** Level of the kink / berm middle relative to the still water level, m (+ above; default 0). */
  bermLevel_m?: number;
}

/** Rubble-mound (armoured) slope: EurOtop 2018 eq 6.5/6.6 with the armour roughness γf. */
export interface RubbleStructure {
  kind: 'rubble';
  cotAlpha: number;
  /** Armour roughness γf (required; EurOtop table values are unverified here, DOMAIN.md §2.2). */
  gammaF: number;
  gammaStar?: number;
}

/** Regime of a vertical wall (EurOtop 2018 ch. 7); 'auto' decides from toe depth and steepness. */
export type VerticalRegime = 'auto' | 'deep' | 'non-impulsive' | 'impulsive';

/** Plain vertical wall (caisson, parapet on the seabed). */
export interface VerticalStructure {
  kind: 'vertical';
  /** Forced regime (default 'auto'). */
  regime?: VerticalRegime;
  /**
   * Oblique-wave factor γβ for vertical walls (0 < γβ ≤ 1). Required when β ≠ 0: the EurOtop value
   * for walls is unverified (DOMAIN.md §2.2 [M]). Applied as Rc/(Hm0·γβ).
   */
  gammaBeta?: number;
}

export type Structure = SlopeStructure | RubbleStructure | VerticalStructure;
export type StructureKind = Structure['kind'];
export type Approach = 'mean' | 'design';
export type OvertoppingFormula = 'eurotop2018' | 'goda2009';

/** Site and method choices shared by the overtopping, freeboard and run-up functions. */
export interface HydraulicOptions {
  /**
   * 'mean' (default): EurOtop mean-value approach (prediction); 'design': about one standard deviation
   * safer (EurOtop eqs 5.12/5.13, 6.6).
   */
  approach?: Approach;
  /** Default 'eurotop2018'. */
  formula?: OvertoppingFormula;
  /** Water depth at the toe h, m (vertical walls with EurOtop; every structure with Goda 2009). */
  toeDepth_m?: number;
  /** Seabed slope tan θ in front of the structure (Goda 2009), e.g. 1/30. */
  seabedSlope?: number;
  /**
   * Constant C of the design run-up maximum (EurOtop 2018 eq 5.5): 4.0 as printed, 4.3 after the
   * Nov 2019 errata according to Deltares' toolbox. Unresolved (DOMAIN.md §2.1): required for design run-up.
   */
  runupDesignC?: 4.0 | 4.3;
}

/** Deep-water wavelength of the spectral period, m: g·T²/2π. */
export function waveLength(tm10_s: number): number {
  return (G * tm10_s * tm10_s) / (2 * Math.PI);
}

/** Wave steepness s_m-1,0 = Hm0/Lm-1,0. */
export function steepness(hm0_m: number, tm10_s: number): number {
  return hm0_m / waveLength(tm10_s);
}

/** Breaker (Iribarren) parameter ξm-1,0 = tanα/√s. */
export function iribarren(cotAlpha: number, hm0_m: number, tm10_s: number): number {
  return 1 / cotAlpha / Math.sqrt(steepness(hm0_m, tm10_s));
}

/**
 * Oblique-wave factor γβ of EurOtop 2018 (DOMAIN.md §2.2 [V]): smooth-slope overtopping 1 − 0.0033|β|,
 * smooth-slope run-up 1 − 0.0022|β|, rough slopes (γf ≤ 0.6) 1 − 0.0063|β|; |β| capped at 80°.
 */
export function gammaBeta(beta_deg: number, use: 'overtopping' | 'runup' | 'rough'): number {
  const b = Math.min(Math.abs(beta_deg), 80);
  return 1 - (use === 'overtopping' ? 0.0033 : use === 'runup' ? 0.0022 : 0.0063) * b;
}

/**
 * Berm factor γb (TAW 2002 / EurOtop 2018, DOMAIN.md §2.2 [V]): γb = 1 − rB·(1 − rdb), clipped to
 * [0.6, 1]; rB = B/L_berm with L_berm = Hm0·cotα_down + B + Hm0·cotα_up; rdb = 0.5 − 0.5·cos(π·|db|/x),
 * x = z2% for a berm above SWL and 2·Hm0 below, rdb = 1 beyond x.
 * @param bermLevel_m level of the berm middle relative to the still water level, m (+ above)
 * @param z2_m run-up z2% (needed for a berm above SWL; iterate with the run-up if needed)
 */
export function bermFactorTaw2002(
  hm0_m: number,
  bermWidth_m: number,
  bermLevel_m: number,
  cotAlphaDown: number,
  cotAlphaUp: number,
  z2_m?: number,
): number {
  num('hm0_m', hm0_m, { min: 0, exclusiveMin: true, unit: 'm' });
  num('berm width', bermWidth_m, { min: 0, unit: 'm' });
  num('berm level', bermLevel_m, { unit: 'm' });
  num('cot α below the berm', cotAlphaDown, { min: 0, exclusiveMin: true });
  num('cot α above the berm', cotAlphaUp, { min: 0, exclusiveMin: true });
  const lBerm = hm0_m * cotAlphaDown + bermWidth_m + hm0_m * cotAlphaUp;
  const rB = bermWidth_m / lBerm;
  let x: number;
  if (bermLevel_m > 0) {
    if (z2_m === undefined) throw new InputError('a berm above the still water level needs z2_m (the run-up) for its factor', 'z2_m');
    x = num('z2_m', z2_m, { min: 0, exclusiveMin: true, unit: 'm' });
  } else {
    x = 2 * hm0_m;
  }
  const d = Math.abs(bermLevel_m);
  const rdb = d >= x ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * d) / x);
  const gb = 1 - rB * (1 - rdb);
  return Math.min(1, Math.max(0.6, gb));
}

/** Validates waves once. */
export function checkWaves(w: Waves): void {
  if (!w || typeof w !== 'object') throw new InputError('waves must be {hm0_m, tm10_s, beta_deg?}', 'waves');
  num('Hm0 (wave height)', w.hm0_m, { min: 0, exclusiveMin: true, max: 30, unit: 'm' });
  num('Tm-1,0 (wave period)', w.tm10_s, { min: 0, exclusiveMin: true, max: 40, unit: 's' });
  if (w.beta_deg !== undefined) num('β (wave angle)', w.beta_deg, { min: -90, max: 90, unit: 'degrees' });
}
