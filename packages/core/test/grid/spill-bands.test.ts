import { describe, expect, it } from 'vitest';
import type { FloatGrid } from '@floodzone/raster';
import { joinSpillBands, rasterizeBarriers, spillBandLevels, spillLevels, splitSpillBands, type SpillOptions } from '../../src/index.js';
import { referenceSpillLevels } from '../../src/grid/reference.js';
import { randomCase, rows } from './helpers.js';

const N = NaN;

/** W by bands, as a caller with threads would get it: each band into its rows of one W, then the join. */
function byBands(dem: FloatGrid, options: SpillOptions, parts: number): Float32Array {
  const bands = splitSpillBands(dem, options, parts);
  const W = new Float32Array(dem.width * dem.height).fill(123); // overwritten everywhere
  for (const b of bands) spillBandLevels(b.dem, b.options, {}, W.subarray(b.r0 * dem.width, b.r1 * dem.width));
  return joinSpillBands(dem, bands, W, options).level;
}

/** One band's W alone (what the join starts from). */
function bandAlone(dem: FloatGrid, options: SpillOptions, parts: number, k: number): number[] {
  const b = splitSpillBands(dem, options, parts)[k]!;
  return Array.from(spillBandLevels(b.dem, b.options));
}

describe('spill levels by bands: tiny grids', () => {
  // Two bands of two rows each: the pit in the top band drains only through the bottom band.
  const pit = rows(
    [9, 9, 9, 9, 9],
    [9, 1, 1, 1, 9],
    [9, 1, 9, 9, 9],
    [9, 2, 9, 9, 9],
  );

  it('lowers a depression whose outlet is across the cut', () => {
    for (const connectivity of [4, 8] as const) {
      // Alone, the top band sees its pit enclosed by 9s (the cut is closed).
      expect(bandAlone(pit, { connectivity }, 2, 0)).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
      const want = [9, 9, 9, 9, 9, 9, 2, 2, 2, 9, 9, 2, 9, 9, 9, 9, 2, 9, 9, 9];
      expect(Array.from(byBands(pit, { connectivity }, 2)), `${connectivity}`).toEqual(want);
      expect(Array.from(spillLevels(pit, { connectivity }).level)).toEqual(want);
    }
  });

  it('a barrier along the cut sets the level it passes at', () => {
    // The line y = 2 blocks every move between rows 1 and 2 below its crest of 4.
    const barriers = rasterizeBarriers([{ points: [-1, 2, 6, 2], crest: 4 }], 5, 4);
    const want = [9, 9, 9, 9, 9, 9, 4, 4, 4, 9, 9, 2, 9, 9, 9, 9, 2, 9, 9, 9];
    for (const connectivity of [4, 8] as const) {
      expect(Array.from(byBands(pit, { connectivity, barriers }, 2)), `${connectivity}`).toEqual(want);
      expect(Array.from(spillLevels(pit, { connectivity, barriers }).level)).toEqual(want);
    }
  });

  it('carries water through conducting nodata across the cut', () => {
    // A nodata channel from the top border down into the bottom band, beside a hole at 0.
    const dem = rows(
      [9, 9, N, 9, 9],
      [9, 5, N, 5, 9],
      [9, 5, N, 5, 9],
      [9, 5, 0, 5, 9],
      [9, 9, 9, 9, 9],
    );
    const options: SpillOptions = { nodataIsSea: true, connectivity: 4 };
    // Alone, the bottom band (rows 2–4) has no water in its part of the channel: the hole fills to 9.
    expect(bandAlone(dem, options, 2, 1)[7]).toBe(9);
    const want = Array.from(dem.data, (z) => (Number.isNaN(z) ? NaN : z));
    expect(Array.from(byBands(dem, options, 2))).toEqual(want);
    // Blocking nodata: the channel is a wall, and the inside fills to the 9s of the border.
    const walled = Array.from(spillLevels(dem, { connectivity: 4 }).level);
    expect(walled[17]).toBe(9);
    expect(Array.from(byBands(dem, { connectivity: 4 }, 2))).toEqual(walled);
  });

  it('maxLevel: a cell the join lowers below it is reached, the others stay NaN', () => {
    const want = [N, N, N, N, N, N, 2, 2, 2, N, N, 2, N, N, N, N, 2, N, N, N];
    expect(Array.from(byBands(pit, { maxLevel: 3 }, 2))).toEqual(want);
  });

  it('one band is spillLevels itself; more bands than rows are one row each', () => {
    const want = Array.from(spillLevels(pit).level);
    expect(Array.from(byBands(pit, {}, 1))).toEqual(want);
    expect(splitSpillBands(pit, {}, 10).map((b) => [b.r0, b.r1])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(Array.from(byBands(pit, {}, 10))).toEqual(want);
  });

  it('a band is a grid of its own: its rows, and the transform moved to its first row', () => {
    const dem: FloatGrid = { ...pit, transform: [100, 5, 0, 200, 0, -5] };
    const b = splitSpillBands(dem, {}, 2)[1]!;
    expect([b.r0, b.r1, b.dem.height, b.dem.width]).toEqual([2, 4, 2, 5]);
    expect(b.dem.transform).toEqual([100, 5, 0, 190, 0, -5]);
    expect(Array.from(b.dem.data)).toEqual([9, 1, 9, 9, 9, 9, 2, 9, 9, 9]);
  });
});

describe('spill levels by bands: seeded random grids', () => {
  it('equal the minimax reference and spillLevels bit for bit, for 2, 3 and up to h bands', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { dem, opts, rand } = randomCase(seed);
      const maxLevel = rand() < 0.3 ? rand() * 9 : undefined;
      const options: SpillOptions = maxLevel === undefined ? opts : { ...opts, maxLevel };
      const ref = Array.from(referenceSpillLevels(dem, opts), (v) => (maxLevel === undefined || v < maxLevel ? v : NaN));
      expect(Array.from(spillLevels(dem, options).level), `seed ${seed}`).toEqual(ref);
      for (const parts of [2, 3, 1 + Math.floor(rand() * dem.height)]) {
        expect(Array.from(byBands(dem, options, parts)), `seed ${seed}, ${parts} bands`).toEqual(ref);
      }
    }
  });
});

describe('spill levels by bands: bad input', () => {
  it('rejects sills, a bad band count, bands out of order and a W of another size, in one line each', () => {
    expect(() => splitSpillBands(pitGrid(), { sills: true }, 2)).toThrow(/sills are not computed by bands/);
    expect(() => splitSpillBands(pitGrid(), {}, 0)).toThrow(/parts must be a whole number ≥ 1, got 0/);
    const dem = pitGrid();
    const bands = splitSpillBands(dem, {}, 2);
    expect(() => joinSpillBands(dem, [bands[1]!, bands[0]!], new Float32Array(20))).toThrow(/bands must cover rows 0…4 in order/);
    expect(() => joinSpillBands(dem, bands, new Float32Array(19))).toThrow(/W must be a Float32Array of 20 cells/);
    expect(() => joinSpillBands(dem, bands.slice(0, 1), new Float32Array(20))).toThrow(/bands must cover rows 0…4/);
  });

  it('stops at an aborted signal', () => {
    const dem = pitGrid();
    const bands = splitSpillBands(dem, {}, 2);
    expect(() => joinSpillBands(dem, bands, new Float32Array(20), { signal: AbortSignal.abort() })).toThrow(/abort/i);
  });
});

function pitGrid(): FloatGrid {
  return rows([9, 9, 9, 9, 9], [9, 1, 1, 1, 9], [9, 1, 9, 9, 9], [9, 2, 9, 9, 9]);
}
