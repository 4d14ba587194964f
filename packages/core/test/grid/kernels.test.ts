import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attenuatedLevels,
  componentStats,
  floodFill,
  floodProbability,
  floodStats,
  highConfidence,
  labelComponents,
  levelCurve,
  lowLyingAreas,
  normalCdf,
  rasterizeBarriers,
  spillLevels,
  type BarrierLine,
  type SeaSource,
} from '../../src/index.js';
import { referenceAttenuatedLevels, referenceRasterizeBarriers } from '../../src/grid/reference.js';
import { missing, sharedFile } from '../../../../test-support/shared-data.js';
import { grid, maskToString, randomDem, rng, rows } from './helpers.js';
import { expectMatchesNaive } from './curve-reference.js';

const B = 9;

describe('rasterizeBarriers', () => {
  it('matches testing every move of every cell against every segment (random lines)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(seed);
      const w = 1 + Math.floor(rand() * 14), h = 1 + Math.floor(rand() * 14);
      const lines: BarrierLine[] = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
        // Mix of exact grid points (corners, centres) and arbitrary points, some outside.
        points: Array.from({ length: 2 * (2 + Math.floor(rand() * 3)) }, (_, k) => {
          const span = k % 2 === 0 ? w : h;
          const v = rand() * (span + 2) - 1;
          return rand() < 0.5 ? Math.round(v * 2) / 2 : v;
        }),
        crest: Math.round(rand() * 100) / 10,
      }));
      let b;
      try {
        b = rasterizeBarriers(lines, w, h);
      } catch {
        continue; // all lines outside the grid
      }
      const dense = new Float32Array(w * h * 8).fill(-Infinity);
      for (let k = 0; k < b.cells.length; k++) for (let d = 0; d < 8; d++) dense[b.cells[k]! * 8 + d] = b.crest[k * 8 + d]!;
      expect(Array.from(dense), `seed ${seed}`).toEqual(Array.from(referenceRasterizeBarriers(lines, w, h)));
    }
  });

  it('blocks both diagonals around a corner the line passes through, and is symmetric', () => {
    // A line through the corner (2,2) only: it touches no cell edge's interior.
    const b = rasterizeBarriers([{ points: [1.5, 2.5, 2.5, 1.5], crest: 3 }], 4, 4);
    const crestOf = (i: number, d: number) => {
      const k = Array.from(b.cells).indexOf(i);
      return k < 0 ? -Infinity : b.crest[k * 8 + d]!;
    };
    // Cell (1,1) → (2,2) is SE (d = 1); (2,1) → (1,2) is SW (d = 3). Both are blocked, both ways.
    expect(crestOf(1 * 4 + 1, 1)).toBe(3);
    expect(crestOf(2 * 4 + 2, 5)).toBe(3);
    expect(crestOf(1 * 4 + 2, 3)).toBe(3);
    expect(crestOf(2 * 4 + 1, 7)).toBe(3);
  });

  it('rejects a line outside the grid and a non-finite crest with one-line messages', () => {
    expect(() => rasterizeBarriers([{ points: [10, 10, 12, 12], crest: 1 }], 4, 4)).toThrow(/outside the 4×4 grid/);
    expect(() => rasterizeBarriers([{ points: [0, 0, 2, 2], crest: NaN }], 4, 4)).toThrow(/crest/);
    expect(() => rasterizeBarriers([{ points: [0, 0], crest: 1 }], 4, 4)).toThrow(/two points/);
  });
});

describe('barriers in spill levels', () => {
  it('a diagonal wall sets W behind it to its crest, and W < L ⟺ floodFill(L) around the crest', () => {
    const dem = grid(6, 6, new Array(36).fill(0));
    const barriers = rasterizeBarriers([{ points: [0, 0, 6, 6], crest: 2.5 }], 6, 6);
    const sea: SeaSource = { kind: 'seeds', cells: [5] };
    const { level: W } = spillLevels(dem, { sea, barriers });
    for (let r = 0; r < 6; r++) for (let c = 0; c < r; c++) expect(W[r * 6 + c]).toBe(2.5);
    for (const L of [2.4, 2.5, 2.5000001, 3]) {
      const f = floodFill(dem, L, { sea, barriers });
      for (let i = 0; i < 36; i++) expect(f[i], `L ${L} cell ${i}`).toBe(W[i]! < L ? 1 : 0);
    }
  });
});

