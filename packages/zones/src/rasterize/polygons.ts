/**
 * Polygons to a cell mask: a cell is inside when its centre is inside (even-odd over the rings of a
 * polygon, so holes are holes; the polygons of a MultiPolygon or FeatureCollection are OR-ed).
 */
import { InputError, invertAffine, type Crs } from '@floodzone/raster';
import type { VectorGridRef } from '../vectorize/index.js';
import { toGridCrs } from './crs.js';

export interface RasterizeOptions {
  /** The input's name (file path) for error messages. */
  name?: string;
  /** CRS of the coordinates, overriding the file's `crs` member (see `toGridCrs`). */
  crs?: Crs;
}

type Ring = ArrayLike<ArrayLike<number>>;

/** Collects the polygons (arrays of rings) of a GeoJSON object; throws on other geometry types. */
function collectPolygons(geojson: unknown, name: string): Ring[][] {
  const out: Ring[][] = [];
  const visit = (g: unknown, where: string): void => {
    const o = g as { type?: unknown; coordinates?: unknown; geometries?: unknown; features?: unknown; geometry?: unknown };
    if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.type !== 'string') {
      throw new InputError(`${name}: ${where} is not a GeoJSON object (no "type" member); give Polygon or MultiPolygon geometries`, name);
    }
    switch (o.type) {
      case 'FeatureCollection':
        if (!Array.isArray(o.features)) throw new InputError(`${name}: FeatureCollection without a features array`, name);
        o.features.forEach((f, k) => visit(f, `feature ${k}`));
        return;
      case 'Feature':
        if (o.geometry === null) return;
        visit(o.geometry, where);
        return;
      case 'GeometryCollection':
        if (!Array.isArray(o.geometries)) throw new InputError(`${name}: ${where} GeometryCollection without geometries`, name);
        o.geometries.forEach((x) => visit(x, where));
        return;
      case 'Polygon':
        out.push(checkRings(o.coordinates, name, where));
        return;
      case 'MultiPolygon':
        if (!Array.isArray(o.coordinates)) throw new InputError(`${name}: ${where} MultiPolygon has no coordinates`, name);
        for (const p of o.coordinates) out.push(checkRings(p, name, where));
        return;
      default:
        throw new InputError(`${name}: ${where} is a ${String(o.type)}; give Polygon or MultiPolygon geometries`, name);
    }
  };
  visit(geojson, 'the top-level object');
  return out;
}

function checkRings(coords: unknown, name: string, where: string): Ring[] {
  if (!Array.isArray(coords)) throw new InputError(`${name}: ${where} has a polygon without coordinates`, name);
  for (const ring of coords) {
    if (!Array.isArray(ring)) throw new InputError(`${name}: ${where} has a ring that is not an array of positions`, name);
    for (const p of ring) {
      if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        throw new InputError(`${name}: ${where} has a position that is not [x, y] numbers`, name);
      }
    }
  }
  return coords as Ring[];
}

/** World extent of the grid as [minx, miny, maxx, maxy]. */
export function gridBBox(grid: VectorGridRef): [number, number, number, number] {
  const [x0, dx, rx, y0, ry, dy] = grid.transform;
  const xs = [x0, x0 + grid.width * dx, x0 + grid.height * rx, x0 + grid.width * dx + grid.height * rx];
  const ys = [y0, y0 + grid.width * ry, y0 + grid.height * dy, y0 + grid.width * ry + grid.height * dy];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function looksGeographic(b: readonly number[]): boolean {
  return b[0] >= -180 && b[2] <= 360 && b[1] >= -90 && b[3] <= 90;
}

/**
 * A 0/1 mask of the grid's cells whose centres lie inside the polygons of `geojson` (a
 * FeatureCollection, Feature, Polygon or MultiPolygon; even-odd within each polygon, union across
 * polygons). Coordinates are brought into the grid's CRS first (see `toGridCrs`). Throws InputError
 * naming `options.name` when a geometry is not polygonal, or when the polygons cover no cell centre of
 * the grid (wholly outside it, or too thin).
 */
export function rasterizePolygons(geojson: unknown, grid: VectorGridRef, options: RasterizeOptions = {}): Uint8Array {
  const name = options.name ?? 'polygons';
  const polygons = collectPolygons(geojson, name);
  const W = grid.width;
  const H = grid.height;
  const gb = gridBBox(grid);
  const toGrid = toGridCrs(
    geojson,
    grid.crs,
    looksGeographic(gb),
    () => {
      for (const poly of polygons) for (const ring of poly) for (let k = 0; k < ring.length; k++) {
        const p = ring[k];
        if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)) return false;
      }
      return polygons.length > 0;
    },
    name,
    options.crs,
  );
  const inv = invertAffine(grid.transform);
  const [ix0, ia, ib, iy0, ic, id] = inv;
  const mask = new Uint8Array(W * H);
  let any = false;
  const fill = (base: number, c0: number, c1: number): void => {
    mask.fill(1, base + c0, base + c1);
    any = true;
  };
  for (const poly of polygons) {
    const rings = poly.map((ring) => {
      const out = new Float64Array(ring.length * 2);
      for (let k = 0; k < ring.length; k++) {
        const p = ring[k];
        let X = p[0];
        let Y = p[1];
        if (toGrid) [X, Y] = toGrid(X, Y);
        out[2 * k] = ix0 + X * ia + Y * ib;
        out[2 * k + 1] = iy0 + X * ic + Y * id;
      }
      return out;
    });
    scanPixelPolygon(rings, W, H, fill);
  }
  if (!any) {
    const crsName = grid.crs ? ` (${grid.crs.code ?? grid.crs.name})` : '';
    throw new InputError(
      `${name}: the polygons cover no cell centre of the grid (grid extent [${gb.map((v) => +v.toPrecision(10)).join(', ')}]${crsName}); give polygons that overlap the DEM, in its CRS or with a "crs" member`,
      name,
    );
  }
  return mask;
}

