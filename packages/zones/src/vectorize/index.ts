/**
 * Flood polygons: a flood mask (or its component labels) to GeoJSON MultiPolygons in world
 * coordinates, one feature per connected flood area, with area, volume and depth statistics.
 */
import { InputError, throwIfAborted, type RunOptions } from '@floodzone/core';
import { cellAreas, type Affine, type Crs } from '@floodzone/raster';
import type { GeoJsonFeature, GeoJsonFeatureCollection, LinearRing, MultiPolygonGeometry } from './geojson.js';
import { maskRuns, runAt } from './runs.js';
import { traceLabelRings, type TracedRings } from './trace.js';

export { traceLabelRings, type TracedRings } from './trace.js';

/** The grid the mask lies on: its size and georeferencing. */
export interface VectorGridRef {
  readonly width: number;
  readonly height: number;
  readonly transform: Affine;
  readonly crs: Crs | null;
}

export interface MaskToPolygonsOptions extends RunOptions {
  /**
   * Connectivity of a flood area: 8 (default; diagonal neighbours join, as the flood fill) or 4. A
   * label grid must have been labelled with the same connectivity.
   */
  connectivity?: 8 | 4;
  /** Depth in metres per cell (NaN or ≤ 0 where dry), for `volume_m3`, `maxDepth_m`, `meanDepth_m`. */
  depth?: Float32Array | Float64Array;
  /** Cell area in m² of each row (`cellAreas(grid)` of @floodzone/raster when omitted: geodesic on geographic grids). */
  rowAreas?: Float64Array;
}

export interface FloodAreaProperties {
  /** Component label (1..n, as in the label grid). */
  id: number;
  cells: number;
  area_m2: number;
  /** Σ depth × cell area; null without a depth grid. */
  volume_m3: number | null;
  maxDepth_m: number | null;
  /** Area-weighted mean depth = volume_m3 / area_m2; null without a depth grid. */
  meanDepth_m: number | null;
}

export type FloodAreaFeature = GeoJsonFeature<MultiPolygonGeometry, FloodAreaProperties>;
export type FloodAreaCollection = GeoJsonFeatureCollection<MultiPolygonGeometry, FloodAreaProperties>;

/**
 * Vectorizes a flood mask into one GeoJSON feature per connected flood area.
 *
 * - `mask`: a `Uint8Array` mask (non-zero = flooded; its components are found here with the given connectivity), or an
 *   `Int32Array` of component labels (> 0 = area id, ≤ 0 = none) such as `labelComponents` returns.
 * - Geometry: MultiPolygons whose rings follow cell edges (pixel corners mapped through the grid's
 *   affine, not cell centres), vertices only at corners, rings closed, RFC 7946 winding in world
 *   coordinates (outer rings counter-clockwise, holes clockwise; for rotated or south-up transforms
 *   too). Valid in the OGC sense: each polygon is a 4-connected piece of the area (its interior is
 *   connected through cell edges), rings are simple, holes may touch their shell at a vertex, and the
 *   polygons of one 8-connected area touch each other only at the corners where its cells meet
 *   diagonally. Coordinates stay in the grid's CRS.
 * - Properties: `FloodAreaProperties`, areas from `rowAreas` (so geodesic on geographic grids).
 *
 * Runs in O(cells + boundary length): pixel-edge boundary tracing with the 4-connected turn rule,
 * pieces and areas from run-length union-find, holes assigned by the piece of their first cell (not by
 * point-in-polygon tests, d3-contour's quadratic step), rings split where they touch themselves.
 */
