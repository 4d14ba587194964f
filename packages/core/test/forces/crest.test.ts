import { describe, expect, it } from 'vitest';
import {
  InputError,
  adaptationYear,
  crestSeries,
  designWaterLevel,
  requiredCrest,
  requiredFreeboard,
  runupEurotop2018,
  type CrestForces,
  type CrestSection,
} from '@floodzone/core';

const forces: CrestForces = {
  level: { hwl_m: 2.1, datum: 'D.L.', surge_m: 1.5, scenario: 'japan2020-rcp2.6' },
  waves: { hm0_m: 1.5, tm10_s: 6 },
};
const qSection: CrestSection = { structure: { kind: 'slope', cotAlpha: 3 }, allowance: { kind: 'overtopping', q_m3s_per_m: 0.01 }, margin_m: 0.5 };
const wallSection: CrestSection = { structure: { kind: 'vertical' }, allowance: { kind: 'overtopping', q_m3s_per_m: 0.01 }, margin_m: 0.3, toeLevel_m: -1 };

describe('requiredCrest', () => {
  it('is DHWL + Rc(q_allow) + margin, and the components sum to it', () => {
    const r = requiredCrest(qSection, forces, 2050);
    const dhwl = designWaterLevel(forces.level, 2050).level_m;
    const rc = requiredFreeboard({ hm0_m: 1.5, tm10_s: 6 }, qSection.structure, 0.01).Rc_m;
    expect(r.dhwl_m).toBeCloseTo(dhwl, 12);
    expect(r.allowance_m).toBeCloseTo(rc, 12);
    expect(r.required_m).toBeCloseTo(dhwl + rc + 0.5, 12);
    expect(r.components.reduce((a, c) => a + c.value_m, 0)).toBeCloseTo(r.required_m, 12);
    expect(r.datum).toBe('D.L.');
    expect(r.formula).toMatch(/EurOtop 2018 eq 5\.1[01]/);
    expect(r.q_m3s_per_m).toBeLessThanOrEqual(0.01);
  });

  it('run-up allowance uses the design run-up', () => {
    const s: CrestSection = { ...qSection, allowance: { kind: 'runup' }, hydraulics: { approach: 'design', runupDesignC: 4.3 } };
    const r = requiredCrest(s, forces, 2050);
    expect(r.allowance_m).toBeCloseTo(runupEurotop2018({ hm0_m: 1.5, tm10_s: 6 }, s.structure, s.hydraulics).ru2_m, 12);
    expect(Number.isNaN(r.q_m3s_per_m)).toBe(true);
  });

  it('toe depth follows the level: h(t) = DHWL(t) − toe bed level', () => {
    const r = requiredCrest(wallSection, forces, 2050);
    expect(r.toeDepth_m).toBeCloseTo(r.dhwl_m + 1, 12);
    expect(r.formula).toMatch(/vertical wall/);
  });

  it('wave height grows with r_H(t); the requirement grows with every force and the margin', () => {
    const base = requiredCrest(qSection, forces, 2050).required_m;
    const more = (f: Partial<CrestForces['level']>, w: object = {}, sec: Partial<CrestSection> = {}) =>
      requiredCrest({ ...qSection, ...sec }, { level: { ...forces.level, ...f }, waves: { ...forces.waves!, ...w } }, 2050).required_m;
    expect(more({ surge_m: 1.6 })).toBeGreaterThan(base);
    expect(more({ surgeRatio: 1.1 })).toBeGreaterThan(base);
    expect(more({}, { heightRatio: 1.1 })).toBeGreaterThan(base);
    expect(more({}, { heightRatio: [{ year: 2020, ratio: 1 }, { year: 2090, ratio: 1.3 }] })).toBeGreaterThan(base);
    expect(more({}, {}, { margin_m: 0.8 })).toBeCloseTo(base + 0.3, 12);
    expect(more({}, {}, { allowance: { kind: 'overtopping', q_m3s_per_m: 0.001 } })).toBeGreaterThan(base);
    expect(requiredCrest(qSection, forces, 2080).required_m).toBeGreaterThan(base);
  });

  it('no wave allowance: the level plus margin', () => {
    const r = requiredCrest({ ...qSection, allowance: { kind: 'none' } }, { level: forces.level }, 2050);
    expect(r.required_m).toBeCloseTo(r.dhwl_m + 0.5, 12);
    expect(r.formula).toBe('none');
  });

  it('bad input is one line', () => {
    expect(() => requiredCrest(qSection, { level: forces.level }, 2050)).toThrow(/needs forces.waves/);
    expect(() => requiredCrest({ ...qSection, margin_m: -0.1 }, forces, 2050)).toThrow(/margin_m/);
    expect(() => requiredCrest({ ...qSection, allowance: { kind: 'overtopping', q_m3s_per_m: 0 } }, forces, 2050)).toThrow(/allowable overtopping q must be > 0/);
    expect(() => requiredCrest({ ...wallSection, toeLevel_m: 5 }, forces, 2050)).toThrow(/toe is dry/);
    expect(() => requiredCrest(qSection, { ...forces, level: { ...forces.level, scenario: 'x' } }, 2050)).toThrow(InputError);
    expect(() => requiredCrest(qSection, forces, 1900)).toThrow(/before the baseline/);
  });
});