/**
 * Scan conversion of one polygon given in pixel-corner coordinates (each ring flattened
 * [c0, r0, c1, r1, …], closed or not): calls `emit(row * width, c0, c1)` for each run of cells
 * c0 ≤ c < c1 of a row whose centres lie inside (even-odd over the rings; a centre on a left edge is
 * in, on a right edge out). Active-edge scan, no per-cell work. Returns the number of cells emitted.
 */
export function scanPixelPolygon(rings: readonly ArrayLike<number>[], width: number, height: number, emit: (base: number, c0: number, c1: number) => void): number {
  // Edges with y0 < y1 (horizontal edges never cross a row centre).
  let nEdges = 0;
  for (const ring of rings) nEdges += ring.length >> 1;
  const ex0 = new Float64Array(nEdges);
  const ey0 = new Float64Array(nEdges);
  const ex1 = new Float64Array(nEdges);
  const ey1 = new Float64Array(nEdges);
  let m = 0;
  let ymin = Infinity;
  let ymax = -Infinity;
  for (const ring of rings) {
    const n = ring.length >> 1;
    if (n < 3) continue;
    let px = ring[2 * n - 2];
    let py = ring[2 * n - 1];
    for (let k = 0; k < n; k++) {
      const cx = ring[2 * k];
      const cy = ring[2 * k + 1];
      if (cy !== py) {
        if (py < cy) {
          ex0[m] = px; ey0[m] = py; ex1[m] = cx; ey1[m] = cy;
        } else {
          ex0[m] = cx; ey0[m] = cy; ex1[m] = px; ey1[m] = py;
        }
        if (ey0[m] < ymin) ymin = ey0[m];
        if (ey1[m] > ymax) ymax = ey1[m];
        m++;
      }
      px = cx;
      py = cy;
    }
  }
  if (m === 0) return 0;
  // Rows whose centre r + 0.5 lies in [ymin, ymax).
  const r0 = Math.max(0, Math.ceil(ymin - 0.5));
  const r1 = Math.min(height - 1, Math.ceil(ymax - 0.5) - 1);
  if (r0 > r1) return 0;
  // Active-edge scan: edges sorted by their lower y.
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[k] = k;
  order.sort((a, b) => ey0[a] - ey0[b]);
  let next = 0;
  let active: number[] = [];
  let xs = new Float64Array(16);
  let emitted = 0;
  for (let r = r0; r <= r1; r++) {
    const yc = r + 0.5;
    while (next < m && ey0[order[next]] <= yc) active.push(order[next++]);
    let n = 0;
    const keep: number[] = [];
    for (const e of active) {
      if (ey1[e] <= yc) continue; // edge ended
      keep.push(e);
      if (n === xs.length) {
        const bigger = new Float64Array(xs.length * 2);
        bigger.set(xs);
        xs = bigger;
      }
      xs[n++] = ex0[e] + ((yc - ey0[e]) * (ex1[e] - ex0[e])) / (ey1[e] - ey0[e]);
    }
    active = keep;
    if (n < 2) continue;
    const row = xs.subarray(0, n).sort();
    const base = r * width;
    for (let k = 0; k + 1 < n; k += 2) {
      // Cells with centre c + 0.5 in [xa, xb).
      const c0 = Math.max(0, Math.ceil(row[k] - 0.5));
      const c1 = Math.min(width, Math.ceil(row[k + 1] - 0.5));
      if (c1 > c0) {
        emit(base, c0, c1);
        emitted += c1 - c0;
      }
    }
  }
  return emitted;
}
