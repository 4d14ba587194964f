import { describe, expect, it } from 'vitest';
import {
  GRAVITY as G,
  InputError,
  godaCoefficients,
  iribarren,
  overtopping,
  prepareOvertopping,
  requiredFreeboard,
  type HydraulicOptions,
  type Structure,
  type Waves,
} from '@floodzone/core';
import { rng } from '../../../../test-support/random.js';

const W: Waves = { hm0_m: 2, tm10_s: 8 };
const SLOPE3: Structure = { kind: 'slope', cotAlpha: 3 };
const VERT: Structure = { kind: 'vertical' };
const GODA: HydraulicOptions = { formula: 'goda2009', toeDepth_m: 6, seabedSlope: 1 / 30 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('DOMAIN.md §10 test vectors', () => {
  it('EurOtop smooth slope Hm0 = 2, T = 8, cotα = 3, Rc = 4', () => {
    expect(iribarren(3, 2, 8)).toBeCloseTo(2.3561, 4);
    const m = overtopping(W, SLOPE3, 4);
    expect(rel(m.q_m3s_per_m, 0.01231)).toBeLessThan(5e-4);
    expect(rel(m.qStar, 1.389e-3)).toBeLessThan(5e-4);
    expect(m.formula).toMatch(/eq 5\.11/); // the maximum governs
    const d = overtopping(W, SLOPE3, 4, { approach: 'design' });
    expect(rel(d.q_m3s_per_m, 0.02414)).toBeLessThan(5e-4);
    expect(d.formula).toMatch(/eq 5\.13/);
  });

  it('required Rc for q = 0.01: mean 4.152 m, design 4.726 m', () => {
    expect(requiredFreeboard(W, SLOPE3, 0.01).Rc_m).toBeCloseTo(4.152, 3);
    expect(requiredFreeboard(W, SLOPE3, 0.01, { approach: 'design' }).Rc_m).toBeCloseTo(4.726, 3);
  });

  it('vertical wall Hm0 = 2, Rc = 3: eq 7.1, 7.5 and impulsive (T = 8, h = 2)', () => {
    expect(rel(overtopping(W, { kind: 'vertical', regime: 'deep' }, 3).q_m3s_per_m, 2.429e-3)).toBeLessThan(5e-4);
    const nonImp = overtopping(W, { kind: 'vertical', regime: 'non-impulsive' }, 3);
    expect(rel(nonImp.qStar * Math.sqrt(G * 8), 6.844e-3)).toBeLessThan(5e-4);
    const imp = overtopping(W, VERT, 3, { toeDepth_m: 2 });
    expect(rel(imp.q_m3s_per_m, 0.02597)).toBeLessThan(5e-4);
    expect(imp.formula).toMatch(/eq 7\.8/);
    expect(imp.flags.some((f) => f.startsWith('regime-criterion: impulsive'))).toBe(true);
  });

  it('Goda 2009, Hs = 2, Rc = 3, h = 6, tanθ = 1/30', () => {
    const v = godaCoefficients(0, 3, 1 / 30);
    expect(v.A).toBeCloseTo(3.396, 3);
    expect(v.B).toBeCloseTo(2.2806, 4);
    expect(rel(overtopping(W, VERT, 3, GODA).q_m3s_per_m, 9.7e-3)).toBeLessThan(2e-3);
    const s = godaCoefficients(2, 3, 1 / 30);
    expect(s.A).toBeCloseTo(2.7552, 4);
    expect(s.B).toBeCloseTo(1.7967, 4);
    expect(rel(overtopping(W, { kind: 'slope', cotAlpha: 2 }, 3, GODA).q_m3s_per_m, 0.0381)).toBeLessThan(2e-3);
    expect(requiredFreeboard(W, VERT, 0.01, GODA).Rc_m).toBeCloseTo(2.973, 3);
  });
});

describe('closed-form inversions (DOMAIN.md §2.4) agree with the bisection', () => {
  it('smooth slope: Rc = min(Rc_a, Rc_max)', () => {
    const qs = 0.01 / Math.sqrt(G * 8);
    const xi = iribarren(3, 2, 8);
    const rcA = ((xi * 2) / 2.7) * Math.pow(Math.log((0.023 * xi) / (Math.sqrt(1 / 3) * qs)), 1 / 1.3);
    const rcM = (2 / 1.5) * Math.pow(Math.log(0.09 / qs), 1 / 1.3);
    expect(rcA).toBeCloseTo(5.475, 3);
    expect(requiredFreeboard(W, SLOPE3, 0.01).Rc_m).toBeCloseTo(Math.min(rcA, rcM), 5);
  });

  it('vertical walls: eq 7.1, 7.5, impulsive with the switch to 7.8', () => {
    for (const q of [1e-4, 1e-3, 0.01, 0.05]) {
      const qs = q / Math.sqrt(G * 8);
      expect(requiredFreeboard(W, { kind: 'vertical', regime: 'deep' }, q).Rc_m).toBeCloseTo((2 / 2.35) * Math.pow(Math.log(0.047 / qs), 1 / 1.3), 5);
      expect(requiredFreeboard(W, { kind: 'vertical', regime: 'non-impulsive' }, q).Rc_m).toBeCloseTo((2 / 2.78) * Math.log(0.05 / qs), 5);
      const s = 2 / ((G * 64) / (2 * Math.PI));
      const f = Math.sqrt(2 / (2 * s));
      let rc = (2 / 2.2) * Math.log((0.011 * f) / qs);
      if (rc >= 1.35 * 2) rc = 2 * Math.pow((0.0014 * f) / qs, 1 / 3);
      expect(requiredFreeboard(W, VERT, q, { toeDepth_m: 2 }).Rc_m).toBeCloseTo(rc, 5);
    }
  });

  it('Goda: Rc = Hs·(−ln q* − A)/B', () => {
    const { A, B } = godaCoefficients(0, 3, 1 / 30);
    for (const q of [1e-4, 1e-3, 0.01]) {
      const qs = q / Math.sqrt(G * 8);
      expect(requiredFreeboard(W, VERT, q, GODA).Rc_m).toBeCloseTo((2 * (-Math.log(qs) - A)) / B, 5);
    }
  });
});

/** Random valid cases across every formula. */
function randomCase(r: () => number): { waves: Waves; st: Structure; o: HydraulicOptions } {
  const hm0 = 0.3 + 4.7 * r();
  const s = 0.005 + 0.05 * r();
  const tm10 = Math.sqrt((hm0 / s) * (2 * Math.PI) / G);
  const k = Math.floor(r() * 6);
  const beta = r() < 0.5 ? 0 : 60 * r();
  const h = hm0 * (0.3 + 5 * r());
  if (k === 0) return { waves: { hm0_m: hm0, tm10_s: tm10, beta_deg: beta }, st: { kind: 'slope', cotAlpha: 1 + 7 * r(), gammaF: 0.5 + 0.5 * r(), gammaB: 0.6 + 0.4 * r() }, o: { approach: r() < 0.5 ? 'mean' : 'design' } };
  if (k === 1) return { waves: { hm0_m: hm0, tm10_s: tm10, beta_deg: beta }, st: { kind: 'rubble', cotAlpha: 1.5 + r(), gammaF: 0.38 + 0.2 * r() }, o: { approach: r() < 0.5 ? 'mean' : 'design' } };
  if (k === 2) return { waves: { hm0_m: hm0, tm10_s: tm10 }, st: { kind: 'vertical' }, o: { toeDepth_m: h } };
  if (k === 3) return { waves: { hm0_m: hm0, tm10_s: tm10, beta_deg: beta }, st: { kind: 'vertical', regime: 'deep', gammaBeta: 1 - 0.28 * r() }, o: {} };
  if (k === 4) return { waves: { hm0_m: hm0, tm10_s: tm10 }, st: { kind: 'slope', cotAlpha: 7 * r() }, o: { formula: 'goda2009', toeDepth_m: h, seabedSlope: 0.01 + 0.09 * r() } };
  return { waves: { hm0_m: hm0, tm10_s: tm10 }, st: { kind: 'vertical' }, o: { formula: 'goda2009', toeDepth_m: h, seabedSlope: 0.01 + 0.09 * r() } };
}

describe('invariants over seeded random cases', () => {
  it('q(Rc(q_allow)) = q_allow, and Rc a little lower overtops more', () => {
    const r = rng(20261123);
    for (let i = 0; i < 400; i++) {
      const { waves, st, o } = randomCase(r);
      const qa = Math.pow(10, -4 + 3 * r()); // 1e-4 … 1e-1 m³/s/m
      const f = requiredFreeboard(waves, st, qa, o);
      expect(Number.isFinite(f.Rc_m)).toBe(true);
      if (f.Rc_m === 0) {
        expect(overtopping(waves, st, 0, o).q_m3s_per_m).toBeLessThanOrEqual(qa);
        continue;
      }
      expect(f.q_m3s_per_m).toBeLessThanOrEqual(qa);
      expect(rel(overtopping(waves, st, f.Rc_m, o).q_m3s_per_m, qa)).toBeLessThan(1e-4);
      expect(overtopping(waves, st, Math.max(0, f.Rc_m - 1e-3), o).q_m3s_per_m).toBeGreaterThan(qa);
    }
  });

  it('q is finite, positive and non-increasing in Rc; never NaN', () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const { waves, st, o } = randomCase(r);
      const m = prepareOvertopping(waves, st, o);
      let prev = Infinity;
      for (let rc = 0; rc <= 4 * waves.hm0_m; rc += waves.hm0_m / 20) {
        const q = m.qStar(rc);
        expect(Number.isFinite(q)).toBe(true);
        expect(q).toBeGreaterThan(0);
        // the impulsive branches meet with a 0.8 % step at Rc/Hm0 = 1.35
        expect(q).toBeLessThanOrEqual(prev * 1.01);
        prev = q;
      }
    }
  });
});

