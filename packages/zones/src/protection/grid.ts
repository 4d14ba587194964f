/**
 * Grid work of the protection analysis, on flat typed arrays: protection lines as edge barriers,
 * spill levels with barriers (priority flood), components of flooded land, polygon rasterization.
 * No per-cell allocation, no recursion.
 */
import type { Affine } from '@floodzone/raster';
import { throwIfAborted } from '@floodzone/core';

/** The 8 moves E, SE, S, SW, W, NW, N, NE as (dCol, dRow), rows growing downwards (same order as core's DIRECTIONS). */
export const DCOL = Int8Array.from([1, 1, 0, -1, -1, -1, 0, 1]);
export const DROW = Int8Array.from([0, 1, 1, 1, 0, -1, -1, -1]);

/**
 * Protection lines on cell edges: the crest of the east edge and of the south edge of each cell
 * (−Infinity = open), stored sparsely. `flag[i]` is 1 when cell i, its west or its north neighbour
 * has a barrier edge, so the flood only looks up the maps next to a line.
 */
export interface Barriers {
  readonly width: number;
  readonly height: number;
  /** key = cell index: crest of the edge between cell and its east / south neighbour. */
  readonly east: Map<number, number>;
  readonly south: Map<number, number>;
  /** Line index per edge (the last line written), for entry-line lookups. */
  readonly eastLine: Map<number, number>;
  readonly southLine: Map<number, number>;
  readonly flag: Uint8Array;
}

export function emptyBarriers(width: number, height: number): Barriers {
  return { width, height, east: new Map(), south: new Map(), eastLine: new Map(), southLine: new Map(), flag: new Uint8Array(width * height) };
}

function setEdge(b: Barriers, map: Map<number, number>, lineMap: Map<number, number>, cell: number, crestIn: number, line: number): void {
  const crest = Math.fround(crestIn); // float32 like the DEM, so spill levels stay exact
  const prev = map.get(cell);
  if (prev === undefined || crest > prev) {
    map.set(cell, crest);
    lineMap.set(cell, line);
  }
  const w = b.width;
  b.flag[cell] = 1;
  const col = cell % w;
  if (map === b.east && col + 1 < w) b.flag[cell + 1] = 1;
  if (map === b.south && cell + w < b.flag.length) b.flag[cell + w] = 1;
}

/**
 * Adds one polyline given in pixel-corner coordinates (col, row) with its crest: every cell edge the
 * line crosses gets the crest (the higher one where lines overlap). Walks each segment through the
 * grid lines it crosses (Amanatides & Woo 1987). A line through a cell corner marks the edges on both
 * sides of the corner so nothing leaks diagonally.
 */
export function addBarrierLine(b: Barriers, pts: ArrayLike<number>, crest: number, line: number): void {
  const { width: w, height: h } = b;
  const edgeV = (k: number, y: number) => {
    // vertical grid line x = k crossed at height y: edge between (k−1, r) and (k, r)
    const r = Math.floor(y);
    if (k >= 1 && k < w && r >= 0 && r < h) setEdge(b, b.east, b.eastLine, r * w + k - 1, crest, line);
  };
  const edgeH = (k: number, x: number) => {
    const c = Math.floor(x);
    if (k >= 1 && k < h && c >= 0 && c < w) setEdge(b, b.south, b.southLine, (k - 1) * w + c, crest, line);
  };
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const x0 = pts[i], y0 = pts[i + 1], x1 = pts[i + 2], y1 = pts[i + 3];
    const dx = x1 - x0, dy = y1 - y0;
    if (dx === 0 && Number.isInteger(x0)) {
      // Along the vertical grid line x = x0: blocks the east edges of the cells west of it.
      for (let r = Math.floor(Math.min(y0, y1)); r < Math.ceil(Math.max(y0, y1)); r++) edgeV(x0, r + 0.5);
      continue;
    }
    if (dy === 0 && Number.isInteger(y0)) {
      for (let c = Math.floor(Math.min(x0, x1)); c < Math.ceil(Math.max(x0, x1)); c++) edgeH(y0, c + 0.5);
      continue;
    }
    // vertical grid lines crossed
    if (dx !== 0) {
      const a = Math.min(x0, x1), c = Math.max(x0, x1);
      for (let k = Math.ceil(a); k <= Math.floor(c); k++) {
        const y = k === x0 ? y0 : k === x1 ? y1 : y0 + ((k - x0) / dx) * dy;
        edgeV(k, y);
        if (Number.isInteger(y)) edgeV(k, y - 1); // through a corner: both edges
      }
    }
    if (dy !== 0) {
      const a = Math.min(y0, y1), c = Math.max(y0, y1);
      for (let k = Math.ceil(a); k <= Math.floor(c); k++) {
        const x = k === y0 ? x0 : k === y1 ? x1 : x0 + ((k - y0) / dy) * dx;
        edgeH(k, x);
        if (Number.isInteger(x)) edgeH(k, x - 1);
      }
    }
  }
}