export function maskToPolygons(
  mask: Uint8Array | Int32Array,
  grid: VectorGridRef,
  options: MaskToPolygonsOptions = {},
): FloodAreaCollection {
  const { width: W, height: H, transform } = grid;
  const connectivity = options.connectivity ?? 8;
  if (connectivity !== 8 && connectivity !== 4) {
    throw new InputError(`connectivity must be 8 or 4, got ${String(connectivity)}`, 'connectivity');
  }
  if (mask.length !== W * H) {
    throw new InputError(`mask has ${mask.length} cells but the grid is ${W}×${H}; give a mask of the grid's size`, 'mask');
  }
  if (options.depth && options.depth.length !== W * H) {
    throw new InputError(`depth grid has ${options.depth.length} cells but the grid is ${W}×${H}; give a depth grid of the same size`, 'depth');
  }
  const rowAreas = options.rowAreas ?? cellAreas(grid);
  if (rowAreas.length !== H) {
    throw new InputError(`rowAreas has ${rowAreas.length} rows but the grid has ${H}; pass cellAreas(grid)`, 'rowAreas');
  }
  const { signal } = options;

  const depth = options.depth;
  const eight = connectivity === 8;

  // Cell values to trace: the label grid itself, or the mask as 0/1.
  let V: Uint8Array | Int32Array = mask;
  if (!(mask instanceof Int32Array)) {
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] > 1) {
        const bin = new Uint8Array(mask.length);
        for (let j = 0; j < mask.length; j++) bin[j] = mask[j] !== 0 ? 1 : 0;
        V = bin;
        break;
      }
    }
  }
  // Polygons are the 4-connected pieces of equal value (an OGC polygon's interior is connected
  // through cell edges, not corners); features are the flood areas: 8- or 4-connected components of
  // the mask, or the labels of a label grid. Both from run-length union-find: memory per run.
  const pieces = maskRuns(V, W, H, false, signal);
  let featureOfRun: Int32Array;
  let maxLabel = 0;
  if (V instanceof Int32Array) {
    featureOfRun = new Int32Array(pieces.count);
    for (let r = 0; r < H; r++) {
      for (let k = pieces.rowStart[r]; k < pieces.rowStart[r + 1]; k++) {
        const L = V[r * W + pieces.col0[k]];
        featureOfRun[k] = L;
        if (L > maxLabel) maxLabel = L;
      }
    }
  } else if (eight) {
    const comps = maskRuns(V, W, H, true, signal);
    featureOfRun = comps.label;
    maxLabel = comps.components;
  } else {
    featureOfRun = pieces.label;
    maxLabel = pieces.components;
  }
  throwIfAborted(signal);

  // Statistics per feature, summed over runs.
  const cells = new Float64Array(maxLabel + 1);
  const area = new Float64Array(maxLabel + 1);
  const volume = depth ? new Float64Array(maxLabel + 1) : undefined;
  const maxDepth = depth ? new Float64Array(maxLabel + 1) : undefined;
  const featureOfPiece = new Int32Array(pieces.components + 1);
  for (let r = 0; r < H; r++) {
    const a = rowAreas[r];
    const base = r * W;
    for (let k = pieces.rowStart[r]; k < pieces.rowStart[r + 1]; k++) {
      const L = featureOfRun[k];
      featureOfPiece[pieces.label[k]] = L;
      const c0 = pieces.col0[k];
      const c1 = pieces.col1[k];
      cells[L] += c1 - c0;
      area[L] += (c1 - c0) * a;
      if (depth && volume && maxDepth) {
        let sum = 0;
        let mx = maxDepth[L];
        for (let i = base + c0; i < base + c1; i++) {
          const v = depth[i];
          if (v > 0) {
            sum += v;
            if (v > mx) mx = v;
          }
        }
        volume[L] += sum * a;
        maxDepth[L] = mx;
      }
    }
  }
  options.onProgress?.(1, 3, 'vectorize');

  // Rings with the 4-connected turn rule: each follows one piece; its piece is the run at its first cell.
  const rings = traceLabelRings(V, W, H, false, signal);
  const pieceOfRing = new Int32Array(rings.count);
  for (let k = 0; k < rings.count; k++) {
    pieceOfRing[k] = pieces.label[runAt(pieces, rings.probeY[k] + 0.5, rings.probeX[k] - 0.5)];
  }
  throwIfAborted(signal);
  options.onProgress?.(2, 3, 'vectorize');

  const polys = assemblePieces(rings, pieceOfRing, pieces.components, W, transform);

  const byFeature: Array<LinearRing[][] | undefined> = new Array(maxLabel + 1);
  for (let p = 1; p <= pieces.components; p++) {
    const poly = polys[p];
    if (!poly) continue;
    (byFeature[featureOfPiece[p]] ??= []).push(...poly);
  }

  const features: FloodAreaFeature[] = [];
  for (let L = 1; L <= maxLabel; L++) {
    const coords = byFeature[L];
    if (!coords || cells[L] === 0) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: coords },
      properties: {
        id: L,
        cells: cells[L],
        area_m2: area[L],
        volume_m3: volume ? volume[L] : null,
        maxDepth_m: maxDepth ? maxDepth[L] : null,
        meanDepth_m: volume ? (area[L] > 0 ? volume[L] / area[L] : 0) : null,
      },
    });
  }
  options.onProgress?.(3, 3, 'vectorize');
  return { type: 'FeatureCollection', features };
}

/**
 * Splits a ring that passes a vertex twice into simple loops at that vertex (stack walk: when a vertex
 * repeats, the vertices since its first visit close a loop). Only saddle vertices repeat, and each
 * split vertex stays a corner in both loops. Returns flat pixel-corner xy arrays, unclosed.
 */
function splitAtRepeats(xy: Int32Array, s: number, e: number, W: number): Int32Array[] {
  const sx: number[] = [];
  const sy: number[] = [];
  const pos = new Map<number, number>();
  const loops: Int32Array[] = [];
  for (let v = s; v < e; v++) {
    const x = xy[2 * v];
    const y = xy[2 * v + 1];
    const key = y * (W + 1) + x;
    const p = pos.get(key);
    if (p === undefined) {
      pos.set(key, sx.length);
      sx.push(x);
      sy.push(y);
      continue;
    }
    const loop = new Int32Array(2 * (sx.length - p));
    for (let j = p; j < sx.length; j++) {
      loop[2 * (j - p)] = sx[j];
      loop[2 * (j - p) + 1] = sy[j];
      if (j > p) pos.delete(sy[j] * (W + 1) + sx[j]);
    }
    loops.push(loop);
    sx.length = p + 1;
    sy.length = p + 1;
  }
  const rest = new Int32Array(2 * sx.length);
  for (let j = 0; j < sx.length; j++) {
    rest[2 * j] = sx[j];
    rest[2 * j + 1] = sy[j];
  }
  loops.push(rest);
  return loops;
}

