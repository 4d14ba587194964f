import { describe, expect, it } from 'vitest';
import { numberFlag, parseFlags } from '../src/args.js';
import { run } from './helpers.js';

describe('parseFlags', () => {
  const spec = { level: { type: 'string' }, json: { type: 'boolean' } } as const;

  it('takes a negative number after a value flag (levels below the datum are normal)', () => {
    expect(parseFlags('x', ['--level', '-0.5', '--json'], spec).values).toEqual({ level: '-0.5', json: true });
    expect(parseFlags('x', ['--level', '-.25'], spec).values.level).toBe('-.25');
    expect(parseFlags('x', ['--level=-3'], spec).values.level).toBe('-3');
  });

  it('does not glue a flag-like word after a value flag, nor a number after a boolean flag', () => {
    expect(() => parseFlags('x', ['--level', '--json'], spec)).toThrow(/floodzone x: .*--help/);
    expect(() => parseFlags('x', ['--json', '-1'], spec)).toThrow(/floodzone x: /);
  });

  it('names an unknown flag and the command', () => {
    expect(() => parseFlags('flood', ['--levle', '1'], spec)).toThrow(/floodzone flood: .*levle/);
    // in one short line, without node's hint about '--' before positionals
    expect(() => parseFlags('flood', ['--levle', '1'], spec)).toThrow(/^floodzone flood: unknown flag --levle; see `floodzone flood --help`$/);
  });

  it('rejects a flag given twice unless it is repeatable (the last value won silently)', () => {
    expect(() => parseFlags('flood', ['--level', '2', '--json', '--level=3'], spec)).toThrow(/^floodzone flood: --level is given twice; give it once$/);
    expect(() => parseFlags('flood', ['--json', '--json'], spec)).toThrow(/--json is given twice/);
    expect(parseFlags('flood', ['--seed', '1,2', '--seed', '3,4'], { seed: { type: 'string', multiple: true } }).values.seed).toEqual(['1,2', '3,4']);
  });

  it('rejects a stray word unless the command takes positionals (it was silently ignored)', () => {
    expect(() => parseFlags('flood', ['dem.tif', '--level', '1'], spec)).toThrow(
      /^floodzone flood: unexpected argument "dem\.tif" \(every input is a --flag\); see `floodzone flood --help`$/,
    );
    expect(parseFlags('info', ['dem.tif', '--json'], spec, { positionals: true }).positionals).toEqual(['dem.tif']);
  });
});

describe('numberFlag', () => {
  it('rejects what is not a finite number, naming the flag and the value', () => {
    expect(() => numberFlag('level', 'abc', { unit: 'm' })).toThrow('--level must be a finite number m, got "abc"');
    expect(() => numberFlag('level', 'NaN')).toThrow(/--level/);
    expect(() => numberFlag('sigma', '0', { min: 0, exclusiveMin: true })).toThrow('--sigma must be > 0, got 0');
    expect(numberFlag('level', '-1.5')).toBe(-1.5);
  });
});

describe('usage errors on stderr', () => {
  it('name the command once ("floodzone: floodzone flood: …" before)', async () => {
    const r = await run(['flood', '--level', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('floodzone flood: --dem is required; see `floodzone flood --help`\n');
    const bad = await run(['flood', '--dem', 'x.tif', '--level', 'abc']);
    expect(bad.err).toMatch(/^floodzone: --level must be a finite number/);
  });
});