/** World → pixel-corner coordinates for a whole coordinate list, flattened [c0, r0, c1, r1, …]. */
export function toPixels(t: Affine, coords: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const [x0, dx, rx, y0, ry, dy] = t;
  const det = dx * dy - rx * ry;
  const out = new Float64Array(coords.length * 2);
  for (let i = 0; i < coords.length; i++) {
    const X = coords[i][0] - x0, Y = coords[i][1] - y0;
    out[2 * i] = (dy * X - rx * Y) / det;
    out[2 * i + 1] = (-ry * X + dx * Y) / det;
  }
  return out;
}

/**
 * Crest of the move from cell i in direction d (−Infinity when open). A diagonal move passes the
 * corner between two L-shaped paths, each over one middle cell; it is open at L when one of them is
 * open. Where a line touches the corner (any of the four edges has a crest), an L-path is open only
 * above both its edge crests and the ground of its middle cell (NaN = no data: closed), so a wall
 * that ends on a cell corner against high ground does not leak past its end. Away from lines a
 * diagonal move is open, as in the plain 8-connected flood.
 */
export function moveCrest(b: Barriers, i: number, d: number, z: Float32Array): number {
  const w = b.width;
  const E = (c: number) => b.east.get(c) ?? -Infinity;
  const S = (c: number) => b.south.get(c) ?? -Infinity;
  let a1: number, a2: number, m1: number, b1: number, b2: number, m2: number;
  switch (d) {
    case 0: return E(i);
    case 4: return E(i - 1);
    case 2: return S(i);
    case 6: return S(i - w);
    case 1: a1 = E(i); a2 = S(i + 1); m1 = i + 1; b1 = S(i); b2 = E(i + w); m2 = i + w; break; // SE
    case 3: a1 = E(i - 1); a2 = S(i - 1); m1 = i - 1; b1 = S(i); b2 = E(i + w - 1); m2 = i + w; break; // SW
    case 5: a1 = E(i - 1); a2 = S(i - w - 1); m1 = i - 1; b1 = S(i - w); b2 = E(i - w - 1); m2 = i - w; break; // NW
    default: a1 = E(i); a2 = S(i - w + 1); m1 = i + 1; b1 = S(i - w); b2 = E(i - w); m2 = i - w; break; // NE
  }
  if (a1 === -Infinity && a2 === -Infinity && b1 === -Infinity && b2 === -Infinity) return -Infinity;
  const g1 = z[m1], g2 = z[m2];
  const p1 = Math.max(a1, a2, g1 === g1 ? g1 : Infinity);
  const p2 = Math.max(b1, b2, g2 === g2 ? g2 : Infinity);
  return Math.min(p1, p2);
}

/** Where the sea is, resolved to cells. */
export type SeaCells = { kind: 'border' } | { kind: 'mask'; mask: Uint8Array } | { kind: 'seeds'; cells: Int32Array };

export interface SpillOptions {
  connectivity: 4 | 8;
  sea: SeaCells;
  nodataIsSea: boolean;
  barriers: Barriers | null;
  signal?: AbortSignal;
}

/**
 * Spill levels W (DESIGN.md "Spill level") with edge barriers: W(c) = min over paths from the sea of
 * the max of the elevations on the path and the crests of the edges it crosses. Priority flood
 * (Barnes, Lehman & Mulla 2014) with a binary heap on parallel typed arrays. NaN = no data or never
 * reached. With `nodataIsSea`, nodata cells conduct at any level (they keep W = −Infinity inside the
 * queue) and are NaN in the result.
 */
export function spillLevelsBarnes2014(z: Float32Array, width: number, height: number, o: SpillOptions): Float32Array {
  const n = width * height;
  const W = new Float32Array(n).fill(NaN);
  const done = new Uint8Array(n);
  let hk = new Float64Array(1024);
  let hv = new Int32Array(1024);
  let size = 0;
  const push = (key: number, cell: number) => {
    if (size === hk.length) {
      const k2 = new Float64Array(size * 2); k2.set(hk); hk = k2;
      const v2 = new Int32Array(size * 2); v2.set(hv); hv = v2;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hk[p] <= key) break;
      hk[i] = hk[p]; hv[i] = hv[p]; i = p;
    }
    hk[i] = key; hv[i] = cell;
  };
  const pop = (): number => {
    const top = hv[0];
    const key = hk[--size], cell = hv[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && hk[c + 1] < hk[c]) c++;
      if (hk[c] >= key) break;
      hk[i] = hk[c]; hv[i] = hv[c]; i = c;
    }
    hk[i] = key; hv[i] = cell;
    return top;
  };
  const level = (c: number) => {
    const v = z[c];
    return v === v ? v : o.nodataIsSea ? -Infinity : NaN;
  };
  // W holds the best level found so far (NaN = none); `done` marks cells popped with their final level.
  // With barriers a later neighbour can offer a lower level (a lower crest), so cells are relaxed
  // Dijkstra-style (lazy deletion) instead of being closed when first pushed.
  const seed = (c: number) => {
    const v = level(c);
    if (v !== v || W[c] <= v) return;
    W[c] = v;
    push(v, c);
  };
  const sea = o.sea;
  if (sea.kind === 'border') {
    for (let c = 0; c < width; c++) { seed(c); seed((height - 1) * width + c); }
    for (let r = 0; r < height; r++) { seed(r * width); seed(r * width + width - 1); }
  } else if (sea.kind === 'mask') {
    for (let i = 0; i < n; i++) if (sea.mask[i]) seed(i);
  } else {
    for (let k = 0; k < sea.cells.length; k++) seed(sea.cells[k]);
  }
  const step = o.connectivity === 4 ? 2 : 1;
  const b = o.barriers;
  let popped = 0;
  while (size > 0) {
    const key = hk[0];
    const c = pop();
    if (done[c] || key > W[c]) continue;
    done[c] = 1;
    const wc = W[c];
    if ((++popped & 0xfffff) === 0) throwIfAborted(o.signal);
    const col = c % width, row = (c - col) / width;
    for (let d = 0; d < 8; d += step) {
      const nc = col + DCOL[d], nr = row + DROW[d];
      if (nc < 0 || nr < 0 || nc >= width || nr >= height) continue;
      const j = nr * width + nc;
      if (done[j]) continue;
      const zj = level(j);
      if (zj !== zj) continue;
      let wj = zj > wc ? zj : wc;
      if (b !== null && (b.flag[c] || b.flag[j])) {
        const cr = moveCrest(b, c, d, z);
        if (cr > wj) wj = cr;
      }
      if (W[j] <= wj) continue;
      W[j] = wj;
      push(wj, j);
    }
  }
  for (let i = 0; i < n; i++) if (z[i] !== z[i] || W[i] === -Infinity) W[i] = NaN;
  return W;
}

