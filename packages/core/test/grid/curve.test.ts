import { describe, expect, it, vi } from 'vitest';
import { levelCurve, spillLevels } from '../../src/index.js';
import { levelCurveVia, type LevelCurvePoint } from '../../src/grid/curve.js';
import { ceil32, curveKernelAvailable } from '../../src/grid/curve-wasm.js';
import { missing, sharedFile } from '../../../../test-support/shared-data.js';
import { expectMatchesNaive } from './curve-reference.js';
import { randomDem, rng } from './helpers.js';

// levelCurve has two kernels: WebAssembly SIMD (curve-kernel.wat, used where the engine allows it) and
// JavaScript (the fallback, and the reference for the other). Every case here runs through both.

const KERNELS = ['js', 'wasm'] as const;

/** The largest float32 below the float32 c. */
function nextDown32(c: number): number {
  if (c === 0) return -(2 ** -149);
  if (c === Infinity) return 3.4028234663852886e38;
  const f = new Float32Array([c]);
  const bits = new Uint32Array(f.buffer);
  bits[0] = c > 0 ? bits[0]! - 1 : bits[0]! + 1;
  return f[0]!;
}

/**
 * Whether the wasm kernel may decline these levels: its slot table (at most 2^16 slots over the levels'
 * float32 range) must put two different levels in different slots, which it can when they are 2 slots
 * apart, i.e. it may decline only when some gap is below 2·(max − min)/2^16 (with slack for rounding).
 */
function mayDecline(levels: ArrayLike<number>): boolean {
  const c = Array.from(levels, ceil32).sort((a, b) => a - b);
  const range = c[c.length - 1]! - c[0]!;
  if (!Number.isFinite(range)) return true;
  for (let k = 1; k < c.length; k++) if (c[k]! > c[k - 1]! && c[k]! - c[k - 1]! < (4 * range) / 65536) return true;
  return false;
}

/** Both kernels against the definition; the wasm one may decline only as `mayDecline` says. */
function checkBoth(W: Float32Array, z: Float32Array, areas: Float64Array, w: number, levels: ArrayLike<number>, what: string): number {
  let declined = 0;
  for (const kernel of KERNELS) {
    const got = levelCurveVia(kernel, W, z, areas, w, levels);
    if (got === null) {
      expect(kernel === 'wasm' && mayDecline(levels), `${kernel} declined ${what}`).toBe(true);
      declined++;
    } else expectMatchesNaive(got, W, z, areas, w, levels, `${kernel}, ${what}`);
  }
  return declined;
}

function run(kernel: 'js' | 'wasm', W: Float32Array, z: Float32Array, areas: Float64Array, w: number, levels: ArrayLike<number>): LevelCurvePoint[] {
  const got = levelCurveVia(kernel, W, z, areas, w, levels);
  expect(got, `${kernel} kernel declined`).not.toBeNull();
  return got!;
}


/** The seeded grids and level lists of kernels.test.ts's levelCurve suite, widened to 1–300 columns. */
function randomCurveCase(seed: number) {
  const rand = rng(5000 + seed);
  const w = 1 + Math.floor(rand() * (seed % 3 === 0 ? 300 : 40)), h = 1 + Math.floor(rand() * 8);
  const n = w * h;
  const W = new Float32Array(n), z = new Float32Array(n);
  const kind = seed % 4;
  const slope = 0.01 + rand() * 0.4;
  for (let i = 0; i < n; i++) {
    const c = i % w, r = Math.floor(i / w);
    let v: number;
    if (kind === 0) v = -3 + (c + 3 * r) * slope + (rand() < 0.2 ? rand() * 0.3 : 0); // ramps: long runs
    else if (kind === 1) v = Math.floor(rand() * 48) / 4 - 2; // quarter metres: W exactly on the levels
    else if (kind === 2) v = rand() * 20 - 5;
    else v = rand() < 0.15 ? [-Infinity, Infinity, -1e30, 1e30, 0, -0][Math.floor(rand() * 6)]! : rand() * 10 - 2;
    W[i] = v;
    z[i] = Number.isFinite(W[i]!) && Math.abs(W[i]!) < 1e6 && seed % 5 !== 0 ? W[i]! - (rand() < 0.5 ? 0 : rand() * 3) : rand() * 10 - 4;
    if (rand() < 0.08) {
      W[i] = NaN;
      if (rand() < 0.5) z[i] = NaN;
    }
  }
  if (h > 1 && rand() < 0.3) W.fill(NaN, 0, w); // a row with nothing
  const areas = Float64Array.from({ length: h }, () => 5 + rand() * 30);
  const finite = Array.from(W).filter((v) => Number.isFinite(v));
  const pick = () => (finite.length > 0 ? finite[Math.floor(rand() * finite.length)]! : 0);
  const lk = Math.floor(seed / 4) % 8;
  let levels: number[];
  if (lk === 0) {
    const start = -3 + rand() * 4, step = [0.1, 0.25, 0.05 + rand(), 1e-3][Math.floor(rand() * 4)]!;
    levels = Array.from({ length: 1 + Math.floor(rand() * 60) }, (_, k) => start + k * step); // evenly spaced
  } else if (lk === 1) {
    const step = 0.1 + rand() * 0.5;
    levels = Array.from({ length: 2 + Math.floor(rand() * 40) }, (_, k) => -2 + k * step + (rand() - 0.5) * 0.45 * step);
  } else if (lk === 2) levels = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => Math.round((rand() * 16 - 4) * 4) / 4); // unsorted, repeats
  else if (lk === 3) levels = Array.from({ length: 1 + Math.floor(rand() * 25) }, pick); // equal to W values
  else if (lk === 4) {
    const x = pick(); // clustered: the wasm kernel declines these (see below); 'auto' falls back to js
    levels = [x, x + 1e-9, x - 1e-9, x + 2e-9, x + 5, x - 5, ...Array.from({ length: 5 }, () => x + (rand() - 0.5) * 1e-6)];
  } else if (lk === 5) levels = [pick() + (rand() < 0.5 ? 0 : rand() - 0.5)]; // one level
  else if (lk === 6) levels = [-1e6, 1e6, -0.5, 3, 3, 12]; // below and above every finite W
  else levels = Array.from({ length: 1 + Math.floor(rand() * 50) }, () => Math.exp(rand() * 6) - 20); // uneven spacing
  return { W, z, areas, w, h, levels, lk, what: `seed ${seed} (${w}×${h}, W kind ${kind}, levels kind ${lk})` };
}

