import type { Rgba } from './canvas.js';

/**
 * Colour ramps. Depth uses ColorBrewer "Blues" (Brewer, C.A. 2003, colorbrewer2.org, Apache-2.0):
 * a single-hue sequential scheme whose lightness falls monotonically, so deeper reads darker in
 * colour and in greyscale. The palest classes are left out so shallow water stays visible over a
 * light hillshade.
 */
export const BLUES: readonly string[] = ['#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

/**
 * Categorical colours for owners and zones: Okabe & Ito (2008, "Color Universal Design"),
 * distinguishable under the common colour-vision deficiencies; the blue is dropped (depth is blue).
 */
export const OWNER_COLOURS: readonly string[] = ['#E69F00', '#009E73', '#D55E00', '#CC79A7', '#F0E442', '#56B4E9', '#000000', '#999999'];

export function hexToRgba(hex: string, alpha = 255): Rgba {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), alpha];
}

const parsed = new WeakMap<readonly string[], Rgba[]>();

/** Linear interpolation (in sRGB) through `stops` for t in [0, 1] (clamped). */
export function rampColour(stops: readonly string[], t: number, alpha = 255): Rgba {
  let rgb = parsed.get(stops);
  if (!rgb) {
    rgb = stops.map((h) => hexToRgba(h));
    parsed.set(stops, rgb);
  }
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(u));
  const f = u - k;
  const a = rgb[k]!;
  const b = rgb[k + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f), alpha];
}

/** A "nice" upper bound ≥ v from 1, 2, 2.5, 5 × 10^k (for legends and axes); 1 when v ≤ 0. */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v - 1e-12 * p) return m * p;
  return 10 * p;
}

/** A "nice" length ≤ v from 1, 2, 5 × 10^k (for scale bars). */
export function niceFloor(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 0;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [5, 2, 1]) if (m * p <= v + 1e-12 * p) return m * p;
  return p;
}

/** Evenly spaced nice ticks from `lo` to `hi` (about `count` of them). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  let step = p;
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  }
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return out;
}