/**
 * Labels the 4/8-connected components of `mask` (1 = in), not crossing barrier edges whose crest is
 * ≥ `level`. Returns labels (0 = out, 1..count) numbered in row-major order of first cells.
 */
export function labelMask(
  z: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
  connectivity: 4 | 8,
  barriers: Barriers | null,
  level: number,
): { labels: Int32Array; count: number } {
  const n = width * height;
  const labels = new Int32Array(n);
  const stack = new Int32Array(n);
  const step = connectivity === 4 ? 2 : 1;
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (!mask[s] || labels[s]) continue;
    const id = ++count;
    labels[s] = id;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const c = stack[--top];
      const col = c % width, row = (c - col) / width;
      for (let d = 0; d < 8; d += step) {
        const nc = col + DCOL[d], nr = row + DROW[d];
        if (nc < 0 || nr < 0 || nc >= width || nr >= height) continue;
        const j = nr * width + nc;
        if (!mask[j] || labels[j]) continue;
        if (barriers !== null && (barriers.flag[c] || barriers.flag[j]) && moveCrest(barriers, c, d, z) >= level) continue;
        labels[j] = id;
        stack[top++] = j;
      }
    }
  }
  return { labels, count };
}

/**
 * Cells whose centre lies inside a polygon (even–odd rule over all rings), given in pixel-corner
 * coordinates: rings flattened [c0, r0, c1, r1, …]. Calls `emit(cell)` once per cell, row by row.
 * A polygon smaller than a cell that covers no centre emits the cell holding its first vertex.
 */
export function rasterizeRings(rings: readonly Float64Array[], width: number, height: number, emit: (cell: number) => void): number {
  let minR = Infinity, maxR = -Infinity;
  for (const ring of rings) for (let i = 1; i < ring.length; i += 2) { if (ring[i] < minR) minR = ring[i]; if (ring[i] > maxR) maxR = ring[i]; }
  const r0 = Math.max(0, Math.floor(minR - 0.5)), r1 = Math.min(height - 1, Math.ceil(maxR - 0.5));
  let xs = new Float64Array(16);
  let emitted = 0;
  for (let r = r0; r <= r1; r++) {
    const y = r + 0.5;
    let nx = 0;
    for (const ring of rings) {
      const m = ring.length >> 1;
      for (let i = 0, j = m - 1; i < m; j = i++) {
        const yi = ring[2 * i + 1], yj = ring[2 * j + 1];
        if ((yi > y) !== (yj > y)) {
          if (nx === xs.length) { const x2 = new Float64Array(nx * 2); x2.set(xs); xs = x2; }
          xs[nx++] = ring[2 * i] + ((y - yi) / (yj - yi)) * (ring[2 * j] - ring[2 * i]);
        }
      }
    }
    const sorted = xs.subarray(0, nx).sort();
    for (let k = 0; k + 1 < nx; k += 2) {
      const c0 = Math.max(0, Math.ceil(sorted[k] - 0.5)), c1 = Math.min(width - 1, Math.floor(sorted[k + 1] - 0.5));
      for (let c = c0; c <= c1; c++) { emit(r * width + c); emitted++; }
    }
  }
  if (emitted === 0 && rings.length > 0 && rings[0].length >= 2) {
    const c = Math.floor(rings[0][0]), r = Math.floor(rings[0][1]);
    if (c >= 0 && r >= 0 && c < width && r < height) { emit(r * width + c); emitted = 1; }
  }
  return emitted;
}