describe('levelCurve kernels', () => {
  it('the WebAssembly kernel is available on this Node (SIMD)', () => {
    expect(curveKernelAvailable()).toBe(true);
  });

  it('both equal the per-level definition on random W and z grids (NaN, ±Infinity, W on levels; levels unsorted, repeated, uneven, single)', () => {
    let declined = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const c = randomCurveCase(seed);
      const d = checkBoth(c.W, c.z, c.areas, c.w, c.levels, c.what);
      // Evenly spaced, quarter-metre and single levels always run in wasm; clustered levels, levels taken
      // from W (±1e30 among them), ±1e6 next to 0.5 m gaps and random uneven gaps may go to js.
      if ([0, 1, 2, 5].includes(c.lk)) expect(d, `declined ${c.what}`).toBe(0);
      declined += d;
      expectMatchesNaive(levelCurve(c.W, c.z, c.areas, c.w, c.levels), c.W, c.z, c.areas, c.w, c.levels, `auto, ${c.what}`);
    }
    expect(declined).toBeGreaterThan(0); // the fallback was reached
  });

  it('both equal the definition with one cell area for every row (totals taken once, not per row)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const c = randomCurveCase(seed);
      const areas = new Float64Array(c.h).fill(c.areas[0]!);
      checkBoth(c.W, c.z, areas, c.w, c.levels, `${c.what}, one area`);
    }
    // Rows wider than the wasm kernel's 16,384-cell buffer, which go in pieces.
    const rand = rng(77);
    const w = 40_000, h = 3;
    const W = Float32Array.from({ length: w * h }, () => rand() * 6 - 1);
    const z = W.map((v) => v - rand());
    checkBoth(W, z, new Float64Array(h).fill(25), w, [0, 0.5, 1, 2.5, 4], 'wide rows, one area');
  });

  it('both give the same counts and max depths, and areas and volumes to rounding (spill-level grids)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = rng(7100 + seed);
      const w = 1 + Math.floor(rand() * 70), h = 1 + Math.floor(rand() * 30);
      const dem = randomDem(rand, w, h, rand() * 0.2, rand() < 0.5);
      const { level: W } = spillLevels(dem);
      const areas = Float64Array.from({ length: h }, () => 10 + rand() * 20);
      const levels = seed % 2 ? Array.from({ length: 100 }, (_, k) => -0.5 + k * 0.1) : Array.from({ length: 40 }, () => Math.round(rand() * 100) / 10);
      const js = run('js', W, dem.data, areas, w, levels);
      const wasm = run('wasm', W, dem.data, areas, w, levels);
      for (let k = 0; k < levels.length; k++) {
        expect(wasm[k]!.floodedCells, `seed ${seed} level ${levels[k]}`).toBe(js[k]!.floodedCells);
        expect(wasm[k]!.maxDepth).toBe(js[k]!.maxDepth);
        expect(wasm[k]!.floodedArea_m2).toBeCloseTo(js[k]!.floodedArea_m2, 6);
        expect(wasm[k]!.volume_m3).toBeCloseTo(js[k]!.volume_m3, 6);
      }
    }
  });

  it('rows wider than the 16384-cell buffer go through in pieces', () => {
    const rand = rng(42);
    for (const w of [16384, 16385, 16387, 40001]) {
      const h = 2;
      const W = new Float32Array(w * h), z = new Float32Array(w * h);
      for (let i = 0; i < W.length; i++) {
        W[i] = rand() < 0.05 ? NaN : -3 + 10 * Math.sin(i / 500) + rand() * 0.2;
        z[i] = W[i]! - rand();
      }
      const areas = Float64Array.from([3, 7]);
      const levels = Array.from({ length: 30 }, (_, k) => -2 + k * 0.3);
      for (const kernel of KERNELS) expectMatchesNaive(run(kernel, W, z, areas, w, levels), W, z, areas, w, levels, `${kernel}, width ${w}`);
    }
  });

  it('levels between float32 values, beyond the float32 range, subnormal, ±0 and many', () => {
    const W = Float32Array.from([0, -0, 1e-45, -1e-45, 3e38, -3e38, Infinity, -Infinity, NaN, 1, Math.fround(0.1), 0.1, 2, 2.5, -1, 7]);
    const z = Float32Array.from(W, (v, i) => (Number.isFinite(v) ? v - i * 0.01 : i));
    const areas = Float64Array.from([2, 3, 5, 7]);
    const lists = [
      [0, -0, 0.1, 0.1 + 1e-12, Math.fround(0.1), 1e-46, 1e-45, 2e-45, -1e-45],
      [0.1 + 1e-12, Math.fround(0.1), 0.1, 2, -1, 0.05, 7],
      [-50, -0.5, 3, 3, 12, 80, 3], // beyond the data, repeated
      [1e300, -1e300, 3.5e38, -3.5e38, 3.4028234663852886e38, 3e38],
      Array.from({ length: 5000 }, (_, k) => -10 + k * 0.004), // many levels (a big slot table)
    ];
    for (const levels of lists) checkBoth(W, z, areas, 4, levels, `${levels.slice(0, 3).join(', ')}…`);
    // Beyond float32 but far apart: the wasm kernel takes them.
    const wide = [1e300, -1e300, 3e38, -3e38, 0];
    expect(mayDecline(wide)).toBe(true);
    expectMatchesNaive(run('wasm', W, z, areas, 4, [3e38, -3e38, 0]), W, z, areas, 4, [3e38, -3e38, 0], 'wasm, ±3e38');
    for (const x of [0.1, -0.1, 1e-46, -1e-46, 3.5e38, -3.5e38, 3.4028235e38, 1 / 3, 7, 0, -0]) {
      const c = ceil32(x);
      expect(Math.fround(c) === c && c >= x, `ceil32(${x}) = ${c}`).toBe(true);
      expect(nextDown32(c) < x, `ceil32(${x}) = ${c}: the float32 below it is not below ${x}`).toBe(true);
    }
  });

  it('no levels, one cell, one column, and all of W at or above every level', () => {
    const W = Float32Array.from([0.5, 1.5, NaN, -1]);
    const z = Float32Array.from([0, 1, 2, -2]);
    for (const kernel of KERNELS) {
      expect(levelCurveVia(kernel, W, z, new Float64Array(4).fill(2), 1, [])).toEqual([]);
      expectMatchesNaive(run(kernel, W, z, Float64Array.from([1, 2, 3, 4]), 1, [1.5, 0, 2, -1, 0.5]), W, z, Float64Array.from([1, 2, 3, 4]), 1, [1.5, 0, 2, -1, 0.5], `${kernel}, one column`);
      expectMatchesNaive(run(kernel, W.subarray(0, 1), z.subarray(0, 1), Float64Array.from([9]), 1, [0.5, 1]), W.subarray(0, 1), z.subarray(0, 1), Float64Array.from([9]), 1, [0.5, 1], `${kernel}, one cell`);
      const p = run(kernel, W, z, Float64Array.from([3]), 4, [-5, -1]);
      expect(p.map((q) => q.floodedCells)).toEqual([0, 0]);
      expect(p.map((q) => q.volume_m3)).toEqual([0, 0]);
      expect(p.map((q) => q.maxDepth)).toEqual([0, 0]);
    }
  });

  it('falls back to the JavaScript kernel where WebAssembly is unavailable (e.g. a CSP without wasm-unsafe-eval)', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('../../src/grid/curve.js');
      const wasmModule = await import('../../src/grid/curve-wasm.js');
      expect(wasmModule.curveKernelAvailable()).toBe(false);
      const c = randomCurveCase(8);
      expect(fresh.levelCurveVia('wasm', c.W, c.z, c.areas, c.w, c.levels)).toBeNull();
      expectMatchesNaive(fresh.levelCurve(c.W, c.z, c.areas, c.w, c.levels), c.W, c.z, c.areas, c.w, c.levels, `no WebAssembly, ${c.what}`);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it.skipIf(missing('tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif'))('both equal the per-level definition on the real DEM at 100 levels (even, then uneven and shuffled)', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const dem = await readRasterFile(sharedFile('tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif'));
    const { level: W } = spillLevels(dem);
    const areas = Float64Array.from({ length: dem.height }, (_, r) => 2500 + r * 0.01);
    const even = Array.from({ length: 100 }, (_, k) => -2 + k * 0.1);
    const rand = rng(99);
    const uneven = even.map((L) => L + rand() * 0.3).sort(() => rand() - 0.5);
    for (const levels of [even, uneven]) {
      for (const kernel of KERNELS) expectMatchesNaive(run(kernel, W, dem.data, areas, dem.width, levels), W, dem.data, areas, dem.width, levels, `${kernel}, Tokyo 50 m`);
    }
  });
});