describe('attenuatedLevels', () => {
  it('loses a·length per step (hand-computed row)', () => {
    // dx = 10 m, a = 0.05 m/m: each orthogonal step costs 0.5 m. Source: left border cell at level 2.
    const dem = rows([0, 0.5, 0.8, 0.2, 1.5]);
    const H = attenuatedLevels(dem, { sea: { kind: 'seeds', cells: [0] }, level: 2, attenuation: 0.05, cellSize: 10 });
    expect(Array.from(H)).toEqual([2, 1.5, 1, 0.5, NaN]);
    // The cell at 0.8 is wet at 1.0; the next one at 0.2 gets 0.5 > 0.2; the last (1.5) stays dry.
  });

  it('with zero attenuation and one level it is the flood fill', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(1000 + seed);
      const w = 1 + Math.floor(rand() * 20), h = 1 + Math.floor(rand() * 20);
      const dem = randomDem(rand, w, h, rand() * 0.2, rand() < 0.5);
      const L = rand() * 8;
      const conn = rand() < 0.5 ? 4 : 8;
      const nodataIsSea = rand() < 0.5;
      const H = attenuatedLevels(dem, { level: L, attenuation: 0, cellSize: 5, connectivity: conn, nodataIsSea });
      const f = floodFill(dem, L, { connectivity: conn, nodataIsSea });
      for (let i = 0; i < w * h; i++) expect(Number.isNaN(H[i]!) ? 0 : 1, `seed ${seed} cell ${i}`).toBe(f[i]);
    }
  });

  it('equals brute-force relaxation (grids of attenuation and level, barriers, nodata)', () => {
    for (let seed = 1; seed <= 80; seed++) {
      const rand = rng(2000 + seed);
      const w = 1 + Math.floor(rand() * 16), h = 1 + Math.floor(rand() * 16);
      const dem = randomDem(rand, w, h, rand() * 0.2, false);
      const n = w * h;
      const level = rand() < 0.5 ? 3 + rand() * 5 : Float32Array.from({ length: n }, () => 3 + rand() * 5);
      const attenuation = rand() < 0.5 ? rand() * 0.02 : Float32Array.from({ length: n }, () => rand() * 0.02);
      const opts = {
        level,
        attenuation,
        dx: 5 + rand() * 10,
        dy: 5 + rand() * 10,
        connectivity: (rand() < 0.5 ? 4 : 8) as 4 | 8,
        nodataIsSea: rand() < 0.4,
        barriers: rand() < 0.4 ? rasterizeBarriers([{ points: [0, rand() * h, w, rand() * h], crest: 3 + rand() * 5 }], w, h) : undefined,
      };
      const got = attenuatedLevels(dem, opts);
      const want = referenceAttenuatedLevels(dem, opts);
      expect(Array.from(got), `seed ${seed}`).toEqual(Array.from(want));
    }
  });

  it('rejects negative attenuation, a level grid of another size and a bad cell size', () => {
    const dem = rows([0, 1], [2, 3]);
    expect(() => attenuatedLevels(dem, { level: 1, attenuation: -0.1, cellSize: 5 })).toThrow(/attenuation must be/);
    expect(() => attenuatedLevels(dem, { level: new Float32Array(3), attenuation: 0, cellSize: 5 })).toThrow(/level grid has 3 cells/);
    expect(() => attenuatedLevels(dem, { level: 1, attenuation: 0, cellSize: 0 })).toThrow(/cellSize/);
  });
});

function expectCurveMatchesNaive(W: Float32Array, z: Float32Array, areas: Float64Array, w: number, levels: ArrayLike<number>, what: string): void {
  expectMatchesNaive(levelCurve(W, z, areas, w, levels), W, z, areas, w, levels, what);
}

