import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILTIN_SCENARIOS,
  InputError,
  JMA_JAPAN_RATE_2004_2023,
  getScenario,
  listScenarios,
  registerScenario,
  seaLevelRise,
  unregisterScenario,
  userScenario,
} from '@floodzone/core';

afterEach(() => {
  unregisterScenario('test-user');
});

describe('seaLevelRise', () => {
  it('reproduces the 日本の気候変動2020 medians at the 2081–2100 centre (DOMAIN.md §4.1 [V])', () => {
    expect(seaLevelRise('japan2020-rcp2.6', 2090.5).rise_m).toBeCloseTo(0.39, 12);
    expect(seaLevelRise('japan2020-rcp8.5', 2090.5).rise_m).toBeCloseTo(0.71, 12);
    expect(seaLevelRise('japan2020-rcp2.6', 1995.5).rise_m).toBe(0);
  });

  it('interpolates linearly from the baseline centre (hand: 0.39 × 54.5/95 at 2050)', () => {
    const r = seaLevelRise('japan2020-rcp2.6', 2050);
    expect(r.rise_m).toBeCloseTo((0.39 * 54.5) / 95, 12);
    expect(r.interpolation).toBe('linear');
    expect(r.flags).toEqual([]);
    expect(r.status).toBe('verified');
  });

  it('quadratic passes through the end point with the present rate at the baseline (b ≈ 6.4e-6, DOMAIN.md §4.3)', () => {
    const a = JMA_JAPAN_RATE_2004_2023;
    const b = (0.39 - a * 95) / (95 * 95);
    expect(b).toBeCloseTo(6.37e-6, 8);
    expect(seaLevelRise('japan2020-rcp2.6', 2090.5, { interpolation: 'quadratic' }).rise_m).toBeCloseTo(0.39, 12);
    const t = 2050 - 1995.5;
    expect(seaLevelRise('japan2020-rcp2.6', 2050, { interpolation: 'quadratic' }).rise_m).toBeCloseTo(a * t + b * t * t, 12);
    // slope at the baseline centre is the given rate
    const d = seaLevelRise('japan2020-rcp2.6', 1995.5 + 1e-3, { interpolation: 'quadratic', rate_m_per_yr: 0.002 }).rise_m / 1e-3;
    expect(d).toBeCloseTo(0.002, 5);
  });

  it('quadratic through today\'s observed rate: slope = rate at rateYear, end value kept', () => {
    const o = { interpolation: 'quadratic', rate_m_per_yr: 0.0035, rateYear: 2013.5 } as const;
    const h = 1e-3;
    const d = (seaLevelRise('japan2020-rcp2.6', 2013.5 + h, o).rise_m - seaLevelRise('japan2020-rcp2.6', 2013.5 - h, o).rise_m) / (2 * h);
    expect(d).toBeCloseTo(0.0035, 8);
    expect(seaLevelRise('japan2020-rcp2.6', 2090.5, o).rise_m).toBeCloseTo(0.39, 12);
    expect(seaLevelRise('japan2020-rcp2.6', 1995.5, o).rise_m).toBeCloseTo(0, 12);
    // hand: τe = 95, τr = 18: b = (0.39 − 0.3325)/(95·59) = 1.02587e-5, a = 0.0035 − 36·b = 0.0031307
    const b = 0.0575 / (95 * 59);
    expect(seaLevelRise('japan2020-rcp2.6', 2050, o).rise_m).toBeCloseTo((0.0035 - 36 * b) * 54.5 + b * 54.5 * 54.5, 12);
    expect(() => seaLevelRise('japan2020-rcp2.6', 2050, { ...o, rateYear: 2050 })).toThrow(/rateYear must be < 2043/);
  });

  it('flags extrapolation past the last tabulated year and refuses years after validTo', () => {
    const r = seaLevelRise('japan2020-rcp2.6', 2100);
    expect(r.rise_m).toBeCloseTo((0.39 * 104.5) / 95, 12);
    expect(r.flags.some((f) => f.startsWith('extrapolated'))).toBe(true);
    expect(() => seaLevelRise('japan2020-rcp2.6', 2101)).toThrow(/after 2100/);
  });

  it('refuses a year before the baseline period with one line', () => {
    expect(() => seaLevelRise('japan2020-rcp2.6', 1985)).toThrow(InputError);
    expect(() => seaLevelRise('japan2020-rcp2.6', 1985)).toThrow(/before the baseline period 1986–2005/);
    expect(() => seaLevelRise('ar6-ssp2-4.5', 1990)).toThrow(/1995–2014/);
  });

  it('refuses an unknown scenario, listing the known names', () => {
    try {
      seaLevelRise('rcp9', 2050);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const msg = (e as Error).message;
      expect(msg.split('\n')).toHaveLength(1);
      for (const s of BUILTIN_SCENARIOS) expect(msg).toContain(s.name);
    }
  });

  it('upside needs an upper bound: unverified Japan ranges are not defaults', () => {
    expect(() => seaLevelRise('japan2020-rcp2.6', 2050, { upside: true })).toThrow(/no upper likely bound.*upper_m/);
    const r = seaLevelRise('japan2020-rcp2.6', 2090.5, { upside: true, upper_m: 0.55 });
    expect(r.rise_m).toBeCloseTo(0.55, 12);
    expect(r.upside).toBe(true);
    expect(() => seaLevelRise('japan2020-rcp2.6', 2050, { upside: true, upper_m: 0.3 })).toThrow(/upper_m must be ≥ 0.39/);
  });

  it('AR6 tables use their likely upper bound for the upside and are flagged unverified', () => {
    const med = seaLevelRise('ar6-ssp1-2.6', 2100);
    const up = seaLevelRise('ar6-ssp1-2.6', 2100, { upside: true });
    expect(med.rise_m).toBeCloseTo(0.44, 12);
    expect(up.rise_m).toBeCloseTo(0.62, 12);
    expect(med.flags.some((f) => f.startsWith('unverified-scenario'))).toBe(true);
    // between tabulated points: linear (hand: 0.19 + (0.44 − 0.19)·25/50 at 2075)
    expect(seaLevelRise('ar6-ssp1-2.6', 2075).rise_m).toBeCloseTo(0.315, 12);
  });

  it('shifts AR6 from 1995–2014 to 1986–2005 by +0.03 m (DOMAIN.md §4.2 [V])', () => {
    const a = seaLevelRise('ar6-ssp5-8.5', 2100).rise_m;
    const b = seaLevelRise('ar6-ssp5-8.5', 2100, { baseline: '1986-2005' });
    expect(b.rise_m - a).toBeCloseTo(0.03, 12);
    expect(b.baseline).toBe('1986-2005');
    expect(() => seaLevelRise('japan2020-rcp2.6', 2050, { baseline: '1995-2014' })).toThrow(/no shift to baseline/);
  });

  it('since: rise after the H.W.L. epoch is S(t) − S(since), independent of any baseline shift', () => {
    const s = seaLevelRise('ar6-ssp2-4.5', 2080, { since: 2020 }).rise_m;
    const direct = seaLevelRise('ar6-ssp2-4.5', 2080).rise_m - seaLevelRise('ar6-ssp2-4.5', 2020).rise_m;
    expect(s).toBeCloseTo(direct, 12);
    expect(seaLevelRise('ar6-ssp2-4.5', 2080, { since: 2020, baseline: '1986-2005' }).rise_m).toBeCloseTo(direct, 12);
  });

  it('every built-in scenario is non-decreasing in year, and its upside is at least its median', () => {
    for (const s of BUILTIN_SCENARIOS) {
      const first = Math.max(s.baseline[0], Math.ceil((s.baseline[0] + s.baseline[1]) / 2));
      const end = s.points[s.points.length - 1];
      const upper_m = end.upper_m === undefined ? end.median_m + 0.2 : undefined;
      for (const interpolation of ['linear', 'quadratic'] as const) {
        let prev = -Infinity;
        for (let t = first; t <= s.validTo; t++) {
          const m = seaLevelRise(s.name, t, { interpolation }).rise_m;
          const u = seaLevelRise(s.name, t, { interpolation, upside: true, upper_m }).rise_m;
          expect(Number.isFinite(m)).toBe(true);
          expect(m).toBeGreaterThanOrEqual(prev - 1e-12);
          expect(u).toBeGreaterThanOrEqual(m - 1e-12);
          prev = m;
        }
      }
    }
  });

  it('registers user tables and uses them by name', () => {
    const s = userScenario('test-user', [2000, 2020], [{ year: 2050, median_m: 0.2, upper_m: 0.3 }, { year: 2100, median_m: 0.6 }], { source: 'port study' });
    expect(() => seaLevelRise('test-user', 2050)).toThrow(/unknown scenario/);
    registerScenario(s);
    expect(listScenarios().map((x) => x.name)).toContain('test-user');
    expect(getScenario('test-user').status).toBe('user');
    expect(seaLevelRise('test-user', 2030).rise_m).toBeCloseTo(0.1, 12);
    expect(seaLevelRise('test-user', 2075).rise_m).toBeCloseTo(0.4, 12);
    // upper at the last point missing: needs upper_m; earlier point keeps its own upper
    expect(() => seaLevelRise('test-user', 2075, { upside: true })).toThrow(/upper_m/);
    expect(seaLevelRise('test-user', 2050, { upside: true, upper_m: 0.9 }).rise_m).toBeCloseTo(0.3, 12);
    // a table can be passed directly without registering
    expect(seaLevelRise(s, 2075).rise_m).toBeCloseTo(0.4, 12);
  });

  it('rejects malformed tables with one line', () => {
    expect(() => userScenario('bad', [2000, 2020], [])).toThrow(/at least one/);
    expect(() => userScenario('bad', [2000, 2020], [{ year: 2005, median_m: 0.1 }])).toThrow(/point year must be > 2010/);
    expect(() => userScenario('bad', [2000, 2020], [{ year: 2050, median_m: NaN }])).toThrow(/finite number/);
    expect(() => userScenario('bad', [2000, 2020], [{ year: 2050, median_m: 0.3, upper_m: 0.1 }])).toThrow(/upper_m/);
  });
});
