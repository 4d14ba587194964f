import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed value of each declared flag: string or boolean, an array when `multiple`. */
export type FlagValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? O[K] extends { multiple: true } ? boolean[] : boolean
    : O[K] extends { multiple: true } ? string[] : string;
};

/**
 * node:util parseArgs calls `--level -0.5` ambiguous, but levels and offsets below the datum are
 * normal here: a negative number after a flag that takes a value is glued to it (`--level=-0.5`).
 */
function glueNegativeNumbers(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const next = argv[k + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : '';
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity|NaN)/.test(next)) {
      out.push(`${a}=${next}`);
      k++;
    } else out.push(a);
  }
  return out;
}

/**
 * Strict flag parsing: unknown flags and missing values are usage errors naming the flag. A command
 * takes positional arguments only with `{ positionals: true }` (info, run); elsewhere a stray word
 * (`floodzone flood dem.tif --level 2`) is a usage error rather than silently ignored.
 */
export function parseFlags<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  rules: { positionals?: boolean } = {},
): { values: FlagValues<O>; positionals: string[] } {
  let parsed: { values: unknown; positionals: string[]; tokens?: Array<{ kind: string; name?: string }> };
  try {
    const args = glueNegativeNumbers(argv, options);
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    // node's own text for an unknown option suggests '--' for positionals, which no command wants
    const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(e.message)?.[1] : undefined;
    const msg = unknown !== undefined ? `unknown flag ${unknown}` : e.message.split('\n')[0];
    throw new UsageError(`floodzone ${command}: ${msg}; see \`floodzone ${command} --help\``);
  }
  // a flag given twice kept only its last value (`--level 2 … --level 3` flooded at 3)
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || t.name === undefined || options[t.name]?.multiple === true) continue;
    if (seen.has(t.name)) throw new UsageError(`floodzone ${command}: --${t.name} is given twice; give it once`);
    seen.add(t.name);
  }
  if (rules.positionals !== true && parsed.positionals.length > 0) {
    throw new UsageError(`floodzone ${command}: unexpected argument "${parsed.positionals[0]}" (every input is a --flag); see \`floodzone ${command} --help\``);
  }
  return { values: parsed.values as FlagValues<O>, positionals: parsed.positionals };
}

export interface NumberRule {
  min?: number;
  max?: number;
  /** Require > min instead of >= min. */
  exclusiveMin?: boolean;
  integer?: boolean;
  unit?: string;
}

/** Parses a numeric flag; the message names the flag, the value and what is expected. */
export function numberFlag(flag: string, raw: string | undefined, rule: NumberRule = {}): number {
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const what = `--${flag} must be a finite number${unit}`;
  if (raw === undefined || raw.trim() === '') throw new UsageError(`${what}, got nothing`);
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`${what}, got "${raw}"`);
  if (rule.integer && !Number.isInteger(v)) throw new UsageError(`--${flag} must be a whole number, got "${raw}"`);
  if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) {
    throw new UsageError(`--${flag} must be ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}${unit}, got ${raw}`);
  }
  if (rule.max !== undefined && v > rule.max) throw new UsageError(`--${flag} must be ≤ ${rule.max}${unit}, got ${raw}`);
  return v;
}

export function requireFlag<T>(command: string, flag: string, value: T | undefined): T {
  if (value === undefined) throw new UsageError(`floodzone ${command}: --${flag} is required; see \`floodzone ${command} --help\``);
  return value;
}
