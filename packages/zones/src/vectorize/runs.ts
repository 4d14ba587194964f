/**
 * Run-based connected-component labelling of a 0/1 mask: horizontal runs of set cells are joined with
 * the overlapping runs of the row above by union-find (the run-length variant of the classic two-pass
 * labelling, Rosenfeld & Pfaltz 1966; runs as in Haralick & Shapiro, Computer and Robot Vision, 1992,
 * §2.3). Work is one pass over the cells plus O(runs · α), and memory is per run, not per cell, which
 * is what the vectorizer needs: a component id per ring start and per-component sums over runs.
 */
import { throwIfAborted } from '@floodzone/core';

export interface MaskRuns {
  /** Number of runs. */
  count: number;
  /** Runs of row r are `rowStart[r] … rowStart[r + 1]`. */
  rowStart: Int32Array;
  /** First column and one past the last column of each run. */
  col0: Int32Array;
  col1: Int32Array;
  /** Component label 1..components of each run, in row-major order of each component's first cell. */
  label: Int32Array;
  components: number;
}

function grow(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Runs of `values` (a 0/1 mask or a label grid): maximal horizontal sequences of one positive value,
 * joined with the runs of the row above that hold the same value and overlap (8: or touch diagonally).
 * For a mask that gives its connected components; for a label grid, the connected pieces of each label.
 */
export function maskRuns(values: Uint8Array | Int32Array, width: number, height: number, eightConnected: boolean, signal?: AbortSignal): MaskRuns {
  const W = width;
  const H = height;
  const rowStart = new Int32Array(H + 1);
  let col0: Int32Array = new Int32Array(1024);
  let col1: Int32Array = new Int32Array(1024);
  let parent: Int32Array = new Int32Array(1024);
  let n = 0;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r];
    while (parent[x] !== r) {
      const next = parent[x];
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const slack = eightConnected ? 1 : 0;
  for (let r = 0; r < H; r++) {
    if ((r & 255) === 0) throwIfAborted(signal);
    rowStart[r] = n;
    const base = r * W;
    let c = 0;
    while (c < W) {
      while (c < W && values[base + c] <= 0) c++;
      if (c >= W) break;
      const s = c;
      const v = values[base + c];
      while (c < W && values[base + c] === v) c++;
      if (n === col0.length) {
        col0 = grow(col0, n + 1);
        col1 = grow(col1, n + 1);
        parent = grow(parent, n + 1);
      }
      col0[n] = s;
      col1[n] = c;
      parent[n] = n;
      n++;
    }
    // Join with the overlapping runs of the row above (8: touching diagonally counts).
    if (r > 0) {
      let j = rowStart[r - 1];
      const jEnd = rowStart[r];
      for (let i = rowStart[r]; i < n; i++) {
        const s = col0[i] - slack;
        const e = col1[i] + slack;
        while (j < jEnd && col1[j] <= s) j++;
        let k = j;
        const v = values[r * W + col0[i]];
        while (k < jEnd && col0[k] < e) {
          if (values[(r - 1) * W + col0[k]] !== v) {
            k++;
            continue;
          }
          const a = find(i);
          const b = find(k);
          if (a !== b) {
            if (a < b) parent[b] = a;
            else parent[a] = b;
          }
          k++;
        }
      }
    }
  }
  rowStart[H] = n;
  // Labels 1..m in order of each component's first run (row-major).
  const label = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const root = find(i);
    label[i] = root === i ? ++m : label[root];
  }
  return { count: n, rowStart, col0: col0.subarray(0, n), col1: col1.subarray(0, n), label, components: m };
}

/** Index of the run of row r that contains column c (the cell must be set). */
export function runAt(runs: MaskRuns, r: number, c: number): number {
  let lo = runs.rowStart[r];
  let hi = runs.rowStart[r + 1] - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs.col0[mid] <= c) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