describe('adaptationYear', () => {
  /** Brute force over requiredCrest. */
  const naive = (sec: CrestSection, f: CrestForces, crest: number, from: number, to: number) => {
    for (let t = from; t <= to; t++) if (requiredCrest(sec, f, t).required_m > crest) return t;
    return null;
  };

  it('matches a brute-force scan over requiredCrest for many crests', () => {
    const lo = requiredCrest(qSection, forces, 2025).required_m;
    const hi = requiredCrest(qSection, forces, 2100).required_m;
    for (let i = 0; i <= 20; i++) {
      const crest = lo - 0.05 + ((hi - lo + 0.1) * i) / 20;
      const r = adaptationYear(qSection, forces, crest, { fromYear: 2025, toYear: 2100 });
      expect(r.year).toBe(naive(qSection, forces, crest, 2025, 2100));
    }
  });

  it('says never within the horizon with null, not a made-up year', () => {
    const r = adaptationYear(qSection, forces, 50, { fromYear: 2025, toYear: 2100 });
    expect(r.year).toBeNull();
    expect(r.status).toBe('never-within-horizon');
    expect(r.headroomAtStart_m).toBeGreaterThan(0);
  });

  it('says when the crest is already short at the start', () => {
    const r = adaptationYear(qSection, forces, 1, { fromYear: 2025, toYear: 2100 });
    expect(r.year).toBe(2025);
    expect(r.status).toBe('exceeded-at-start');
    expect(r.headroomAtStart_m).toBeLessThan(0);
  });

  it('the upside comes no later than the median', () => {
    const f: CrestForces = { ...forces, level: { ...forces.level, upper_m: 0.55 } };
    const mid = requiredCrest(qSection, f, 2070).required_m;
    const med = adaptationYear(qSection, f, mid, { fromYear: 2025, toYear: 2100 });
    const up = adaptationYear(qSection, f, mid, { fromYear: 2025, toYear: 2100, upside: true });
    expect(med.year).not.toBeNull();
    expect(up.year!).toBeLessThan(med.year!);
    expect(up.upside).toBe(true);
    expect(() => adaptationYear(qSection, forces, mid, { fromYear: 2025, toYear: 2100, upside: true })).toThrow(/upper/);
  });

  it('crestSeries equals requiredCrest year by year', () => {
    const s = crestSeries(wallSection, forces, 2030, 2040);
    for (let t = 2030; t <= 2040; t++) expect(s[t - 2030]).toBeCloseTo(requiredCrest(wallSection, forces, t).required_m, 12);
  });

  it('rejects bad horizons', () => {
    expect(() => adaptationYear(qSection, forces, 8, { fromYear: 2050, toYear: 2040 })).toThrow(/toYear must be ≥ 2050/);
    expect(() => adaptationYear(qSection, forces, 8, { fromYear: 2050.5, toYear: 2060 })).toThrow(/whole years/);
    expect(() => adaptationYear(qSection, forces, 8, { fromYear: 2025, toYear: 2150 })).toThrow(/after 2100/);
    expect(() => adaptationYear(qSection, forces, NaN, { fromYear: 2025, toYear: 2100 })).toThrow(/existing crest/);
  });
});
