/**
 * Protection lines from GeoJSON to the pixel-corner polylines that `rasterizeBarriers` of
 * @floodzone/core applies to cell edges.
 */
import { InputError, invertAffine, type Crs } from '@floodzone/raster';
import type { VectorGridRef } from '../vectorize/index.js';
import { toGridCrs } from './crs.js';
import { gridBBox, looksGeographic, type RasterizeOptions } from './polygons.js';

/** Same shape as `BarrierLine` of @floodzone/core: pixel-corner (col, row) pairs and a crest in metres. */
export interface PixelBarrierLine {
  /** x0, y0, x1, y1, … in pixel-corner coordinates: cell (c, r) spans [c, c+1] × [r, r+1]. */
  points: Float64Array;
  crest: number;
  /** Index of the GeoJSON feature the line came from. */
  feature: number;
}

export interface BarrierLinesOptions extends RasterizeOptions {
  /** Property holding the crest elevation in metres (DEM datum). Default `crest`. */
  crestProperty?: string;
}

/**
 * Reads protection lines (a FeatureCollection or Feature of LineString / MultiLineString geometries,
 * each with a numeric `crest` property in metres, in the DEM's vertical datum) and maps them to the
 * grid's pixel-corner coordinates, transforming from the file's CRS when it names another one (see
 * `toGridCrs`). Throws InputError naming the file and the feature index for a missing or non-numeric
 * crest, a non-line geometry, or a line that lies wholly outside the grid.
 */
export function barrierLinesToPixels(geojson: unknown, grid: VectorGridRef, options: BarrierLinesOptions = {}): PixelBarrierLine[] {
  const name = options.name ?? 'barriers';
  const prop = options.crestProperty ?? 'crest';
  const o = geojson as { type?: unknown; features?: unknown };
  let features: unknown[];
  if (o && o.type === 'FeatureCollection' && Array.isArray(o.features)) features = o.features;
  else if (o && o.type === 'Feature') features = [o];
  else throw new InputError(`${name}: expected a GeoJSON FeatureCollection of LineStrings with a "${prop}" property`, name);

  // Parts per feature, validated.
  const parts: Array<{ feature: number; crest: number; coords: number[][] }> = [];
  features.forEach((f, k) => {
    const feat = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null };
    if (!feat || feat.type !== 'Feature') throw new InputError(`${name}: feature ${k} is not a GeoJSON Feature`, name);
    const raw = feat.properties?.[prop];
    const crest = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(crest)) {
      throw new InputError(
        `${name}: feature ${k} has ${raw === undefined || raw === null ? `no "${prop}" property` : `"${prop}": ${JSON.stringify(raw)}`}; give each line a numeric crest elevation in metres`,
        name,
      );
    }
    const g = feat.geometry;
    if (!g) throw new InputError(`${name}: feature ${k} has no geometry; give a LineString`, name);
    let lines: unknown[];
    if (g.type === 'LineString') lines = [g.coordinates];
    else if (g.type === 'MultiLineString' && Array.isArray(g.coordinates)) lines = g.coordinates;
    else throw new InputError(`${name}: feature ${k} is a ${String(g.type)}; protection lines must be LineString or MultiLineString`, name);
    for (const line of lines) {
      if (!Array.isArray(line) || line.length < 2) throw new InputError(`${name}: feature ${k} has a line with fewer than two positions`, name);
      for (const p of line) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          throw new InputError(`${name}: feature ${k} has a position that is not [x, y] numbers`, name);
        }
      }
      parts.push({ feature: k, crest, coords: line as number[][] });
    }
  });

  const gb = gridBBox(grid);
  const toGrid = toGridCrs(
    geojson,
    grid.crs,
    looksGeographic(gb),
    () => parts.length > 0 && parts.every((p) => p.coords.every((q) => Math.abs(q[0]!) <= 180 && Math.abs(q[1]!) <= 90)),
    name,
    options.crs as Crs | undefined,
  );
  const [ix0, ia, ib, iy0, ic, id] = invertAffine(grid.transform);
  const out: PixelBarrierLine[] = [];
  for (const part of parts) {
    const n = part.coords.length;
    const points = new Float64Array(2 * n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let j = 0; j < n; j++) {
      let X = part.coords[j]![0]!;
      let Y = part.coords[j]![1]!;
      if (toGrid) [X, Y] = toGrid(X, Y);
      const cx = ix0 + X * ia + Y * ib;
      const cy = iy0 + X * ic + Y * id;
      if (!Number.isFinite(cx) || !Number.isFinite(cy)) {
        throw new InputError(`${name}: feature ${part.feature} cannot be placed on the grid (a coordinate transforms to a non-finite value); check its CRS`, name);
      }
      points[2 * j] = cx;
      points[2 * j + 1] = cy;
      if (cx < minX) minX = cx;
      if (cx > maxX) maxX = cx;
      if (cy < minY) minY = cy;
      if (cy > maxY) maxY = cy;
    }
    if (maxX < 0 || maxY < 0 || minX > grid.width || minY > grid.height) {
      const crsName = grid.crs ? ` in ${grid.crs.code ?? grid.crs.name}` : '';
      throw new InputError(
        `${name}: feature ${part.feature} lies wholly outside the DEM (grid extent [${gb.map((v) => +v.toPrecision(10)).join(', ')}]${crsName}); give lines that cross the DEM, in its CRS or with a "crs" member`,
        name,
      );
    }
    out.push({ points, crest: part.crest, feature: part.feature });
  }
  return out;
}