describe('monotonicity in every parameter (Rc = 3 m, Hm0 = 2 m unless varied)', () => {
  const q = (w: Partial<Waves>, st: Structure, o: HydraulicOptions = {}, rc = 3) => overtopping({ ...W, ...w }, st, rc, o).q_m3s_per_m;
  const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);
  const nonIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x <= xs[i - 1] + 1e-15);
  const structures: [string, Structure, HydraulicOptions][] = [
    ['slope', SLOPE3, {}],
    ['rough slope', { kind: 'slope', cotAlpha: 3, gammaF: 0.7 }, {}],
    ['very steep slope', { kind: 'slope', cotAlpha: 1 }, {}],
    ['rubble', { kind: 'rubble', cotAlpha: 1.5, gammaF: 0.5 }, {}],
    ['vertical deep', { kind: 'vertical', regime: 'deep' }, {}],
    ['vertical non-impulsive', { kind: 'vertical', regime: 'non-impulsive' }, {}],
    ['vertical impulsive', { kind: 'vertical', regime: 'impulsive' }, { toeDepth_m: 2 }],
    ['goda vertical', VERT, GODA],
    ['goda slope', { kind: 'slope', cotAlpha: 3 }, GODA],
  ];

  it.each(structures)('%s: grows with Hm0, falls with Rc', (_n, st, o) => {
    expect(increasing([1, 1.5, 2, 3].map((h) => q({ hm0_m: h }, st, o)))).toBe(true);
    expect(increasing([4, 3, 2, 1].map((rc) => q({}, st, o, rc)))).toBe(true);
  });

  it('sloping dikes: grows with the period and every γ; falls with β; peaks at the 1:2 slope', () => {
    for (const st of [SLOPE3, { kind: 'slope', cotAlpha: 4 } as Structure]) {
      // at Rc = 6 the breaking branch (eq 5.10) governs, which depends on T and α
      const xs = [5, 7, 9].map((t) => q({ tm10_s: t }, st, {}, 6));
      expect(nonIncreasing(xs.slice().reverse())).toBe(true);
      expect(xs[2]).toBeGreaterThan(xs[0]);
    }
    expect(nonIncreasing([2, 3, 4, 6].map((c) => q({}, { kind: 'slope', cotAlpha: c }, {}, 6)))).toBe(true);
    // eq 5.18: from the vertical wall (cotα → 0) overtopping grows towards the 1:2 slope
    expect(increasing([0.01, 0.5, 1, 1.5, 1.99].map((c) => q({}, { kind: 'slope', cotAlpha: c })))).toBe(true);
    for (const g of ['gammaF', 'gammaB', 'gammaV', 'gammaStar'] as const) {
      const xs = [0.6, 0.8, 1].map((v) => q({}, { kind: 'slope', cotAlpha: 3, [g]: v } as Structure, {}, g === 'gammaStar' ? 3 : 6));
      expect(nonIncreasing(xs.slice().reverse())).toBe(true);
      expect(xs[2]).toBeGreaterThan(xs[0]);
    }
    expect(increasing([60, 40, 20, 0].map((b) => q({ beta_deg: b }, SLOPE3)))).toBe(true);
    expect(increasing([0.4, 0.5, 0.6].map((g) => q({}, { kind: 'rubble', cotAlpha: 1.5, gammaF: g })))).toBe(true);
    expect(q({}, { kind: 'slope', cotAlpha: 3 }, { approach: 'design' })).toBeGreaterThan(q({}, SLOPE3));
  });

  it('vertical walls: impulsive q falls with toe depth; γβ reduces q', () => {
    expect(increasing([2.6, 2.2, 1.8, 1.4].map((h) => q({}, { kind: 'vertical', regime: 'impulsive' }, { toeDepth_m: h })))).toBe(true);
    expect(increasing([0.7, 0.85, 1].map((g) => q({ beta_deg: 30 }, { kind: 'vertical', regime: 'deep', gammaBeta: g })))).toBe(true);
  });

  it('Goda: q falls as the toe deepens (A and B grow with h/Hs) until h/Hs = 6', () => {
    const xs = [1, 2, 4, 8, 12, 16].map((h) => q({}, VERT, { ...GODA, toeDepth_m: h }));
    expect(nonIncreasing(xs)).toBe(true);
    expect(xs[3]).toBeLessThan(xs[0]);
    expect(xs[4]).toBe(xs[5]); // h/Hs = 6 and 8 are both treated as 6
    expect(overtopping(W, VERT, 3, { ...GODA, toeDepth_m: 14 }).flags.some((f) => f.startsWith('deep-toe'))).toBe(true);
  });
});