describe('levelCurve', () => {
  // The seeded suite against the per-level definition (random W and z, NaN, ±Infinity, W on levels;
  // levels unsorted, repeated, uneven, clustered, single) is in curve.test.ts, through both kernels.

  it('returns an empty table for no levels, and handles one column and one row', () => {
    const W = Float32Array.from([0.5, 1.5, NaN, -1]);
    const z = Float32Array.from([0, 1, 2, -2]);
    expect(levelCurve(W, z, new Float64Array(4).fill(2), 1, [])).toEqual([]);
    expectCurveMatchesNaive(W, z, new Float64Array([1, 2, 3, 4]), 1, [1.5, 0, 2, -1, 0.5], 'one column');
    expectCurveMatchesNaive(W, z, new Float64Array([3]), 4, [1.5, 0, 2, -1, 0.5], 'one row');
    const p = levelCurve(W, z, new Float64Array([3]), 4, [1.5]);
    // W < 1.5: cells 0 (z 0) and 3 (z −2); W = 1.5 does not flood at 1.5.
    expect(p).toEqual([{ level: 1.5, floodedCells: 2, floodedArea_m2: 6, volume_m3: 1.5 * 6 - (0 - 2) * 3, maxDepth: 3.5 }]);
  });

  it('equals floodStats of a flood fill at every level (random grids)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(3000 + seed);
      const w = 1 + Math.floor(rand() * 30), h = 1 + Math.floor(rand() * 30);
      const dem = randomDem(rand, w, h, rand() * 0.2, rand() < 0.5);
      const areas = Float64Array.from({ length: h }, () => 10 + rand() * 20);
      const { level: W } = spillLevels(dem);
      // Random levels (ties included) on odd seeds, evenly spaced ones (the arithmetic path) on even.
      const levels = seed % 2 === 1 ? Array.from({ length: 25 }, () => Math.round(rand() * 100) / 10) : Array.from({ length: 60 }, (_, k) => -0.5 + k * 0.15);
      const curve = levelCurve(W, dem.data, areas, w, levels);
      levels.forEach((L, k) => {
        const s = floodStats(dem, floodFill(dem, L), L, areas);
        const p = curve[k]!;
        expect(p.level).toBe(L);
        expect(p.floodedCells).toBe(s.floodedCells);
        expect(p.floodedArea_m2).toBeCloseTo(s.floodedArea_m2, 6);
        expect(p.volume_m3).toBeCloseTo(s.volume_m3, 6);
        expect(p.maxDepth).toBeCloseTo(s.maxDepth, 12);
      });
    }
  });
  it('equals floodStats on long runs of W that start and end exactly at a level (ramps, flats, nodata)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(3100 + seed);
      const w = 50 + Math.floor(rand() * 150), h = 2 + Math.floor(rand() * 6);
      // Ramps in quarter metres (exact in float32) with flats, pits and nodata runs, so a row holds long
      // runs of one bucket whose ends fall exactly on levels.
      const d = new Float32Array(w * h);
      for (let i = 0; i < w * h; i++) {
        const c = i % w;
        d[i] = Math.floor((c * (0.5 + rand() * 0.1)) / (1 + (seed % 3))) * 0.25 - (rand() < 0.05 ? 1 : 0);
        if (rand() < 0.02) for (let k = 0; k < 6 && i + k < w * h; k++) d[i + k] = NaN;
      }
      const dem = grid(w, h, d);
      const areas = Float64Array.from({ length: h }, () => 5 + rand() * 20);
      const { level: W } = spillLevels(dem);
      const levels =
        seed % 2 === 1
          ? Array.from({ length: 30 }, () => Math.floor(rand() * 40) * 0.25 - 1) // on the quarter grid, ties, unsorted
          : Array.from({ length: 40 }, (_, k) => -1 + k * 0.25); // evenly spaced, every one a W value
      const curve = levelCurve(W, dem.data, areas, w, levels);
      levels.forEach((L, k) => {
        const s = floodStats(dem, floodFill(dem, L), L, areas);
        const p = curve[k]!;
        expect(p.floodedCells, `seed ${seed} level ${L}`).toBe(s.floodedCells);
        expect(p.floodedArea_m2).toBeCloseTo(s.floodedArea_m2, 6);
        expect(p.volume_m3).toBeCloseTo(s.volume_m3, 6);
        expect(p.maxDepth).toBeCloseTo(s.maxDepth, 12);
      });
    }
  });
});

