import { InputError } from '../util/errors.js';

/** Range rule for {@link num}: bounds are inclusive unless `exclusiveMin`/`exclusiveMax`. */
export interface Range {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  unit?: string;
}

/**
 * Returns `v` when it is a finite number inside the range, else throws a one-line InputError naming
 * the input, the value and what is expected. Called once per entry point, never in a loop.
 */
export function num(name: string, v: unknown, r: Range = {}): number {
  const unit = r.unit ? ` ${r.unit}` : '';
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InputError(`${name} must be a finite number${unit}, got ${JSON.stringify(v) ?? String(v)}`, name);
  }
  if (r.min !== undefined && (r.exclusiveMin ? v <= r.min : v < r.min)) {
    throw new InputError(`${name} must be ${r.exclusiveMin ? '>' : '≥'} ${r.min}${unit}, got ${v}`, name);
  }
  if (r.max !== undefined && (r.exclusiveMax ? v >= r.max : v > r.max)) {
    throw new InputError(`${name} must be ${r.exclusiveMax ? '<' : '≤'} ${r.max}${unit}, got ${v}`, name);
  }
  return v;
}

/** Like {@link num} but `undefined` passes through as `fallback`. */
export function optNum(name: string, v: unknown, fallback: number, r: Range = {}): number {
  return v === undefined ? fallback : num(name, v, r);
}

/** `v` must be one of `choices`; the message lists them. */
export function oneOf<T extends string>(name: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new InputError(`${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(v) ?? String(v)}`, name);
  }
  return v as T;
}

/** Fixed-precision number for messages and flags. */
export function fmt(v: number, digits = 3): string {
  return Number(v.toPrecision(digits)).toString();
}
