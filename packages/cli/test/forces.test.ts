import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adaptationYear, designWaterLevel, overtopping, requiredFreeboard, returnPeriodLevel } from '@floodzone/core';
import { badInput, removeTempDirs, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const WAVE = ['--hm0', '2', '--tm10', '8'];

describe('floodzone overtopping', () => {
  it('--json gives exactly q_m3s_per_m, formula, flags and matches the library', async () => {
    const r = await run(['overtopping', '--structure', 'slope', ...WAVE, '--rc', '4', '--slope', '3', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual(['flags', 'formula', 'q_m3s_per_m']);
    expect(j.q_m3s_per_m).toBe(overtopping({ hm0_m: 2, tm10_s: 8 }, { kind: 'slope', cotAlpha: 3 }, 4).q_m3s_per_m);
    expect(j.q_m3s_per_m).toBeCloseTo(0.01231, 5); // DOMAIN.md §10
    expect(j.formula).toMatch(/EurOtop 2018 eq 5\.11/);
  });

  it('passes --approach, --beta, --gamma-f and --formula through', async () => {
    const d = JSON.parse((await run(['overtopping', '--structure', 'slope', ...WAVE, '--rc', '4', '--slope', '3', '--approach', 'design', '--json'])).out);
    expect(d.q_m3s_per_m).toBeCloseTo(0.02414, 5);
    const o = JSON.parse((await run(['overtopping', '--structure', 'slope', ...WAVE, '--rc', '4', '--slope', '3', '--beta', '30', '--gamma-f', '0.9', '--json'])).out);
    expect(o.q_m3s_per_m).toBe(overtopping({ hm0_m: 2, tm10_s: 8, beta_deg: 30 }, { kind: 'slope', cotAlpha: 3, gammaF: 0.9 }, 4).q_m3s_per_m);
    const g = JSON.parse((await run(['overtopping', '--structure', 'vertical', ...WAVE, '--rc', '3', '--toe-depth', '6', '--formula', 'goda2009', '--seabed-slope', '30', '--json'])).out);
    expect(g.q_m3s_per_m).toBeCloseTo(9.7e-3, 4);
    const rb = JSON.parse((await run(['overtopping', '--structure', 'rubble', ...WAVE, '--rc', '3', '--slope', '1.5', '--gamma-f', '0.5', '--json'])).out);
    expect(rb.formula).toMatch(/eq 6\.5/);
  });

  it('composite slopes with a berm (Deltares toolbox value 0.1522 l/s/m, see core deltares.test.ts)', async () => {
    const r = await run(['overtopping', '--structure', 'slope', '--hm0', '2', '--tm10', '5', '--rc', '5', '--slope', '3.5', '--slope-up', '3', '--berm-width', '2', '--berm-level=-1', '--approach', 'design', '--runup-c', '4.3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Math.abs(j.q_m3s_per_m * 1000 - 0.1522)).toBeLessThan(1e-3);
    expect(j.formula).toMatch(/average slope 1:3\.1/);
  });

  it('prints a readable breakdown without --json', async () => {
    const r = await run(['overtopping', '--structure', 'vertical', ...WAVE, '--rc', '3', '--toe-depth', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^q = 0\.02597 m³\/s\/m \(25\.97 l\/s\/m\)/);
    expect(r.out).toMatch(/formula: EurOtop 2018 eq 7\.8/);
    expect(r.out).toMatch(/regime-criterion/);
  });
});

describe('floodzone freeboard', () => {
  it('--json gives Rc_m, q_m3s_per_m, formula, flags with q(Rc) = q_allow', async () => {
    const r = await run(['freeboard', '--structure', 'slope', ...WAVE, '--q', '0.01', '--slope', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual(['Rc_m', 'flags', 'formula', 'q_m3s_per_m']);
    expect(j.Rc_m).toBeCloseTo(4.152, 3);
    expect(j.Rc_m).toBe(requiredFreeboard({ hm0_m: 2, tm10_s: 8 }, { kind: 'slope', cotAlpha: 3 }, 0.01).Rc_m);
    expect(Math.abs(j.q_m3s_per_m - 0.01) / 0.01).toBeLessThan(1e-4);
  });

  it('Goda vertical Rc for q = 0.01 is 2.973 m (DOMAIN.md §10)', async () => {
    const j = JSON.parse((await run(['freeboard', '--structure', 'vertical', ...WAVE, '--q', '0.01', '--toe-depth', '6', '--formula', 'goda2009', '--seabed-slope', '30', '--json'])).out);
    expect(j.Rc_m).toBeCloseTo(2.973, 3);
  });

  it('readable output names Rc and the allowable rate', async () => {
    const r = await run(['freeboard', '--structure', 'slope', ...WAVE, '--q', '0.01', '--slope', '3']);
    expect(r.out).toMatch(/^Rc = 4\.152 m above the still water level/);
    expect(r.out).toMatch(/allowable 0\.01000 m³\/s\/m/);
  });
});

describe('floodzone level', () => {
  const base = ['level', '--scenario', 'japan2020-rcp2.6', '--year', '2050', '--hwl', '2.1', '--surge', '1.5'];

  it('--json gives level_m, datum and components {name, value_m, source}', async () => {
    const r = await run([...base, '--datum', 'D.L.', '--datum-tp=-1.134', '--surge-ratio', '1.1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const lib = designWaterLevel({ hwl_m: 2.1, surge_m: 1.5, surgeRatio: 1.1, datum: 'D.L.', scenario: 'japan2020-rcp2.6' }, 2050);
    expect(j.level_m).toBe(lib.level_m);
    expect(j.datum).toBe('D.L.');
    expect(j.level_tp_m).toBeCloseTo(lib.level_m - 1.134, 12);
    expect(j.components).toHaveLength(3);
    for (const c of j.components) expect(Object.keys(c).sort()).toEqual(['name', 'source', 'value_m']);
    expect(j.components.reduce((a: number, c: { value_m: number }) => a + c.value_m, 0)).toBeCloseTo(j.level_m, 12);
  });

  it('readable output states both datums, the scenario and the breakdown', async () => {
    const r = await run([...base, '--datum', 'D.L.', '--datum-tp', '-1.134']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^design still-water level 2050: D\.L\.\+3\.82 m \(T\.P\.\+2\.69 m\)/);
    expect(r.out).toMatch(/scenario japan2020-rcp2\.6 \(verified\), linear/);
    expect(r.out).toMatch(/H\.W\.L\./);
    // without the offset the T.P. value is not invented
    const u = await run([...base, '--datum', 'D.L.']);
    expect(u.out).toMatch(/^design still-water level 2050: D\.L\.\+3\.82 m\n/);
    expect(u.out).toMatch(/T\.P\. not shown: give --datum-tp/);
    expect(JSON.parse((await run([...base, '--datum', 'D.L.', '--json'])).out).level_tp_m).toBeUndefined();
  });

  it('knows the named datums and the upside options', async () => {
    const ap = JSON.parse((await run([...base, '--datum', 'A.P.', '--json'])).out);
    expect(ap.level_tp_m).toBeCloseTo(ap.level_m - 1.1344, 12);
    const up = JSON.parse((await run(['level', '--scenario', 'ar6-ssp1-2.6', '--year', '2100', '--hwl', '0', '--surge', '0', '--upside', '--json'])).out);
    expect(up.level_m).toBeCloseTo(0.62, 12);
    expect(up.flags.some((f: string) => f.startsWith('unverified-scenario'))).toBe(true);
    const q = JSON.parse((await run([...base, '--interpolation', 'quadratic', '--rate', '0.003', '--rate-year', '2013.5', '--json'])).out);
    const lib = designWaterLevel({ hwl_m: 2.1, surge_m: 1.5, datum: 'T.P.', scenario: 'japan2020-rcp2.6', interpolation: 'quadratic', rate_m_per_yr: 0.003, rateYear: 2013.5 }, 2050);
    expect(q.level_m).toBe(lib.level_m);
  });
});

describe('floodzone level: user tables and return-period surges', () => {
  it('--scenario-file uses a user table (status user) without --scenario', async () => {
    const dir = tempDir('fz-forces-');
    const file = join(dir, 'slr.json');
    writeFileSync(file, JSON.stringify({ name: 'port-study', baseline: [2000, 2019], points: [{ year: 2059.5, median_m: 0.3, upper_m: 0.45 }], source: 'port study 2024' }));
    const j = JSON.parse((await run(['level', '--scenario-file', file, '--year', '2059.5', '--hwl', '1', '--surge', '1', '--json'])).out);
    expect(j.level_m).toBeCloseTo(2.3, 12);
    expect(j.components[1].source).toBe('port study 2024');
    const up = JSON.parse((await run(['level', '--scenario-file', file, '--year', '2059.5', '--hwl', '1', '--surge', '1', '--upside', '--json'])).out);
    expect(up.level_m).toBeCloseTo(2.45, 12);
    writeFileSync(file, '{"name": "bad", "baseline": [2000, 2019], "points": []}');
    const bad = await run(['level', '--scenario-file', file, '--year', '2050', '--hwl', '1', '--surge', '1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/at least one/);
    const missing = await run(['level', '--scenario-file', join(dir, 'nope.json'), '--year', '2050', '--hwl', '1', '--surge', '1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read JSON/);
  });

  it('--surge-maxima with --return-period takes the Gumbel return level as the surge', async () => {
    const maxima = [0.8, 1.1, 0.95, 1.4, 1.02, 0.7, 1.25, 0.9, 1.05, 1.6];
    const args = ['level', '--scenario', 'japan2020-rcp2.6', '--year', '2050', '--hwl', '2', '--surge-maxima', maxima.join(','), '--return-period', '50'];
    for (const m of ['moments', 'lmoments'] as const) {
      const j = JSON.parse((await run([...args, '--gumbel', m, '--json'])).out);
      expect(j.components[2].value_m).toBeCloseTo(returnPeriodLevel(maxima, 50, m).level_m, 12);
      expect(j.components[2].source).toMatch(/50-year Gumbel fit/);
    }
    const both = await run([...args, '--surge', '1']);
    expect(both.code).toBe(2);
    const noT = await run(['level', '--scenario', 'japan2020-rcp2.6', '--year', '2050', '--hwl', '2', '--surge-maxima', '1,2,3']);
    expect(noT.err).toMatch(/--return-period is required/);
  });
});

describe('floodzone timing', () => {
  const base = ['timing', '--scenario', 'japan2020-rcp2.6', '--hwl', '2.1', '--surge', '1.5', '--margin', '0.5', '--from', '2025', '--to', '2100'];
  const waves = ['--q', '0.01', '--structure', 'slope', '--slope', '3', '--hm0', '1.5', '--tm10', '6'];
  const section = { structure: { kind: 'slope', cotAlpha: 3 }, allowance: { kind: 'overtopping', q_m3s_per_m: 0.01 }, margin_m: 0.5 } as const;
  const forces = { level: { hwl_m: 2.1, surge_m: 1.5, datum: 'T.P.', scenario: 'japan2020-rcp2.6' }, waves: { hm0_m: 1.5, tm10_s: 6 } };

  it('--json gives the year the library finds', async () => {
    const r = await run([...base, ...waves, '--crest', '7.3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const lib = adaptationYear(section, forces, 7.3, { fromYear: 2025, toYear: 2100 });
    expect(lib.year).not.toBeNull();
    expect(j.year).toBe(lib.year);
    expect(j.status).toBe('within-horizon');
    expect(j.requiredAtYear_m).toBeGreaterThan(7.3);
  });

  it('reports the upside year beside the median when an upper bound is known', async () => {
    const j = JSON.parse((await run([...base, ...waves, '--crest', '7.3', '--upper', '0.55', '--json'])).out);
    const f = { ...forces, level: { ...forces.level, upper_m: 0.55 } };
    expect(j.year).toBe(adaptationYear(section, f, 7.3, { fromYear: 2025, toYear: 2100 }).year);
    expect(j.upsideYear).toBe(adaptationYear(section, f, 7.3, { fromYear: 2025, toYear: 2100, upside: true }).year);
    expect(j.upsideYear).toBeLessThan(j.year);
    const u = JSON.parse((await run([...base, ...waves, '--crest', '7.3', '--upper', '0.55', '--upside', '--json'])).out);
    expect(u.year).toBe(j.upsideYear);
    expect(u.upsideYear).toBeUndefined();
    expect(JSON.parse((await run([...base, ...waves, '--crest', '7.3', '--json'])).out).upsideYear).toBeUndefined();
  });

  it('null, not a made-up year, when the crest holds through the horizon', async () => {
    const j = JSON.parse((await run([...base, ...waves, '--crest', '20', '--json'])).out);
    expect(j.year).toBeNull();
    expect(j.status).toBe('never-within-horizon');
    const t = await run([...base, ...waves, '--crest', '20']);
    expect(t.out).toMatch(/^adaptation year: never within 2025–2100/);
  });

  it('readable output gives the year and the breakdown at that year', async () => {
    const r = await run([...base, ...waves, '--crest', '7.3', '--datum', 'D.L.', '--datum-tp', '-1.134', '--toe-level', '-6']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^adaptation year: 20\d\d — first year the required crest D\.L\.\+7\.3\d\d m \(T\.P\.\+6\.1\d\d m\) exceeds the existing crest D\.L\.\+7\.300 m/);
    expect(r.out).toMatch(/wave allowance: freeboard Rc/);
    expect(r.out).toMatch(/余裕高/);
  });

  it('--runup and --no-waves', async () => {
    const ru = await run([...base, '--runup', '--structure', 'slope', '--slope', '3', '--hm0', '1.5', '--tm10', '6', '--crest', '9', '--json']);
    expect(ru.code).toBe(0);
    const nw = JSON.parse((await run([...base, '--no-waves', '--crest', '4.2', '--json'])).out);
    expect(nw.year).toBe(adaptationYear({ ...section, allowance: { kind: 'none' } }, { level: forces.level }, 4.2, { fromYear: 2025, toYear: 2100 }).year);
  });
});

describe('bad input → exit 2 with one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['zero wave height', ['overtopping', '--structure', 'slope', '--hm0', '0', '--tm10', '8', '--rc', '4', '--slope', '3'], /--hm0 must be > 0/],
    ['negative wave height', ['overtopping', '--structure', 'slope', '--hm0', '-2', '--tm10', '8', '--rc', '4', '--slope', '3'], /--hm0 must be > 0/],
    ['negative wave height with =', ['overtopping', '--structure', 'slope', '--hm0=-2', '--tm10', '8', '--rc', '4', '--slope', '3'], /--hm0 must be > 0/],
    ['negative freeboard', ['overtopping', '--structure', 'slope', ...WAVE, '--rc', '-0.5', '--slope', '3'], /--rc must be ≥ 0/],
    ['zero period', ['overtopping', '--structure', 'slope', '--hm0', '2', '--tm10', '0', '--rc', '4', '--slope', '3'], /--tm10 must be > 0/],
    ['text for a number', ['overtopping', '--structure', 'slope', '--hm0', 'two', '--tm10', '8', '--rc', '4', '--slope', '3'], /--hm0 must be a finite number/],
    ['missing slope', ['overtopping', '--structure', 'slope', ...WAVE, '--rc', '4'], /--slope is required/],
    ['unknown structure', ['overtopping', '--structure', 'dike', ...WAVE, '--rc', '4'], /--structure must be slope, vertical or rubble/],
    ['goda slope out of range', ['overtopping', '--structure', 'slope', ...WAVE, '--rc', '3', '--slope', '9', '--formula', 'goda2009', '--toe-depth', '6', '--seabed-slope', '30'], /for goda2009 must be ≤ 7/],
    ['vertical without toe depth', ['overtopping', '--structure', 'vertical', ...WAVE, '--rc', '3'], /toe depth/],
    ['allowable q zero', ['freeboard', '--structure', 'slope', ...WAVE, '--q', '0', '--slope', '3'], /--q must be > 0/],
    ['allowable q negative', ['freeboard', '--structure', 'slope', ...WAVE, '--q', '-0.01', '--slope', '3'], /--q must be > 0/],
    ['unknown scenario', ['level', '--scenario', 'rcp9', '--year', '2050', '--hwl', '2', '--surge', '1'], /unknown scenario "rcp9"; known: japan2020-rcp2\.6/],
    ['year before baseline', ['level', '--scenario', 'japan2020-rcp2.6', '--year', '1980', '--hwl', '2', '--surge', '1'], /before the baseline period 1986–2005/],
    ['upside without bound', ['level', '--scenario', 'japan2020-rcp2.6', '--year', '2050', '--hwl', '2', '--surge', '1', '--upside'], /no upper likely bound/],
    ['unknown flag', ['level', '--scenario', 'japan2020-rcp2.6', '--year', '2050', '--hwl', '2', '--surge', '1', '--colour'], /colour/],
    ['timing without allowance', ['timing', '--scenario', 'japan2020-rcp2.6', '--hwl', '2', '--surge', '1', '--crest', '5', '--margin', '0.5'], /exactly one of --q/],
    ['timing without margin', ['timing', '--scenario', 'japan2020-rcp2.6', '--hwl', '2', '--surge', '1', '--crest', '5', '--no-waves'], /--margin is required/],
    ['timing past the scenario', ['timing', '--scenario', 'japan2020-rcp2.6', '--hwl', '2', '--surge', '1', '--crest', '5', '--margin', '0', '--no-waves', '--from', '2025', '--to', '2150'], /after 2100/],
  ];
  it.each(cases)('%s', async (_n, args, re) => {
    expect(await badInput(args)).toMatch(re);
  });
});

describe('--help documents every flag with units', () => {
  it.each(['overtopping', 'freeboard', 'level', 'timing'])('%s --help', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    const flags = [...r.out.matchAll(/--([a-z0-9-]+)/g)].map((m) => m[1]);
    const expected: Record<string, string[]> = {
      overtopping: ['structure', 'hm0', 'tm10', 'rc', 'slope', 'toe-depth', 'beta', 'gamma-f', 'approach', 'formula', 'seabed-slope', 'json'],
      freeboard: ['structure', 'hm0', 'tm10', 'q', 'slope', 'toe-depth', 'beta', 'gamma-f', 'approach', 'formula', 'json'],
      level: ['scenario', 'year', 'hwl', 'surge', 'datum', 'datum-tp', 'surge-ratio', 'interpolation', 'upside', 'upper', 'since', 'setup', 'json'],
      timing: ['crest', 'margin', 'q', 'runup', 'no-waves', 'from', 'to', 'scenario', 'hwl', 'surge', 'structure', 'hm0', 'tm10', 'json'],
    };
    for (const f of expected[cmd]) expect(flags).toContain(f);
    expect(r.out).toMatch(/, m\b|m³\/s/);
  });
});