describe('labels, component statistics and low-lying areas', () => {
  it('labels match a naive flood per component, in row-major order of first cells', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(4000 + seed);
      const w = 1 + Math.floor(rand() * 25), h = 1 + Math.floor(rand() * 25);
      const mask = Uint8Array.from({ length: w * h }, () => (rand() < 0.45 ? 1 : 0));
      for (const conn of [4, 8] as const) {
        const { labels, count } = labelComponents(mask, w, h, conn);
        // Naive: repeatedly take the min label over neighbours until stable.
        const lab = Array.from(mask, (m, i) => (m ? i + 1 : 0));
        let changed = true;
        while (changed) {
          changed = false;
          for (let i = 0; i < w * h; i++) {
            if (!lab[i]) continue;
            const r = Math.floor(i / w), c = i % w;
            for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
              if ((dr === 0 && dc === 0) || (conn === 4 && dr !== 0 && dc !== 0)) continue;
              const rr = r + dr, cc = c + dc;
              if (rr < 0 || rr >= h || cc < 0 || cc >= w) continue;
              const j = rr * w + cc;
              if (lab[j] && lab[j]! < lab[i]!) { lab[i] = lab[j]!; changed = true; }
            }
          }
        }
        const ids = [...new Set(lab.filter((v) => v > 0))].sort((a, b) => a - b);
        expect(count).toBe(ids.length);
        const renum = new Map(ids.map((v, k) => [v, k + 1]));
        expect(Array.from(labels)).toEqual(lab.map((v) => (v ? renum.get(v)! : 0)));
      }
    }
  });

  it('component statistics add up to the flood statistics', () => {
    const dem = rows(
      [0, 0.5, B, 0.2, 0.1],
      [B, B, B, B, 0.3],
      [0.4, B, 1, B, B],
    );
    const f = floodFill(dem, 1, { connectivity: 4 });
    const { labels, count } = labelComponents(f, 5, 3, 4);
    expect(count).toBe(3);
    const areas = Float64Array.from([100, 100, 50]);
    const cs = componentStats(labels, count, dem, 1, areas);
    expect(cs.map((c) => c.cells)).toEqual([2, 3, 1]);
    expect(cs[1]!.bbox).toEqual({ minCol: 3, minRow: 0, maxCol: 4, maxRow: 1 });
    expect(cs[2]!.area_m2).toBe(50);
    expect(cs[2]!.maxDepth_m).toBeCloseTo(0.6, 6);
    const total = floodStats(dem, f, 1, areas);
    expect(cs.reduce((s, c) => s + c.volume_m3, 0)).toBeCloseTo(total.volume_m3, 9);
    expect(cs.reduce((s, c) => s + c.area_m2, 0)).toBe(total.floodedArea_m2);
  });

  it('low-lying areas: below the level, not connected to the sea, kept by area in m²', () => {
    const dem = rows(
      [0, B, B, B, B, B],
      [B, B, 0, B, 0, 0],
      [B, B, B, B, 0, 0],
      [B, B, B, B, B, B],
    );
    const f = floodFill(dem, 1, { sea: { kind: 'seeds', cells: [0] } });
    const areas = new Float64Array(4).fill(25);
    const all = lowLyingAreas(dem, f, 1, areas, 0);
    expect(all.count).toBe(2);
    expect(all.areas.map((a) => a.area_m2)).toEqual([25, 100]);
    const big = lowLyingAreas(dem, f, 1, areas, 50);
    expect(big.count).toBe(1);
    expect(maskToString(Uint8Array.from(big.labels), 6)).toBe('000000\n000011\n000011\n000000');
  });
});

describe('confidence', () => {
  it('Φ matches tabulated values and P(flood) = Φ((L − W)/σ)', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normalCdf(0.8416212)).toBeCloseTo(0.8, 6);
    const W = Float32Array.from([1, 2, NaN, 0.5]);
    const P = floodProbability(W, 1.5, 0.5);
    expect(P[0]).toBeCloseTo(normalCdf(1), 6);
    expect(P[1]).toBeCloseTo(normalCdf(-1), 6);
    expect(Number.isNaN(P[2]!)).toBe(true);
    expect(Array.from(highConfidence(P))).toEqual([1, 0, 0, 1]);
    expect(() => floodProbability(W, 1, 0)).toThrow(/sigma must be/);
    expect(() => floodProbability(W, 1, -1)).toThrow(/sigma must be/);
  });
});

