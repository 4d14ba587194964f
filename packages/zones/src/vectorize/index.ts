/**
 * Flood polygons: a flood mask (or its component labels) to GeoJSON MultiPolygons in world
 * coordinates, one feature per connected flood area, with area, volume and depth statistics.
 */
import { InputError, throwIfAborted, type RunOptions } from '@floodzone/core';
import { cellAreas, type Affine, type Crs } from '@floodzone/raster';
import type { GeoJsonFeature, GeoJsonFeatureCollection, LinearRing, MultiPolygonGeometry } from './geojson.js';
import { maskRuns, runLabelAt } from './runs.js';
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
 *   too). With 8-connectivity a ring may touch itself or a hole at a single vertex where two cells meet
 *   diagonally. Coordinates stay in the grid's CRS.
 * - Properties: `FloodAreaProperties`, areas from `rowAreas` (so geodesic on geographic grids).
 *
 * Runs in O(cells + boundary length): pixel-edge boundary tracing with holes assigned by label.
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
  let maxLabel: number;
  let cells: Float64Array;
  let area: Float64Array;
  let volume: Float64Array | undefined;
  let maxDepth: Float64Array | undefined;
  let rings: TracedRings;

  if (mask instanceof Int32Array) {
    // Label grid: statistics per cell, rings per label.
    const labels = mask;
    maxLabel = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] > maxLabel) maxLabel = labels[i];
    cells = new Float64Array(maxLabel + 1);
    area = new Float64Array(maxLabel + 1);
    volume = depth ? new Float64Array(maxLabel + 1) : undefined;
    maxDepth = depth ? new Float64Array(maxLabel + 1) : undefined;
    for (let r = 0; r < H; r++) {
      const a = rowAreas[r];
      const base = r * W;
      for (let c = 0; c < W; c++) {
        const L = labels[base + c];
        if (L <= 0) continue;
        cells[L]++;
        area[L] += a;
        if (depth && volume && maxDepth) {
          const v = depth[base + c];
          if (v > 0) {
            volume[L] += v * a;
            if (v > maxDepth[L]) maxDepth[L] = v;
          }
        }
      }
    }
    options.onProgress?.(1, 3, 'vectorize');
    rings = traceLabelRings(labels, W, H, connectivity === 8, signal);
  } else {
    // 0/1 mask: components by run-length union-find (memory per run, not per cell), statistics per
    // run, rings traced on the mask itself (8-adjacent set cells always share a component), each
    // ring's component read from the run at its first cell.
    let bin = mask;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] > 1) {
        bin = new Uint8Array(mask.length);
        for (let j = 0; j < mask.length; j++) bin[j] = mask[j] !== 0 ? 1 : 0;
        break;
      }
    }
    const runs = maskRuns(bin, W, H, connectivity === 8, signal);
    maxLabel = runs.components;
    cells = new Float64Array(maxLabel + 1);
    area = new Float64Array(maxLabel + 1);
    volume = depth ? new Float64Array(maxLabel + 1) : undefined;
    maxDepth = depth ? new Float64Array(maxLabel + 1) : undefined;
    for (let r = 0; r < H; r++) {
      const a = rowAreas[r];
      const base = r * W;
      for (let k = runs.rowStart[r]; k < runs.rowStart[r + 1]; k++) {
        const L = runs.label[k];
        const c0 = runs.col0[k];
        const c1 = runs.col1[k];
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
    rings = traceLabelRings(bin, W, H, connectivity === 8, signal);
    const label = rings.label;
    for (let k = 0; k < rings.count; k++) {
      label[k] = runLabelAt(runs, rings.probeY[k] + 0.5, rings.probeX[k] - 0.5);
    }
  }
  throwIfAborted(signal);
  options.onProgress?.(2, 3, 'vectorize');

  const polygons = assemblePolygons(rings, maxLabel, transform);

  const features: FloodAreaFeature[] = [];
  for (let L = 1; L <= maxLabel; L++) {
    const polys = polygons[L];
    if (!polys || cells[L] === 0) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: polys },
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

/** Ring k of `rings` in world coordinates, closed, reversed when `reverse` (to keep RFC 7946 winding). */
function worldRing(rings: TracedRings, k: number, t: Affine, reverse: boolean): LinearRing {
  const [x0, dx, rx, y0, ry, dy] = t;
  const s = rings.start[k];
  const e = rings.start[k + 1];
  const xy = rings.xy;
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

/** Even-odd test of a pixel-space point against ring k. */
function ringContains(rings: TracedRings, k: number, x: number, y: number): boolean {
  const s = rings.start[k];
  const e = rings.start[k + 1];
  const xy = rings.xy;
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
 * Groups rings into polygons per label. Traced rings have negative `area2` when outer (pixel space,
 * y down); in world space the orientation is multiplied by the sign of the affine's determinant, and
 * RFC 7946 wants outer rings with positive world area (counter-clockwise).
 */
function assemblePolygons(rings: TracedRings, maxLabel: number, t: Affine): Array<LinearRing[][] | undefined> {
  const det = t[1] * t[5] - t[2] * t[4];
  // Outer rings: world signed area = det · area2 / 2 < 0 when det > 0, so reverse then.
  const reverse = det > 0;
  const outerCount = new Int32Array(maxLabel + 1);
  const firstOuter = new Int32Array(maxLabel + 1).fill(-1);
  for (let k = 0; k < rings.count; k++) {
    if (rings.area2[k] < 0) {
      const L = rings.label[k];
      if (outerCount[L]++ === 0) firstOuter[L] = k;
    }
  }
  // Polygon index of each outer ring within its label's MultiPolygon.
  const polys: Array<LinearRing[][] | undefined> = new Array(maxLabel + 1);
  const polyOfOuter = new Int32Array(rings.count).fill(-1);
  const outersOf: Array<number[] | undefined> = new Array(maxLabel + 1);
  for (let k = 0; k < rings.count; k++) {
    if (rings.area2[k] >= 0) continue;
    const L = rings.label[k];
    const list = (polys[L] ??= []);
    polyOfOuter[k] = list.length;
    list.push([worldRing(rings, k, t, reverse)]);
    if (outerCount[L] > 1) (outersOf[L] ??= []).push(k);
  }
  for (let k = 0; k < rings.count; k++) {
    if (rings.area2[k] < 0) continue;
    const L = rings.label[k];
    let owner = firstOuter[L];
    if (outerCount[L] > 1) {
      // Labels that are not connected components: the innermost outer ring of the label around the hole.
      owner = -1;
      let best = Infinity;
      for (const o of outersOf[L] ?? []) {
        const a = -rings.area2[o];
        if (a < best && ringContains(rings, o, rings.probeX[k], rings.probeY[k])) {
          best = a;
          owner = o;
        }
      }
    }
    if (owner < 0) continue; // cannot happen for a hole: it lies inside an outer ring of its label
    polys[L]![polyOfOuter[owner]].push(worldRing(rings, k, t, reverse));
  }
  return polys;
}
