// The one barrier model shared by the flood fill, the spill levels, the labelling and the zones'
// entry lines (DESIGN.md "Barriers"): tiny grids with hand-computed answers, the edge queries, and
// labelComponents with barriers against a naive search.
import { describe, expect, it } from 'vitest';
import { barrierCrest, barrierLine, DIRECTIONS, floodFill, labelComponents, rasterizeBarriers, spillLevels } from '../../src/index.js';
import { randomDem, rng, rows } from './helpers.js';

const seed0: { kind: 'seeds'; cells: number[] } = { kind: 'seeds', cells: [0] };

describe('barrier semantics on tiny grids', () => {
  it('a wall ending on a cell corner against high ground does not leak diagonally past its end', () => {
    // Wall on x = 2 from the top down to the corner (2, 2); below its end, west of it, ground 9.
    // The diagonal (1,1) → (2,2) passes the wall's end point: water must cross the high cell (1,2)
    // or the crest instead, so the east side floods above min(crest 5, ground 9) = 5.
    const dem = rows([0, 0, 0, 0], [0, 0, 0, 0], [9, 9, 0, 0]);
    const barriers = rasterizeBarriers([{ points: [2, 0, 2, 2], crest: 5 }], 4, 3);
    for (const connectivity of [4, 8] as const) {
      const W = spillLevels(dem, { sea: seed0, connectivity, barriers }).level;
      expect(Array.from(W)).toEqual([0, 0, 5, 5, 0, 0, 5, 5, 9, 9, 5, 5]);
      expect(Array.from(floodFill(dem, 5, { sea: seed0, connectivity, barriers }))).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
      expect(floodFill(dem, 5.0001, { sea: seed0, connectivity, barriers })[3]).toBe(1);
    }
    // The diagonal through the end corner carries the wall's crest; the edge below the end is open.
    expect(barrierCrest(barriers, 1 * 4 + 1, 1)).toBe(5); // (1,1) SE
    expect(barrierCrest(barriers, 2 * 4 + 1, 7)).toBe(5); // (1,2) NE
    expect(barrierCrest(barriers, 2 * 4 + 1, 0)).toBe(-Infinity); // (1,2) E: below the end
  });

  it('with low ground beyond its end, water goes around the wall at that ground', () => {
    const dem = rows([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]);
    const barriers = rasterizeBarriers([{ points: [2, 0, 2, 2], crest: 5 }], 4, 3);
    const W = spillLevels(dem, { sea: seed0, connectivity: 8, barriers }).level;
    expect(Array.from(W)).toEqual(new Array(12).fill(0));
  });

  it('a line that only touches a cell corner blocks none of the edges meeting there', () => {
    // A short line hanging from the corner (1, 1) into cell (1, 1): it separates (1,1) from (0,1)
    // (their centres lie on either side) and the diagonals through the corner, but the moves along
    // row 0 and down column 1 cross no part of it.
    const dem = rows([0, 0, 0], [0, 0, 0]);
    const barriers = rasterizeBarriers([{ points: [1, 1, 1.6, 2], crest: 5 }], 3, 2);
    expect(barrierCrest(barriers, 0, 0)).toBe(-Infinity); // (0,0) E
    expect(barrierCrest(barriers, 0, 2)).toBe(-Infinity); // (0,0) S
    expect(barrierCrest(barriers, 1, 2)).toBe(-Infinity); // (1,0) S
    expect(barrierCrest(barriers, 4, 4)).toBe(5); // (1,1) W
    expect(barrierCrest(barriers, 0, 1)).toBe(5); // (0,0) SE through the corner
    const W = spillLevels(dem, { sea: seed0, connectivity: 8, barriers }).level;
    expect(Array.from(W)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('names the line whose (highest) crest blocks each move', () => {
    const lines = [
      { points: [1, 0, 1, 2], crest: 2 },
      { points: [1, 1, 1, 2], crest: 3 }, // overlaps the lower half of line 0
      { points: [0, 1, 3, 1], crest: 1 },
    ];
    const b = rasterizeBarriers(lines, 3, 2);
    expect([barrierCrest(b, 0, 0), barrierLine(b, 0, 0)]).toEqual([2, 0]); // (0,0) E
    expect([barrierCrest(b, 3, 0), barrierLine(b, 3, 0)]).toEqual([3, 1]); // (0,1) E
    expect([barrierCrest(b, 4, 4), barrierLine(b, 4, 4)]).toEqual([3, 1]); // (1,1) W, the same edge
    expect([barrierCrest(b, 2, 2), barrierLine(b, 2, 2)]).toEqual([1, 2]); // (2,0) S
    expect([barrierCrest(b, 5, 2), barrierLine(b, 5, 2)]).toEqual([-Infinity, -1]); // (2,1) S: off the grid side
  });
});

describe('labelComponents with barriers', () => {
  it('keeps the two sides of a wall apart while the level is at or below its crest', () => {
    const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1]);
    const barriers = rasterizeBarriers([{ points: [2, 0, 2, 2], crest: 4 }], 4, 2);
    expect(Array.from(labelComponents(mask, 4, 2, 8, { barriers, level: 4 }).labels)).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
    expect(labelComponents(mask, 4, 2, 8, { barriers, level: 4.001 }).count).toBe(1);
    expect(() => labelComponents(mask, 4, 2, 8, { barriers })).toThrow(/level/);
  });

  it('matches a naive search over the same moves on seeded random grids', () => {
    const rand = rng(2024);
    for (let t = 0; t < 60; t++) {
      const w = 3 + Math.floor(rand() * 9), h = 3 + Math.floor(rand() * 9), n = w * h;
      const dem = randomDem(rand, w, h, 0, true);
      const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
        points: [Math.round(rand() * w * 2) / 2, Math.round(rand() * h * 2) / 2, rand() * w, rand() * h, Math.round(rand() * w), Math.round(rand() * h)],
        crest: Math.round(rand() * 60) / 10,
      }));
      const barriers = rasterizeBarriers(lines, w, h);
      const conn = t % 2 ? 4 : 8;
      const level = Math.round(rand() * 60) / 10;
      const mask = new Uint8Array(n);
      for (let i = 0; i < n; i++) mask[i] = dem.data[i]! < level ? 1 : 0;
      const { labels, count } = labelComponents(mask, w, h, conn, { barriers, level });
      // Naive: depth-first search with barrierCrest on every move.
      const ref = new Int32Array(n);
      let k = 0;
      for (let s = 0; s < n; s++) {
        if (!mask[s] || ref[s]) continue;
        ref[s] = ++k;
        const stack = [s];
        while (stack.length) {
          const i = stack.pop()!;
          for (let d = 0; d < 8; d += conn === 4 ? 2 : 1) {
            const c = (i % w) + DIRECTIONS[d]![0], r = Math.floor(i / w) + DIRECTIONS[d]![1];
            if (c < 0 || r < 0 || c >= w || r >= h) continue;
            const j = r * w + c;
            if (!mask[j] || ref[j] || level <= barrierCrest(barriers, i, d)) continue;
            ref[j] = k;
            stack.push(j);
          }
        }
      }
      expect([t, count]).toEqual([t, k]);
      expect([t, Array.from(labels)]).toEqual([t, Array.from(ref)]);
    }
  });
});