describe('invariants on random grids', () => {
  it('monotone in level; every flooded cell joins a given source through flooded cells', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(5000 + seed);
      const w = 2 + Math.floor(rand() * 30), h = 2 + Math.floor(rand() * 30);
      const dem = randomDem(rand, w, h, 0, rand() < 0.5);
      const conn = rand() < 0.5 ? 4 : 8;
      const seeds = [Math.floor(rand() * w * h)];
      let prev: Uint8Array | null = null;
      for (const L of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const f = floodFill(dem, L, { connectivity: conn, sea: { kind: 'seeds', cells: seeds } });
        if (prev) for (let i = 0; i < f.length; i++) if (prev[i]) expect(f[i]).toBe(1);
        prev = f;
        const { labels, count } = labelComponents(f, w, h, conn);
        // One component at most, and it contains the seed; every flooded cell is below the level.
        expect(count).toBeLessThanOrEqual(1);
        if (count === 1) expect(labels[seeds[0]!]).toBe(1);
        for (let i = 0; i < f.length; i++) if (f[i]) expect(dem.data[i]!).toBeLessThan(L);
      }
    }
  });
});

describe('bad input', () => {
  const dem = rows([0, 1], [2, 3]);
  it('throws InputError with one line naming the input', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => floodFill(dem, NaN), /level must be a finite number/],
      [() => floodFill(dem, 'abc' as unknown as number), /level must be a finite number/],
      [() => floodFill(dem, 1, { sea: { kind: 'mask', mask: new Uint8Array(3) } }), /sea mask must be a Uint8Array of 2×2/],
      [() => floodFill(dem, 1, { sea: { kind: 'seeds', cells: [4] } }), /sea seed 0 is 4, outside the 2×2 grid/],
      [() => floodFill(dem, 1, { connectivity: 6 as 4 }), /connectivity must be 4 or 8/],
      [() => floodFill(dem, 1, { barriers: rasterizeBarriers([{ points: [0, 0, 1, 1], crest: 1 }], 3, 3) }), /barriers were rasterized for a 3×3 grid/],
      [() => spillLevels(dem, { maxLevel: NaN }), /maxLevel/],
      [() => floodStats(dem, new Uint8Array(4), 1, new Float64Array(1)), /cellAreas must be a Float64Array/],
      [() => levelCurve(new Float32Array(4), dem.data, new Float64Array(2), 2, [NaN]), /levels\[0\]/],
    ];
    for (const [f, re] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, String(re)).toBeInstanceOf(Error);
      expect((err as Error).name).toBe('InputError');
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

const TOKYO = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
const sagaMissing = spawnSync('sh', ['-c', 'command -v saga_cmd'], { stdio: 'ignore' }).status === 0 ? undefined : 'skipped: saga_cmd is not installed (apt-get install saga)';

describe('real data: Tokyo 50 m', () => {
  it.skipIf(missing(TOKYO) ?? sagaMissing)('W from the border equals SAGA Fill Sinks (Wang & Liu, MINSLOPE 0)', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const dem = await readRasterFile(sharedFile(TOKYO));
    const dir = mkdtempSync(join(tmpdir(), 'fz-saga-'));
    try {
      const r = spawnSync('saga_cmd', ['-c=1', 'ta_preprocessor', '4', '-ELEV', sharedFile(TOKYO), '-FILLED', join(dir, 'filled.sdat'), '-MINSLOPE', '0'], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const hdr = readFileSync(join(dir, 'filled.sgrd'), 'utf8');
      const w = Number(/CELLCOUNT_X\s*=\s*(\d+)/.exec(hdr)![1]), h = Number(/CELLCOUNT_Y\s*=\s*(\d+)/.exec(hdr)![1]);
      const bottomUp = /TOPTOBOTTOM\s*=\s*FALSE/.test(hdr);
      expect([w, h]).toEqual([dem.width, dem.height]);
      const buf = readFileSync(join(dir, 'filled.sdat'));
      const raw = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + w * h * 4));
      const { level: W } = spillLevels(dem);
      let compared = 0, raised = 0;
      for (let r = 0; r < h; r++) {
        const sr = bottomUp ? h - 1 - r : r;
        for (let c = 0; c < w; c++) {
          const s = raw[sr * w + c]!;
          const ours = W[r * w + c]!;
          if (Number.isNaN(ours) || s === -99999) continue;
          if (ours !== s) expect(ours, `cell ${c},${r}`).toBe(s); // numeric equality: SAGA writes −0 where we have +0
          compared++;
          if (ours > dem.data[r * w + c]!) raised++;
        }
      }
      expect(compared).toBeGreaterThan(0.9 * w * h);
      expect(raised).toBeGreaterThan(0); // the DEM has depressions, so the comparison means something
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(missing(TOKYO))('levelCurve equals the per-level definition at 100 levels (even, then uneven and shuffled)', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const dem = await readRasterFile(sharedFile(TOKYO));
    const { level: W } = spillLevels(dem);
    const areas = new Float64Array(dem.height).fill(2500);
    const even = Array.from({ length: 100 }, (_, k) => -2 + k * 0.1);
    expectCurveMatchesNaive(W, dem.data, areas, dem.width, even, 'Tokyo 50 m, −2 … 7.9 m');
    const rand = rng(99);
    const uneven = even.map((L) => L + rand() * 0.3).sort(() => rand() - 0.5);
    expectCurveMatchesNaive(W, dem.data, areas, dem.width, uneven, 'Tokyo 50 m, uneven');
  });

  it.skipIf(missing(TOKYO))('W < L ⟺ floodFill(L) at 20 levels on the real DEM', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const dem = await readRasterFile(sharedFile(TOKYO));
    const { level: W } = spillLevels(dem);
    for (let k = 0; k < 20; k++) {
      const L = -3 + k * 0.5;
      const f = floodFill(dem, L);
      let bad = 0;
      for (let i = 0; i < f.length; i++) if (f[i] !== (W[i]! < L ? 1 : 0)) bad++;
      expect(bad, `level ${L}`).toBe(0);
    }
  });
});

