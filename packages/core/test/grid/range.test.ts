import { describe, expect, it } from 'vitest';
import { validRange } from '../../src/index.js';
import { rng } from './helpers.js';

function naive(data: Float32Array): { count: number; min: number; max: number } {
  let count = 0, min = Infinity, max = -Infinity;
  for (const v of data) {
    if (Number.isNaN(v)) continue;
    count++;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { count, min, max };
}

describe('validRange', () => {
  it('counts and bounds the values that are not NaN', () => {
    expect(validRange(new Float32Array([3, NaN, -2, 7.5, NaN]))).toEqual({ count: 3, min: -2, max: 7.5 });
    expect(validRange(new Float32Array([NaN, NaN]))).toEqual({ count: 0, min: Infinity, max: -Infinity });
    expect(validRange(new Float32Array(0))).toEqual({ count: 0, min: Infinity, max: -Infinity });
    expect(validRange(new Float64Array([-Infinity, 1, Infinity]))).toEqual({ count: 3, min: -Infinity, max: Infinity });
  });

  it('equals a plain loop on seeded random arrays (lengths around the 4-value steps and 4096-value blocks, NaN runs)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(500 + seed);
      const n = [0, 1, 3, 4, 5, 4095, 4096, 4097, 9000][seed % 9]! + Math.floor(rand() * 3);
      const data = new Float32Array(n);
      const nanShare = [0, 0.001, 0.5, 1][seed % 4]!;
      for (let i = 0; i < n; i++) data[i] = rand() < nanShare ? NaN : (rand() - 0.5) * 100;
      expect(validRange(data), `seed ${seed}`).toEqual(naive(data));
    }
  });
});
