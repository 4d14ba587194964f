import { describe, expect, it } from 'vitest';
import { KNOWN_DATUMS, TP, convertLevel, datum, formatLevel, knownDatum, toTP } from '@floodzone/core';

describe('datums', () => {
  it('carries the DOMAIN.md §5.1 offsets as named examples', () => {
    expect(knownDatum('A.P.')?.zeroInTP_m).toBe(-1.1344);
    expect(knownDatum('ap')?.zeroInTP_m).toBe(-1.1344);
    expect(knownDatum('O.P.')?.zeroInTP_m).toBe(-1.3);
    expect(knownDatum('N.P.')?.status).toBe('secondary');
    expect(knownDatum('K.P.')?.zeroInTP_m).toBe(-1.09);
    expect(knownDatum('Yokkaichi')?.zeroInTP_m).toBe(-1.251);
    expect(knownDatum('D.L.')).toBeUndefined();
    for (const d of KNOWN_DATUMS) expect(d.source).toBeTruthy();
  });

  it('converts D.L. ↔ T.P. ↔ A.P. and back', () => {
    const dl = datum('D.L.', -1.13);
    const ap = knownDatum('A.P.')!;
    expect(toTP(4.2, dl)).toBeCloseTo(3.07, 12);
    expect(convertLevel(3.07, TP, dl)).toBeCloseTo(4.2, 12);
    expect(convertLevel(convertLevel(4.2, dl, ap), ap, dl)).toBeCloseTo(4.2, 12);
    // Yokkaichi port: HWL = T.P.+1.109 is YP+2.360 (1.109 + 1.251), record 1959 T.P.+3.29 = YP+4.541
    const yp = knownDatum('Yokkaichi')!;
    expect(convertLevel(3.29, TP, yp)).toBeCloseTo(4.541, 12);
  });

  it('formats as DESIGN.md: D.L.+4.20 m (T.P.+3.07 m)', () => {
    expect(formatLevel(4.2, datum('D.L.', -1.13))).toBe('D.L.+4.20 m (T.P.+3.07 m)');
    expect(formatLevel(-0.3, TP)).toBe('T.P.-0.30 m');
    expect(formatLevel(0.001, TP)).toBe('T.P.+0.00 m');
    expect(formatLevel(-0.001, TP)).toBe('T.P.+0.00 m');
    expect(formatLevel(1, datum('D.L.', 0), { offsetKnown: false })).toBe('D.L.+1.00 m');
  });

  it('rejects bad datums', () => {
    expect(() => datum('', -1)).toThrow(/datum name/);
    expect(() => datum('D.L.', NaN)).toThrow(/T.P. height of D.L. zero/);
  });
});
