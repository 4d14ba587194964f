import { describe, expect, it } from 'vitest';
import { InputError, bermFactorTaw2002, runupEurotop2018, runupMase1989, waveSetupBreakerIndex, waveSetupStockdon2006, waveLength } from '@floodzone/core';

const W = { hm0_m: 2, tm10_s: 8 };
const SLOPE3 = { kind: 'slope', cotAlpha: 3 } as const;

describe('EurOtop 2018 run-up z2% (DOMAIN.md §10)', () => {
  it('mean 6.046 m (maximum governs; 1.65ξ branch 7.775)', () => {
    const r = runupEurotop2018(W, SLOPE3);
    expect(r.ru2_m).toBeCloseTo(6.046, 3);
    expect(r.formula).toMatch(/eq 5\.2/);
    // the breaking branch: with γb = 0.6 it governs, 1.65·0.6·ξ·Hm0
    const b = runupEurotop2018({ hm0_m: 2, tm10_s: 4 }, { kind: 'slope', cotAlpha: 4 });
    expect(b.formula).toMatch(/eq 5\.1 /);
  });

  it('design 6.469 m with C = 4.0 and 7.111 m with C = 4.3 (Deltares test value)', () => {
    expect(runupEurotop2018(W, SLOPE3, { approach: 'design', runupDesignC: 4.0 }).ru2_m).toBeCloseTo(6.469, 3);
    expect(runupEurotop2018(W, SLOPE3, { approach: 'design', runupDesignC: 4.3 }).ru2_m).toBeCloseTo(7.111, 3);
  });

  it('run-up grows with Hm0, period and γf, falls with β and a berm', () => {
    const r = (w: object, st: object = SLOPE3) => runupEurotop2018({ ...W, ...w }, { ...SLOPE3, ...st }).ru2_m;
    expect(r({ hm0_m: 2.5 })).toBeGreaterThan(r({}));
    expect(r({ tm10_s: 10 })).toBeGreaterThan(r({}));
    expect(r({}, { gammaF: 0.7 })).toBeLessThan(r({}));
    expect(r({ beta_deg: 40 })).toBeLessThan(r({}));
    expect(r({}, { gammaB: 0.8 })).toBeLessThan(r({}));
  });

  it('applies the TAW 2002 surging roughness adjustment γf,surging = γf + (ξ − 1.8)(1 − γf)/8.2', () => {
    const gf = 0.7;
    const xi = 2.356194; // cotα = 3, Hm0 = 2, T = 8
    const gfs = gf + ((xi - 1.8) * (1 - gf)) / 8.2;
    expect(runupEurotop2018(W, { ...SLOPE3, gammaF: gf }).ru2_m).toBeCloseTo(2 * gfs * (4 - 1.5 / Math.sqrt(xi)), 4);
  });

  it('refuses what it does not cover', () => {
    expect(() => runupEurotop2018(W, SLOPE3, { approach: 'design' })).toThrow(/runupDesignC/);
    expect(() => runupEurotop2018(W, SLOPE3, { approach: 'design', runupDesignC: 4.1 as never })).toThrow(/4.0 or 4.3/);
    expect(() => runupEurotop2018(W, { kind: 'vertical' })).toThrow(/slopes only/);
    expect(() => runupEurotop2018(W, { kind: 'slope', cotAlpha: 1.5 })).toThrow(/steeper than 1:2/);
    expect(() => runupEurotop2018({ hm0_m: 0, tm10_s: 8 }, SLOPE3)).toThrow(InputError);
  });
});

describe('Mase 1989', () => {
  it('R2% = 1.86·ξ0^0.71·H0′ (hand: H0′ = 2 m, T = 8 s, 1:10 → ξ0 = 0.7068, R2% = 2.908 m)', () => {
    const r = runupMase1989(2, 8, 10, 'r2');
    expect(r.ru2_m).toBeCloseTo(2.908, 3);
    expect(r.flags).toEqual([]);
    expect(runupMase1989(2, 8, 3).flags[0]).toMatch(/^slope-range/);
    expect(runupMase1989(2, 8, 10, 'max').ru2_m).toBeGreaterThan(r.ru2_m);
  });
});

describe('berm factor (TAW 2002)', () => {
  it('is 1 − B/L_berm at SWL, clipped to 0.6, and 1 beyond 2·Hm0 below', () => {
    // B = 4, Hm0 = 2, cot 3 both sides: L_berm = 6 + 4 + 6 = 16, rB = 0.25 → γb = 0.75
    expect(bermFactorTaw2002(2, 4, 0, 3, 3)).toBeCloseTo(0.75, 12);
    expect(bermFactorTaw2002(2, 40, 0, 3, 3)).toBe(0.6);
    expect(bermFactorTaw2002(2, 4, -4, 3, 3)).toBe(1);
    // half-way below: rdb = 0.5 − 0.5·cos(π/2) = 0.5 → γb = 1 − 0.25·0.5
    expect(bermFactorTaw2002(2, 4, -2, 3, 3)).toBeCloseTo(0.875, 12);
    expect(() => bermFactorTaw2002(2, 4, 1, 3, 3)).toThrow(/z2_m/);
    expect(bermFactorTaw2002(2, 4, 1, 3, 3, 2)).toBeCloseTo(0.875, 12);
  });
});

describe('wave setup', () => {
  it('regular-wave setup ≈ 0.18·h_b for γ = 0.78 (DOMAIN.md §3.1)', () => {
    const r = waveSetupBreakerIndex(3);
    // hand: K = 0.228150/1.228150 = 0.185767, η_b = −0.038025·3, η_s = (−0.114075 + 0.557302)/0.814233 = 0.544351
    expect(r.setup_m).toBeCloseTo(0.54435, 4);
    expect(r.setup_m / 3).toBeCloseTo(0.18, 2);
    expect(waveSetupBreakerIndex(3, 0.6).setup_m).toBeLessThan(r.setup_m);
    expect(() => waveSetupBreakerIndex(0)).toThrow(/breaking depth/);
  });

  it('Stockdon 2006: 0.35·β_f·√(H0·L0)', () => {
    const r = waveSetupStockdon2006(2, 10, 20);
    expect(r.setup_m).toBeCloseTo((0.35 / 20) * Math.sqrt(2 * waveLength(10)), 12);
    expect(r.setup_m).toBeCloseTo(0.3092, 3); // hand: L0 = 156.13 m, √312.26 = 17.671, ×0.0175 = 0.3092
    expect(() => waveSetupStockdon2006(2, -1, 20)).toThrow(/Tp/);
  });
});
