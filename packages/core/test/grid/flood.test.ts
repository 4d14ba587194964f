import { describe, expect, it } from 'vitest';
import { attenuatedLevels, componentStats, floodDepth, floodFill, floodStats, levelCurve, lowLyingAreas, rasterizeBarriers, spillLevels, type FloodOptions, type SeaSource } from '../../src/index.js';
import { referenceFloodFill, referenceSpillLevels } from '../../src/grid/reference.js';
import { grid, maskToString, randomDem, rng, rows } from './helpers.js';

const B = 9; // high ground

describe('floodFill: tiny grids pinning each rule', () => {
  it('a diagonal gap is crossed with 8-connectivity and not with 4', () => {
    const dem = rows(
      [0, B, B, B],
      [B, 0, B, B],
      [B, B, 0, B],
      [B, B, B, B],
    );
    const seeds: SeaSource = { kind: 'seeds', cells: [0] };
    expect(maskToString(floodFill(dem, 1, { sea: seeds }), 4)).toBe('1000\n0100\n0010\n0000');
    expect(maskToString(floodFill(dem, 1, { sea: seeds, connectivity: 4 }), 4)).toBe('1000\n0000\n0000\n0000');
  });

  it('a cell exactly at the level stays dry (strict z < L)', () => {
    const dem = rows([0, 1, 0.5]);
    expect(Array.from(floodFill(dem, 1))).toEqual([1, 0, 1]);
    expect(Array.from(floodFill(dem, 1, { sea: { kind: 'seeds', cells: [0] } }))).toEqual([1, 0, 0]);
  });

  it('nodata blocks and never floods', () => {
    const dem = rows(
      [0, null, 0],
      [null, null, 0],
      [0, 0, 0],
    );
    // Seeded at the top-left, the nodata wall (8-connected diagonal included) blocks.
    expect(maskToString(floodFill(dem, 1, { sea: { kind: 'seeds', cells: [0] } }), 3)).toBe('100\n000\n000');
  });

  it('nodata as sea conducts, border nodata are sources, an interior nodata patch not joined stays out', () => {
    const dem = rows(
      [null, 0, B, B, B],
      [B, B, B, null, B],
      [B, B, 0, B, B],
      [B, B, B, B, B],
    );
    // The border nodata floods its neighbour (0,1); the interior nodata at (1,3) touches nothing wet.
    const m = floodFill(dem, 1, { nodataIsSea: true });
    expect(maskToString(m, 5)).toBe('01000\n00000\n00000\n00000');
    // Without nodataIsSea the border cell (0,1) is a source in its own right; the nodata corner is not.
    expect(maskToString(floodFill(dem, 1, { nodataIsSea: false }), 5)).toBe('01000\n00000\n00000\n00000');
    expect(floodFill(dem, 1, { nodataIsSea: false, sea: { kind: 'seeds', cells: [0] } }).every((v) => v === 0)).toBe(true);
    expect(maskToString(floodFill(dem, 1, { nodataIsSea: true, sea: { kind: 'seeds', cells: [0] } }), 5)).toBe('01000\n00000\n00000\n00000');
    // Joined by a wet path, the interior patch conducts to the low cell next to it.
    const dem2 = rows(
      [null, 0, B, B],
      [B, B, 0, B],
      [B, B, null, 0],
      [B, B, B, B],
    );
    expect(maskToString(floodFill(dem2, 1, { nodataIsSea: true, sea: { kind: 'seeds', cells: [0] } }), 4)).toBe('0100\n0010\n0001\n0000');
  });

  it('sources are only what the user gives: a mask source floods only if below the level', () => {
    const dem = rows([0, 5, 0], [5, 5, 5], [0, 5, 0]);
    const mask = Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(maskToString(floodFill(dem, 1, { sea: { kind: 'mask', mask } }), 3)).toBe('000\n000\n001');
    expect(maskToString(floodFill(dem, 6, { sea: { kind: 'mask', mask } }), 3)).toBe('111\n111\n111');
  });

  it('a one-cell-wide diagonal wall holds under 8-connectivity and a level above its crest passes', () => {
    // Low ground everywhere; the wall is a line from corner (0,0) to (5,5) in pixel-corner coordinates.
    const dem = grid(5, 5, new Array(25).fill(0));
    const barriers = rasterizeBarriers([{ points: [0, 0, 5, 5], crest: 2 }], 5, 5);
    const seeds: SeaSource = { kind: 'seeds', cells: [4] }; // top-right corner, above the wall
    const below = floodFill(dem, 1.5, { sea: seeds, barriers });
    // Cells strictly below the diagonal (col < row) stay dry.
    for (let r = 0; r < 5; r++) for (let c = 0; c < r; c++) expect(below[r * 5 + c]).toBe(0);
    expect(below[4]).toBe(1);
    expect(floodFill(dem, 2, { sea: seeds, barriers })[20]).toBe(0); // at the crest: still blocked
    expect(floodFill(dem, 2.01, { sea: seeds, barriers }).every((v) => v === 1)).toBe(true);
  });

  it('a wall along a grid line blocks moves across it but not along it', () => {
    const dem = grid(4, 3, new Array(12).fill(0));
    const barriers = rasterizeBarriers([{ points: [2, -1, 2, 4], crest: 5 }], 4, 3);
    const m = floodFill(dem, 1, { sea: { kind: 'seeds', cells: [0] }, barriers });
    expect(maskToString(m, 4)).toBe('1100\n1100\n1100');
    const m4 = floodFill(dem, 1, { sea: { kind: 'seeds', cells: [0] }, barriers, connectivity: 4 });
    expect(maskToString(m4, 4)).toBe('1100\n1100\n1100');
  });
});

