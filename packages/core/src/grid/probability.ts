import { InputError } from '../util/errors.js';

/**
 * Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere
 * (Press, Teukolsky, Vetterling & Flannery, Numerical Recipes 3rd ed. 2007, §6.2.2, `erfccheb` family;
 * the classic `erfcc` coefficients).
 */
export function erfc(x: number): number {
  const zz = Math.abs(x);
  const t = 1 / (1 + 0.5 * zz);
  const r = t * Math.exp(-zz * zz - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/**
 * σ of the flood/no-flood decision from independent vertical errors (DEM RMSE, datum or tidal-surface
 * RMSE, level uncertainty): √(Σ σᵢ²), as NOAA's confidence mapping (Schmid, Hadley & Waters 2014,
 * "Mapping and portraying inundation uncertainty of bathtub-type models", J. Coastal Research 30(3)).
 */
export function combinedSigma(...rmse: number[]): number {
  let s = 0;
  for (const v of rmse) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new InputError(`each RMSE must be a finite number of metres ≥ 0, got ${v}`, 'rmse');
    s += v * v;
  }
  return Math.sqrt(s);
}

/**
 * P(flood) = Φ((L − W)/σ) per cell from a spill-level grid W (NaN stays NaN): the probability that the
 * cell's true spill level lies below L when W carries a normal error σ (m). NOAA maps P ≥ 0.8 as high
 * confidence (`highConfidence`).
 */
export function floodProbability(W: Float32Array, level: number, sigma: number, out?: Float32Array): Float32Array {
  if (!(W instanceof Float32Array)) throw new InputError('W must be a Float32Array of spill levels', 'W');
  if (typeof level !== 'number' || !Number.isFinite(level)) throw new InputError(`level must be a finite number of metres, got ${JSON.stringify(level)}`, 'level');
  if (typeof sigma !== 'number' || !(sigma > 0) || !Number.isFinite(sigma)) throw new InputError(`sigma must be a finite number of metres > 0, got ${JSON.stringify(sigma)}`, 'sigma');
  const res = out ?? new Float32Array(W.length);
  if (res.length !== W.length) throw new InputError(`out must have ${W.length} cells, got ${res.length}`, 'out');
  const inv = 1 / sigma;
  for (let i = 0; i < W.length; i++) {
    const wv = W[i]!;
    res[i] = wv === wv ? normalCdf((level - wv) * inv) : NaN;
  }
  return res;
}

/** NOAA's high-confidence class: 1 where P ≥ threshold (default 0.8, "correctly mapped more than 8 times in 10"). */
export function highConfidence(probability: Float32Array, threshold = 0.8): Uint8Array {
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) throw new InputError(`threshold must be a probability in (0, 1), got ${threshold}`, 'threshold');
  const out = new Uint8Array(probability.length);
  for (let i = 0; i < probability.length; i++) out[i] = probability[i]! >= threshold ? 1 : 0;
  return out;
}
