import { describe, expect, it } from 'vitest';
import {
  EULER_GAMMA,
  InputError,
  changeRatioAt,
  designWaterLevel,
  fitGumbel,
  gumbelReturnLevel,
  returnPeriodLevel,
  seaLevelRise,
} from '@floodzone/core';

const spec = { hwl_m: 2.1, datum: 'D.L.', surge_m: 2.0, scenario: 'japan2020-rcp2.6' } as const;

describe('designWaterLevel', () => {
  it('is H.W.L. + ΔMSL + surge × r_S, and the components sum to the level', () => {
    const r = designWaterLevel({ ...spec, surgeRatio: 1.1, setup_m: 0.15 }, 2050);
    const rise = seaLevelRise('japan2020-rcp2.6', 2050).rise_m;
    expect(r.level_m).toBeCloseTo(2.1 + rise + 2.0 * 1.1 + 0.15, 12);
    expect(r.components.reduce((a, c) => a + c.value_m, 0)).toBeCloseTo(r.level_m, 12);
    expect(r.datum).toBe('D.L.');
    expect(r.components.map((c) => c.name)).toHaveLength(4);
    for (const c of r.components) {
      expect(c.unit).toMatch(/^m/);
      expect(c.source.length).toBeGreaterThan(0);
    }
    expect(r.surgeRatio).toBe(1.1);
  });

  it('rises monotonically with the year, the surge, the ratio and H.W.L.', () => {
    const at = (o: object, t = 2060) => designWaterLevel({ ...spec, ...o }, t).level_m;
    expect(at({}, 2070)).toBeGreaterThan(at({}, 2060));
    expect(at({ surge_m: 2.5 })).toBeGreaterThan(at({}));
    expect(at({ surgeRatio: 1.2 })).toBeGreaterThan(at({ surgeRatio: 1.1 }));
    expect(at({ hwl_m: 2.2 })).toBeGreaterThan(at({}));
    expect(at({ upside: true, upper_m: 0.55 })).toBeGreaterThan(at({}));
  });

  it('interpolates a ratio table in time and says when it is held constant', () => {
    const table = [
      { year: 2020, ratio: 1 },
      { year: 2090, ratio: 1.2 },
    ];
    expect(changeRatioAt(table, 2055)).toBeCloseTo(1.1, 12);
    const flags: string[] = [];
    expect(changeRatioAt(table, 2100, flags, 'surge-ratio')).toBe(1.2);
    expect(flags[0]).toMatch(/^surge-ratio-held/);
    expect(designWaterLevel({ ...spec, surgeRatio: table }, 2055).level_m).toBeCloseTo(designWaterLevel({ ...spec, surgeRatio: 1.1 }, 2055).level_m, 12);
  });

  it('rejects bad inputs with one line', () => {
    expect(() => designWaterLevel({ ...spec, surge_m: -1 }, 2050)).toThrow(/surge_m.*≥ 0/);
    expect(() => designWaterLevel({ ...spec, hwl_m: NaN }, 2050)).toThrow(InputError);
    expect(() => designWaterLevel({ ...spec, datum: '' }, 2050)).toThrow(/datum/);
    expect(() => designWaterLevel({ ...spec, surgeRatio: 0 }, 2050)).toThrow(/surgeRatio/);
    expect(() => designWaterLevel({ ...spec, surgeRatio: [{ year: 2050, ratio: 1 }, { year: 2040, ratio: 1.1 }] }, 2050)).toThrow(/year must be > 2050/);
    expect(() => designWaterLevel({ ...spec, scenario: 'nope' }, 2050)).toThrow(/unknown scenario/);
    expect(() => designWaterLevel(spec, 1980)).toThrow(/before the baseline/);
  });
});

describe('Gumbel return levels', () => {
  // Hand computation for x = 1, 2, 3, 4, 5:
  //   moments: s = √2.5 = 1.581139, β = s·√6/π = 1.232809, μ = 3 − 0.5772157·1.232809 = 2.288404
  //   L-moments: b1 = (0·1 + ¼·2 + ½·3 + ¾·4 + 1·5)/5 = 2, λ2 = 2·2 − 3 = 1, β = 1/ln2 = 1.442695, μ = 3 − γβ = 2.167251
  const x = [3, 1, 5, 2, 4];

  it('method of moments matches the hand computation', () => {
    const f = fitGumbel(x, 'moments');
    expect(f.scale).toBeCloseTo(1.232809, 5);
    expect(f.location).toBeCloseTo(2.288404, 5);
    expect(f.flags[0]).toMatch(/^short-record/);
  });

  it('L-moments match the hand computation', () => {
    const f = fitGumbel(x, 'lmoments');
    expect(f.scale).toBeCloseTo(1 / Math.LN2, 12);
    expect(f.location).toBeCloseTo(3 - EULER_GAMMA / Math.LN2, 12);
  });

  it('reproduces the Gumbel frequency factors K_T of Chow, Maidment & Mays (1988, Applied Hydrology §12.3)', () => {
    // x_T = x̄ + K_T·s; published K_T: T = 5 → 0.719, 10 → 1.305, 50 → 2.592, 100 → 3.137
    const f = fitGumbel(x, 'moments');
    const s = Math.sqrt(2.5);
    for (const [T, K] of [[5, 0.719], [10, 1.305], [50, 2.592], [100, 3.137]] as const) {
      expect((gumbelReturnLevel(f, T) - 3) / s).toBeCloseTo(K, 3);
    }
  });

  it('return level grows with the return period; T = 1/(1 − e^(−1)) gives the location', () => {
    const r = returnPeriodLevel(x, 100, 'lmoments');
    expect(r.level_m).toBeGreaterThan(returnPeriodLevel(x, 50, 'lmoments').level_m);
    expect(r.fit.flags.some((f) => f.startsWith('extrapolated-return-period'))).toBe(true);
    const f = fitGumbel(x);
    expect(gumbelReturnLevel(f, 1 / (1 - Math.exp(-1)))).toBeCloseTo(f.location, 12);
  });

  it('rejects bad series and return periods', () => {
    expect(() => fitGumbel([1, 2])).toThrow(/at least 3/);
    expect(() => fitGumbel([1, 1, 1])).toThrow(/all equal/);
    expect(() => fitGumbel([1, NaN, 3])).toThrow(/annual maximum #2/);
    expect(() => gumbelReturnLevel(fitGumbel(x), 1)).toThrow(/return period must be > 1/);
    expect(() => fitGumbel(x, 'mle' as never)).toThrow(/moments or lmoments/);
  });
});