describe('abort and progress', () => {
  it('an aborted signal stops every long kernel with its reason', () => {
    const dem = randomDem(rng(7), 50, 50, 0, false);
    const ac = new AbortController();
    ac.abort(new Error('stop here'));
    const signal = ac.signal;
    expect(() => floodFill(dem, 5, { signal })).toThrow('stop here');
    expect(() => spillLevels(dem, { signal })).toThrow('stop here');
    expect(() => attenuatedLevels(dem, { level: 5, attenuation: 0, cellSize: 1, signal })).toThrow('stop here');
  });

  it('a signal aborted during the work stops it at the next check (about every 2^20 cells)', () => {
    const w = 1500, h = 1500;
    const dem = grid(w, h, new Float32Array(w * h)); // flat 0: everything floods at L = 1
    const ac = new AbortController();
    let calls = 0;
    const onProgress = (done: number, total: number, phase: string) => {
      calls++;
      expect(total).toBe(w * h);
      expect(done).toBeGreaterThan(0);
      expect(['flood', 'spill']).toContain(phase);
      ac.abort(new Error('midway'));
    };
    expect(() => floodFill(dem, 1, { signal: ac.signal, onProgress })).toThrow('midway');
    const ac2 = new AbortController();
    expect(() => spillLevels(dem, { signal: ac2.signal, onProgress: () => ac2.abort(new Error('midway 2')) })).toThrow('midway 2');
    expect(calls).toBe(1);
  });
});

const GUAM = 'guam/derived_GUAM_lisflood_UTM_5m_dem.tif';

describe('real data: Guam 5 m (sea as nodata)', () => {
  it.skipIf(missing(GUAM))('nodata as sea: W < L ⟺ floodFill(L), nodata never flooded, a superset of the flood with nodata blocking', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const dem = await readRasterFile(sharedFile(GUAM));
    const z = dem.data;
    let nodata = 0;
    for (let i = 0; i < z.length; i++) if (Number.isNaN(z[i]!)) nodata++;
    expect(nodata).toBeGreaterThan(0.3 * z.length); // the sea is nodata in this file
    const { level: W } = spillLevels(dem, { nodataIsSea: true });
    for (const L of [0, 0.5, 1, 1.5, 2, 3, 5]) {
      const sea = floodFill(dem, L, { nodataIsSea: true });
      const blocked = floodFill(dem, L, { nodataIsSea: false });
      let bad = 0, nSea = 0, nBlocked = 0;
      for (let i = 0; i < z.length; i++) {
        if (sea[i] !== (W[i]! < L ? 1 : 0)) bad++;
        if (Number.isNaN(z[i]!) && sea[i]) bad++;
        if (blocked[i] && !sea[i]) bad++; // border sources are sources in both modes
        nSea += sea[i]!;
        nBlocked += blocked[i]!;
      }
      expect(bad, `level ${L}`).toBe(0);
      expect(nSea).toBeGreaterThanOrEqual(nBlocked);
      if (L >= 1) expect(nSea).toBeGreaterThan(0);
    }
  });
});