describe('continuity at formula switches', () => {
  it('impulsive branches meet at Rc/Hm0 = 1.35 (5.643e-4 vs 5.690e-4 per unit f, DOMAIN.md §10)', () => {
    const m = prepareOvertopping(W, { kind: 'vertical', regime: 'impulsive' }, { toeDepth_m: 2 });
    const below = m.qStar(1.35 * 2 - 1e-9);
    const above = m.qStar(1.35 * 2);
    const f = Math.sqrt(2 / (2 * (2 / ((G * 64) / (2 * Math.PI)))));
    expect(below / f).toBeCloseTo(5.643e-4, 6);
    expect(above / f).toBeCloseTo(5.69e-4, 6);
    expect(rel(above, below)).toBeLessThan(0.01);
  });

  it('very steep slopes (eq 5.18) meet eq 5.11 at cotα = 2 and eq 7.1 as cotα → 0', () => {
    for (const rc of [0.5, 2, 4]) {
      const steep = overtopping(W, { kind: 'slope', cotAlpha: 2 - 1e-9 }, rc).q_m3s_per_m;
      const maxBranch = 0.09 * Math.exp(-Math.pow((1.5 * rc) / 2, 1.3)) * Math.sqrt(G * 8);
      expect(rel(steep, maxBranch)).toBeLessThan(1e-6);
      const nearVertical = overtopping(W, { kind: 'slope', cotAlpha: 1e-9 }, rc).q_m3s_per_m;
      const deep = overtopping(W, { kind: 'vertical', regime: 'deep' }, rc).q_m3s_per_m;
      expect(rel(nearVertical, deep)).toBeLessThan(3e-3);
    }
  });

  it('Goda slope formula meets the vertical one at cotα = 0', () => {
    expect(overtopping(W, { kind: 'slope', cotAlpha: 0 }, 3, GODA).q_m3s_per_m).toBe(overtopping(W, VERT, 3, GODA).q_m3s_per_m);
  });
});

