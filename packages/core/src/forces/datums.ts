/**
 * Vertical datums: T.P. (東京湾平均海面, the national height datum), a port's D.L. (工事用基準面) and
 * other local datums, each defined by the T.P. height of its zero. `z_TP = z_local + zeroInTP_m`
 * (DOMAIN.md §5.1).
 */
import { InputError } from '../util/errors.js';
import type { Verification } from './scenarios.js';
import { num } from './validate.js';

export interface VerticalDatum {
  /** Short name printed before a level: `T.P.`, `D.L.`, `A.P.`. */
  readonly name: string;
  /** T.P. height of this datum's zero, m (negative for a datum below T.P.). */
  readonly zeroInTP_m: number;
  readonly label?: string;
  readonly source?: string;
  readonly status?: Verification;
}

export const TP: VerticalDatum = { name: 'T.P.', zeroInTP_m: 0, label: '東京湾平均海面 (national height datum)', source: 'definition', status: 'verified' };

/**
 * Known local datums, as named examples (DOMAIN.md §5.1 with each status). A port's own D.L. is not in
 * this list: its offset is a number the user gives ({@link datum}).
 */
export const KNOWN_DATUMS: readonly VerticalDatum[] = [
  TP,
  { name: 'A.P.', zeroInTP_m: -1.1344, label: '荒川工事基準面 (Arakawa, Tokyo)', source: 'suikawiki; river-museum.jp; JSCE Q&A (DOMAIN.md §5.1 [V])', status: 'verified' },
  { name: 'Y.P.', zeroInTP_m: -0.84, label: '江戸川工事基準面 (Edogawa / Tone)', source: 'const.livedoor.biz (DOMAIN.md §5.1 [S])', status: 'secondary' },
  { name: 'K.P.', zeroInTP_m: -1.09, label: '川崎港工事基準面 (Kawasaki)', source: 'city.kawasaki.jp (DOMAIN.md §5.1 [V])', status: 'verified' },
  { name: 'Yokkaichi', zeroInTP_m: -1.251, label: '四日市港基準面 (Yokkaichi, = 最低水面)', source: 'yokkaichi-port.or.jp (DOMAIN.md §5.1 [V])', status: 'verified' },
  { name: 'N.P.', zeroInTP_m: -1.412, label: '名古屋港基準面 (Nagoya)', source: 'pointcloud-lab.com (DOMAIN.md §5.1 [S])', status: 'secondary' },
  { name: 'O.P.', zeroInTP_m: -1.3, label: '大阪湾最低潮位 (Osaka, since 1963)', source: 'Wikipedia mirror; MLIT Shikoku page (DOMAIN.md §5.1 [V])', status: 'verified' },
];

/** A datum by name with a user-given offset, e.g. `datum('D.L.', -1.134)` for a port whose D.L. zero is T.P.−1.134 m. */
export function datum(name: string, zeroInTP_m: number, source = 'user input'): VerticalDatum {
  if (typeof name !== 'string' || name.trim() === '') throw new InputError('datum name must be a non-empty string, e.g. "D.L."', 'datum');
  return { name, zeroInTP_m: num(`T.P. height of ${name} zero`, zeroInTP_m, { min: -100, max: 100, unit: 'm' }), source, status: 'user' };
}

/** A known datum by name (case-insensitive, dots optional: `ap`, `A.P.`), or undefined. */
export function knownDatum(name: string): VerticalDatum | undefined {
  const key = norm(name);
  return KNOWN_DATUMS.find((d) => norm(d.name) === key);
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[.\s]/g, '');
}

/** Converts a level from one datum to another: `z_to = z_from + zero_from − zero_to`. */
export function convertLevel(value_m: number, from: VerticalDatum, to: VerticalDatum): number {
  return value_m + from.zeroInTP_m - to.zeroInTP_m;
}

/** Level in T.P. of a level given in `from`. */
export function toTP(value_m: number, from: VerticalDatum): number {
  return value_m + from.zeroInTP_m;
}

/** Signed level with two decimals: `+4.20`, `-0.35` (ASCII minus, machine-friendly). */
function signed(v: number, digits: number): string {
  const r = Number(v.toFixed(digits));
  const s = Math.abs(r).toFixed(digits);
  return (r < 0 ? '-' : '+') + s;
}

/**
 * `D.L.+4.20 m (T.P.+3.07 m)`: the level in its own datum, then in T.P. when the datum is not T.P.
 * and its offset is known. Pass `offsetKnown: false` for a datum whose T.P. offset is unknown.
 */
export function formatLevel(value_m: number, d: VerticalDatum, opts: { digits?: number; offsetKnown?: boolean } = {}): string {
  const digits = opts.digits ?? 2;
  const own = `${d.name}${signed(value_m, digits)} m`;
  if (d.zeroInTP_m === 0 && norm(d.name) === 'tp') return own;
  if (opts.offsetKnown === false) return own;
  return `${own} (T.P.${signed(toTP(value_m, d), digits)} m)`;
}