describe('floodDepth and floodStats', () => {
  it('depth = L − z on flooded cells, area and volume from per-row cell areas', () => {
    const dem = rows([0, 1, 3], [0.5, 2, 0]);
    const f = floodFill(dem, 1.5, { sea: { kind: 'seeds', cells: [0] }, connectivity: 4 });
    expect(Array.from(f)).toEqual([1, 1, 0, 1, 0, 0]);
    const d = floodDepth(dem, f, 1.5);
    expect(Array.from(d)).toEqual([1.5, 0.5, NaN, 1, NaN, NaN]);
    const s = floodStats(dem, f, 1.5, Float64Array.from([10, 20]));
    expect(s.floodedCells).toBe(3);
    expect(s.floodedArea_m2).toBe(40);
    expect(s.volume_m3).toBeCloseTo(1.5 * 10 + 0.5 * 10 + 1 * 20, 12);
    expect(s.maxDepth).toBe(1.5);
    expect(s.meanDepth).toBeCloseTo(40 / 40, 12);
  });
});

function randomCase(seed: number) {
  const rand = rng(seed);
  const w = 1 + Math.floor(rand() * (rand() < 0.3 ? 6 : 40));
  const h = 1 + Math.floor(rand() * (rand() < 0.3 ? 6 : 40));
  const ties = rand() < 0.5;
  const dem = randomDem(rand, w, h, rand() < 0.4 ? rand() * 0.3 : 0, ties);
  const opts: FloodOptions = { connectivity: rand() < 0.5 ? 4 : 8, nodataIsSea: rand() < 0.4 };
  const kind = rand();
  if (kind < 0.3) {
    const mask = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) mask[i] = rand() < 0.05 ? 1 : 0;
    opts.sea = { kind: 'mask', mask };
  } else if (kind < 0.5) {
    opts.sea = { kind: 'seeds', cells: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Math.floor(rand() * w * h)) };
  }
  if (rand() < 0.4) {
    const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
      points: Array.from({ length: 2 * (2 + Math.floor(rand() * 3)) }, (_, k) => (k % 2 === 0 ? rand() * w : rand() * h)),
      crest: ties ? Math.floor(rand() * 10) : rand() * 9,
    }));
    try {
      opts.barriers = rasterizeBarriers(lines, w, h);
    } catch {
      /* a random line can miss the grid */
    }
  }
  return { dem, opts, rand };
}

describe('floodFill against the naive reference (seeded random grids)', () => {
  it('is bit-for-bit equal on 400 grids of many shapes', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { dem, opts, rand } = randomCase(seed);
      const L = rand() * 9;
      const got = floodFill(dem, L, opts);
      const want = referenceFloodFill(dem, L, opts);
      expect(Array.from(got), `seed ${seed}`).toEqual(Array.from(want));
    }
  });
});