/** Twice the signed shoelace area of a flat xy loop (pixel space, y down: negative = outer). */
function loopArea2(xy: ArrayLike<number>, s: number, e: number): number {
  let a = 0;
  let px = xy[2 * (e - 1)];
  let py = xy[2 * (e - 1) + 1];
  for (let v = s; v < e; v++) {
    const qx = xy[2 * v];
    const qy = xy[2 * v + 1];
    a += px * qy - qx * py;
    px = qx;
    py = qy;
  }
  return a;
}

/** A flat pixel-corner loop in world coordinates, closed, reversed when `reverse`. */
function toWorld(xy: ArrayLike<number>, s: number, e: number, t: Affine, reverse: boolean): LinearRing {
  const [x0, dx, rx, y0, ry, dy] = t;
  const out: LinearRing = new Array(e - s + 1);
  for (let j = 0; j < e - s; j++) {
    const v = reverse ? e - 1 - j : s + j;
    const px = xy[2 * v];
    const py = xy[2 * v + 1];
    out[j] = [x0 + px * dx + py * rx, y0 + px * ry + py * dy];
  }
  out[e - s] = out[0];
  return out;
}

/** Even-odd test of a pixel-space point against a flat loop. */
function loopContains(xy: ArrayLike<number>, s: number, e: number, x: number, y: number): boolean {
  let inside = false;
  let px = xy[2 * (e - 1)];
  let py = xy[2 * (e - 1) + 1];
  for (let v = s; v < e; v++) {
    const qx = xy[2 * v];
    const qy = xy[2 * v + 1];
    if (qy > y !== py > y && x < ((px - qx) * (y - qy)) / (py - qy) + qx) inside = !inside;
    px = qx;
    py = qy;
  }
  return inside;
}

/**
 * Polygons per piece (4-connected piece of equal value): its one outer loop and its hole loops, rings
 * that touch themselves split into simple loops first, so that the output is valid in the OGC sense
 * (simple rings; holes may touch their shell or each other at a vertex; the polygons of a feature
 * touch only at corners). Traced outer loops have negative `area2` (pixel space, y down); world
 * orientation is multiplied by the sign of the affine's determinant, and RFC 7946 wants outer rings
 * with positive world area (counter-clockwise), so loops are reversed when the determinant is positive.
 */
function assemblePieces(rings: TracedRings, pieceOfRing: Int32Array, nPieces: number, W: number, t: Affine): Array<LinearRing[][] | undefined> {
  const reverse = t[1] * t[5] - t[2] * t[4] > 0;
  const shells: Array<LinearRing[] | undefined> = new Array(nPieces + 1);
  const shellLoops: Array<Array<[Int32Array, number, number, number]> | undefined> = new Array(nPieces + 1);
  const holes: Array<Array<{ ring: LinearRing; x: number; y: number }> | undefined> = new Array(nPieces + 1);
  const xy = rings.xy;
  for (let k = 0; k < rings.count; k++) {
    const p = pieceOfRing[k];
    const s = rings.start[k];
    const e = rings.start[k + 1];
    const parts: Array<[Int32Array, number, number]> = rings.saddles[k] >= 2 ? splitAtRepeats(xy, s, e, W).map((l) => [l, 0, l.length >> 1]) : [[xy, s, e]];
    for (const [arr, a, b] of parts) {
      const a2 = parts.length === 1 ? rings.area2[k] : loopArea2(arr, a, b);
      const ring = toWorld(arr, a, b, t, reverse);
      if (a2 < 0) {
        (shells[p] ??= []).push(ring);
        (shellLoops[p] ??= []).push([arr, a, b, -a2]);
      } else {
        // A point inside the hole: the cell to the right of its first edge (the ring's label is on the left).
        const x0 = arr[2 * a];
        const y0 = arr[2 * a + 1];
        const x1 = arr[2 * a + 2];
        const y1 = arr[2 * a + 3];
        const hx = Math.sign(x1 - x0);
        const hy = Math.sign(y1 - y0);
        (holes[p] ??= []).push({ ring, x: x0 + 0.5 * hx - 0.5 * hy, y: y0 + 0.5 * hy + 0.5 * hx });
      }
    }
  }
  const out: Array<LinearRing[][] | undefined> = new Array(nPieces + 1);
  for (let p = 1; p <= nPieces; p++) {
    const sh = shells[p];
    if (!sh) continue;
    const polys: LinearRing[][] = sh.map((r) => [r]);
    for (const h of holes[p] ?? []) {
      let owner = 0;
      if (sh.length > 1) {
        // Not expected for a connected piece; kept exact anyway: the smallest shell around the hole.
        let best = Infinity;
        shellLoops[p]!.forEach(([arr, a, b, area2], j) => {
          if (area2 < best && loopContains(arr, a, b, h.x, h.y)) {
            best = area2;
            owner = j;
          }
        });
      }
      polys[owner].push(h.ring);
    }
    out[p] = polys;
  }
  return out;
}
