/**
 * Pixel-edge boundary tracing of a label grid: every ring is a closed walk along cell edges with the
 * ring's label on its left (screen sense: rows grow downwards), vertices only where the walk turns.
 *
 * The classic square-tracing idea (crack following, e.g. Rosenfeld & Kak, Digital Picture Processing,
 * 1982, §11.2) applied per label: a ring is started from every not-yet-walked top edge of a labelled
 * cell whose upper neighbour has another label, so each ring is walked exactly once and the scan costs
 * one pass over the grid plus the length of the boundaries. The ring's label is known at its start, so
 * holes are assigned to polygons by label, not by point-in-polygon tests (d3-contour's quadratic step).
 *
 * Saddle rule: at a vertex where the ring's label occupies exactly two diagonal cells, 8-connectivity
 * turns right (the walk continues to the diagonal cell, so the two cells share one ring, which then
 * touches itself at that vertex), 4-connectivity turns left (the cells stay apart). Use the same
 * connectivity as the labelling, so that each connected component has exactly one outer ring.
 */
import { throwIfAborted } from '@floodzone/core';

/** Rings of a label grid in pixel-corner coordinates (x = column, y = row, both integers). */
export interface TracedRings {
  /** Number of rings. */
  count: number;
  /** Label on the left of ring k (inside it for an outer ring, around it for a hole). */
  label: Int32Array;
  /** Vertices of ring k are `xy[2·start[k] … 2·start[k+1])`, unclosed (first vertex not repeated). */
  start: Int32Array;
  xy: Int32Array;
  /**
   * Twice the signed area of ring k by the shoelace formula in pixel space with y pointing down:
   * negative for outer rings, positive for holes.
   */
  area2: Float64Array;
  /** Pixel-corner coordinates of a point strictly inside the hole side of ring k (a cell centre next to its first edge). */
  probeX: Float64Array;
  probeY: Float64Array;
  /** Saddle vertices passed by ring k: a ring can touch itself only at a saddle, so only rings with ≥ 2 can. */
  saddles: Int32Array;
}

class IntStack {
  data: Int32Array;
  length = 0;
  constructor(n: number) {
    this.data = new Int32Array(Math.max(16, n));
  }
  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
}

class F64List {
  data: Float64Array;
  length = 0;
  constructor(n: number) {
    this.data = new Float64Array(Math.max(16, n));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Traces every boundary ring of every positive label of `labels` (row-major, `width × height`; values
 * ≤ 0 are background). Headings: 0 east (+x), 1 south (+y), 2 west, 3 north.
 */
export function traceLabelRings(
  labels: Int32Array | Uint8Array,
  width: number,
  height: number,
  eightConnected: boolean,
  signal?: AbortSignal,
): TracedRings {
  const W = width;
  const H = height;
  // 1 once the top edge of this cell has been walked (westwards, the cell below on the left).
  const walked = new Uint8Array(W * H);
  const xy = new IntStack(4096);
  const starts: number[] = [0];
  const ringLabels: number[] = [];
  const area2 = new F64List(256);
  const probeX = new F64List(256);
  const probeY = new F64List(256);
  const saddles: number[] = [];

  for (let r = 0; r < H; r++) {
    if ((r & 63) === 0) throwIfAborted(signal);
    const rowBase = r * W;
    for (let c = 0; c < W; c++) {
      const i = rowBase + c;
      const L = labels[i];
      if (L <= 0 || walked[i] !== 0) continue;
      if (r > 0 && labels[i - W] === L) continue;
      // Start on the top edge of (r, c): from vertex (c + 1, r) heading west.
      const sx = c + 1;
      const sy = r;
      let x = sx;
      let y = sy;
      let d = 2;
      const first = xy.length;
      let nSaddles = 0;
      for (;;) {
        // Step along heading d.
        if (d === 0) x++;
        else if (d === 1) y++;
        else if (d === 2) {
          x--;
          walked[y * W + x] = 1;
        } else y--;
        // The two cells ahead of vertex (x, y): left-front and right-front, relative to heading d.
        let lf: boolean;
        let rf: boolean;
        if (d === 0) {
          lf = x < W && y > 0 && labels[(y - 1) * W + x] === L;
          rf = x < W && y < H && labels[y * W + x] === L;
        } else if (d === 1) {
          lf = y < H && x < W && labels[y * W + x] === L;
          rf = y < H && x > 0 && labels[y * W + x - 1] === L;
        } else if (d === 2) {
          lf = x > 0 && y < H && labels[y * W + x - 1] === L;
          rf = x > 0 && y > 0 && labels[(y - 1) * W + x - 1] === L;
        } else {
          lf = y > 0 && x > 0 && labels[(y - 1) * W + x - 1] === L;
          rf = y > 0 && x < W && labels[(y - 1) * W + x] === L;
        }
        let nd: number;
        if (lf) nd = rf ? (d + 1) & 3 : d;
        else if (rf) {
          nd = eightConnected ? (d + 1) & 3 : (d + 3) & 3;
          nSaddles++;
        }
        else nd = (d + 3) & 3;
        if (nd !== d) xy.push2(x, y);
        d = nd;
        if (d === 2 && x === sx && y === sy) break;
      }
      // Shoelace over the corners.
      const a = xy.data;
      const n = (xy.length - first) >> 1;
      let s = 0;
      let px = a[xy.length - 2];
      let py = a[xy.length - 1];
      for (let k = 0; k < n; k++) {
        const qx = a[first + 2 * k];
        const qy = a[first + 2 * k + 1];
        s += px * qy - qx * py;
        px = qx;
        py = qy;
      }
      ringLabels.push(L);
      starts.push(xy.length >> 1);
      area2.push(s);
      probeX.push(c + 0.5);
      probeY.push(r - 0.5);
      saddles.push(nSaddles);
    }
  }
  return {
    count: ringLabels.length,
    label: Int32Array.from(ringLabels),
    start: Int32Array.from(starts),
    xy: xy.data.subarray(0, xy.length),
    area2: area2.view(),
    probeX: probeX.view(),
    probeY: probeY.view(),
    saddles: Int32Array.from(saddles),
  };
}