describe('spillLevels', () => {
  it('equals the naive minimax-path relaxation, and W < L ⟺ floodFill(L) at many levels', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { dem, opts } = randomCase(seed);
      const { level: W, sill } = spillLevels(dem, { ...opts, sills: true });
      const ref = referenceSpillLevels(dem, opts);
      expect(Array.from(W), `seed ${seed}`).toEqual(Array.from(ref));
      // The sill s of c stands at W(c): W(s) = W(c), and z(s) = W(c) unless a barrier crest sets it.
      for (let i = 0; i < W.length; i++) {
        const s = sill![i]!;
        if (Number.isNaN(W[i]!)) {
          expect(s).toBe(-1);
          continue;
        }
        if (s < 0) throw new Error(`seed ${seed}: cell ${i} has W ${W[i]} but no sill`);
        // (A crest-set sill may be a conducting nodata cell entered across the barrier: W is NaN there.)
        if (!Number.isNaN(dem.data[s]!)) expect(W[s], `seed ${seed} cell ${i} sill ${s}`).toBe(W[i]);
        if (opts.barriers === undefined) expect(dem.data[s], `seed ${seed} cell ${i} sill ${s}`).toBe(W[i]);
      }
      const probes = [-1, 0, 0.5, 1, 2, 3, 3.5, 4, 5, 6, 7, 7.5, 8, 9, 10];
      for (const v of Array.from(W)) if (!Number.isNaN(v)) probes.push(v, v + 1e-6);
      for (const L of probes.slice(0, 40)) {
        const f = floodFill(dem, L, opts);
        for (let i = 0; i < W.length; i++) {
          if (f[i] !== (W[i]! < L ? 1 : 0)) throw new Error(`seed ${seed} L ${L} cell ${i}: flood ${f[i]} W ${W[i]}`);
        }
      }
    }
  });

  it('gives the same W without sills, and NaN exactly where W ≥ maxLevel (random and wide grids)', () => {
    const check = (dem: ReturnType<typeof randomCase>['dem'], opts: FloodOptions, maxLevel: number | undefined, what: string): void => {
      const ref = referenceSpillLevels(dem, opts);
      const want = Array.from(ref, (v) => (maxLevel === undefined || v < maxLevel ? v : NaN));
      expect(Array.from(spillLevels(dem, { ...opts, maxLevel }).level), what).toEqual(want);
      expect(Array.from(spillLevels(dem, { ...opts, maxLevel, sills: true }).level), what).toEqual(want);
    };
    for (let seed = 1; seed <= 300; seed++) {
      const { dem, opts, rand } = randomCase(seed);
      check(dem, opts, rand() < 0.5 ? undefined : rand() * 9, `seed ${seed}`);
    }
    // Rows of several 32-cell words, so whole words of final cells are skipped in the compaction.
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(7000 + seed);
      const w = 60 + Math.floor(rand() * 140), h = 2 + Math.floor(rand() * 8);
      const dem = randomDem(rand, w, h, rand() < 0.5 ? rand() * 0.1 : 0, rand() < 0.5);
      const opts: FloodOptions = { connectivity: rand() < 0.5 ? 4 : 8, nodataIsSea: rand() < 0.5 };
      check(dem, opts, rand() < 0.5 ? undefined : 2 + rand() * 6, `wide seed ${seed}`);
    }
  });

  it('equals the reference on larger smooth slopes with ripples (long traces that fill the deferred list)', () => {
    // Slope tracing defers cells with a lower unfinished neighbour in a list of 64 entries on grids this
    // small, checked when full: these grids fill it many times in the middle of a trace.
    for (let seed = 1; seed <= 16; seed++) {
      const rand = rng(9100 + seed);
      const w = 60 + Math.floor(rand() * 60), h = 60 + Math.floor(rand() * 60);
      const d = new Float32Array(w * h);
      const tilt = 0.02 + rand() * 0.1, fx = 2 + rand() * 8, fy = 2 + rand() * 8, noise = rand() * 0.3;
      for (let i = 0; i < w * h; i++) {
        const r = Math.floor(i / w), c = i % w;
        d[i] = tilt * (r + c) + Math.sin(c / fx) * Math.cos(r / fy) + noise * rand();
        if (rand() < 0.002) d[i] = NaN;
      }
      const dem = grid(w, h, d);
      const opts: FloodOptions = { connectivity: seed % 2 === 0 ? 4 : 8, nodataIsSea: seed % 3 === 0 };
      if (seed % 4 === 1) opts.barriers = rasterizeBarriers([{ points: [rand() * w, 0, rand() * w, h], crest: 2 + rand() * 6 }], w, h);
      const ref = referenceSpillLevels(dem, opts);
      const { level, sill } = spillLevels(dem, { ...opts, sills: true });
      expect(Array.from(level), `seed ${seed}`).toEqual(Array.from(ref));
      expect(Array.from(spillLevels(dem, opts).level), `seed ${seed}`).toEqual(Array.from(ref));
      for (let i = 0; i < level.length; i++) {
        const s = sill![i]!;
        if (Number.isNaN(level[i]!)) continue;
        if (!Number.isNaN(d[s]!)) expect(level[s], `seed ${seed} cell ${i} sill ${s}`).toBe(level[i]);
      }
    }
  });

  it('fills a pit to its sill and reports the sill cell', () => {
    const dem = rows(
      [5, 5, 5, 5],
      [5, 1, 2, 5],
      [5, 1, 3, 4],
      [5, 5, 5, 5],
    );
    const { level, sill } = spillLevels(dem, { sills: true, connectivity: 4 });
    // The pit spills at the border cell (2,3) with z = 4.
    expect(Array.from(level)).toEqual([5, 5, 5, 5, 5, 4, 4, 5, 5, 4, 4, 4, 5, 5, 5, 5]);
    expect(sill![5]).toBe(11);
    expect(sill![0]).toBe(0);
  });

  it('maxLevel leaves cells at or above it unreached', () => {
    const dem = rows([0, 1, 2, 3]);
    expect(Array.from(spillLevels(dem, { maxLevel: 2, sea: { kind: 'seeds', cells: [0] } }).level)).toEqual([0, 1, NaN, NaN]);
  });

  it('a barrier crest sets W on the far side', () => {
    const dem = grid(4, 1, [0, 0, 0, 0]);
    const barriers = rasterizeBarriers([{ points: [2, -1, 2, 2], crest: 3 }], 4, 1);
    const { level, sill } = spillLevels(dem, { sea: { kind: 'seeds', cells: [0] }, barriers, sills: true });
    expect(Array.from(level)).toEqual([0, 0, 3, 3]);
    expect(Array.from(sill!)).toEqual([0, 0, 2, 2]);
  });
});