describe('flags and bad input', () => {
  it('flags overtopping below the data, steep waves, capped angles, zero freeboard', () => {
    expect(overtopping(W, SLOPE3, 12).flags.some((f) => f.startsWith('below-data'))).toBe(true);
    expect(overtopping({ hm0_m: 4, tm10_s: 5 }, SLOPE3, 3).flags.some((f) => f.startsWith('steep-waves'))).toBe(true);
    expect(overtopping({ ...W, beta_deg: 85 }, SLOPE3, 3).flags.some((f) => f.startsWith('beta-capped'))).toBe(true);
    const z = requiredFreeboard(W, SLOPE3, 10);
    expect(z.Rc_m).toBe(0);
    expect(z.flags.some((f) => f.startsWith('zero-freeboard'))).toBe(true);
    expect(overtopping(W, { kind: 'vertical', regime: 'deep' }, 3, { approach: 'design' }).flags.some((f) => f.startsWith('design-unavailable'))).toBe(true);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['zero wave height', () => overtopping({ hm0_m: 0, tm10_s: 8 }, SLOPE3, 3), /Hm0.*> 0/],
    ['negative wave height', () => overtopping({ hm0_m: -1, tm10_s: 8 }, SLOPE3, 3), /Hm0/],
    ['zero period', () => overtopping({ hm0_m: 2, tm10_s: 0 }, SLOPE3, 3), /Tm-1,0.*> 0/],
    ['NaN period', () => overtopping({ hm0_m: 2, tm10_s: NaN }, SLOPE3, 3), /Tm-1,0.*finite/],
    ['negative freeboard', () => overtopping(W, SLOPE3, -1), /Rc.*≥ 0.*overflow/],
    ['zero slope', () => overtopping(W, { kind: 'slope', cotAlpha: 0 }, 3), /cot α.*> 0/],
    ['goda slope beyond 1:7', () => overtopping(W, { kind: 'slope', cotAlpha: 8 }, 3, GODA), /cot α \(slope\) for goda2009 must be ≤ 7/],
    ['goda without toe depth', () => overtopping(W, VERT, 3, { formula: 'goda2009', seabedSlope: 0.03 }), /toe depth/],
    ['goda without seabed', () => overtopping(W, VERT, 3, { formula: 'goda2009', toeDepth_m: 5 }), /seabed slope/],
    ['goda rubble', () => overtopping(W, { kind: 'rubble', cotAlpha: 1.5, gammaF: 0.5 }, 3, GODA), /rubble/],
    ['goda roughness', () => overtopping(W, { kind: 'slope', cotAlpha: 3, gammaF: 0.8 }, 3, GODA), /no γf/],
    ['rubble without γf', () => overtopping(W, { kind: 'rubble', cotAlpha: 1.5 } as Structure, 3), /γf/],
    ['γb below 0.6', () => overtopping(W, { kind: 'slope', cotAlpha: 3, gammaB: 0.5 }, 3), /γb.*≥ 0.6/],
    ['oblique vertical without γβ', () => overtopping({ ...W, beta_deg: 20 }, { kind: 'vertical', regime: 'deep' }, 3), /gammaBeta/],
    ['vertical without toe depth', () => overtopping(W, VERT, 3), /toe depth/],
    ['allowable q = 0', () => requiredFreeboard(W, SLOPE3, 0), /allowable overtopping q must be > 0/],
    ['allowable q < 0', () => requiredFreeboard(W, SLOPE3, -0.01), /allowable/],
    ['allowable q absurdly small', () => requiredFreeboard(W, VERT, 1e-40, { toeDepth_m: 2 }), /too small/],
    ['unknown kind', () => overtopping(W, { kind: 'dike' } as never, 3), /structure kind/],
    ['unknown formula', () => overtopping(W, SLOPE3, 3, { formula: 'owen' as never }), /formula must be one of/],
    ['profile with γb', () => overtopping(W, { kind: 'slope', cotAlpha: 3, gammaB: 0.8, profile: { cotAlphaUp: 3, bermWidth_m: 2 } }, 3), /gammaB or a profile/],
    ['goda with a profile', () => overtopping(W, { kind: 'slope', cotAlpha: 3, profile: { cotAlphaUp: 2 } }, 3, GODA), /composite/],
    ['negative berm width', () => overtopping(W, { kind: 'slope', cotAlpha: 3, profile: { cotAlphaUp: 3, bermWidth_m: -1 } }, 3), /berm width/],
    ['angle beyond 90°', () => overtopping({ ...W, beta_deg: 120 }, SLOPE3, 3), /β.*≤ 90/],
  ];
  it.each(bad)('%s → one-line InputError', (_n, f, re) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(re);
    try {
      f();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