describe('floodFill out buffer', () => {
  it('reuses and clears a caller buffer, and rejects one of another size', () => {
    const dem = rows([0, 5, 0], [0, 5, 0]);
    const out = new Uint8Array(6).fill(7);
    const r = floodFill(dem, 1, { sea: { kind: 'seeds', cells: [0] }, out });
    expect(r).toBe(out);
    expect(Array.from(out)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(() => floodFill(dem, 1, { out: new Uint8Array(5) })).toThrow(/out must be a Uint8Array of 6 cells/);
  });
});

describe('levels must be finite', () => {
  // An infinite level used to pass: every reached cell got depth Infinity, so volume_m3 and maxDepth
  // were Infinity (null once written as JSON).
  it('floodFill, floodDepth, floodStats, componentStats, lowLyingAreas, levelCurve and attenuatedLevels reject ±Infinity and NaN by name', () => {
    const dem = rows([0, 1], [1, 0]);
    const wet = new Uint8Array([1, 1, 1, 1]);
    const areas = new Float64Array([1, 1]);
    for (const L of [Infinity, -Infinity, NaN]) {
      const msg = new RegExp(`^level must be a finite number of metres(?: or a Float32Array grid)?, got ${String(L)}$`);
      expect(() => floodFill(dem, L)).toThrow(msg);
      expect(() => floodDepth(dem, wet, L)).toThrow(msg);
      expect(() => floodStats(dem, wet, L, areas)).toThrow(msg);
      expect(() => componentStats(new Int32Array([1, 1, 1, 1]), 1, dem, L, areas)).toThrow(msg);
      expect(() => lowLyingAreas(dem, wet, L, areas, 0)).toThrow(msg);
      expect(() => attenuatedLevels(dem, { level: L, attenuation: 0, cellSize: 1 })).toThrow(msg);
      expect(() => levelCurve(new Float32Array(4), dem.data, areas, 2, [1, L])).toThrow(
        new RegExp(`^levels\\[1\\] must be a finite number of metres, got ${String(L)}$`),
      );
    }
  });
});

describe('attenuatedLevels level grid', () => {
  it('rejects an infinite source level by cell (NaN stays "not a source")', () => {
    const dem = rows([0, 1], [1, 0]);
    const grid = new Float32Array([2, NaN, NaN, Infinity]);
    expect(() => attenuatedLevels(dem, { level: grid, attenuation: 0, cellSize: 1 })).toThrow(/^level grid cell 3 \(row 1, column 1\) is Infinity; give finite levels/);
    const ok = attenuatedLevels(dem, { level: new Float32Array([2, NaN, NaN, NaN]), attenuation: 0, cellSize: 1 });
    expect(Array.from(ok)).toEqual([2, 2, 2, 2]);
  });
});
