/**
 * Pure helpers for the GDAL affine geotransform `[x0, dx, rx, y0, ry, dy]`.
 *
 * Every function works in **pixel-corner space** unless its name says otherwise: (col, row) = (0, 0)
 * is the outer corner of the first cell and a cell's centre is (col + 0.5, row + 0.5).
 */
import { InputError } from './errors.js';
import type { Affine, Grid, GridData } from './grid.js';

/** World coordinates of the pixel-corner position (col, row): `X = x0 + col·dx + row·rx`, `Y = y0 + col·ry + row·dy`. */
export function applyAffine(t: Affine, col: number, row: number): [x: number, y: number] {
  return [t[0] + col * t[1] + row * t[2], t[3] + col * t[4] + row * t[5]];
}

/** World coordinates of the centre of cell (col, row) (integer indices). */
export function cellCentre(t: Affine, col: number, row: number): [x: number, y: number] {
  return applyAffine(t, col + 0.5, row + 0.5);
}

/** The transform that maps world (x, y) back to pixel-corner (col, row), as a GDAL 6-tuple. */
export function invertAffine(t: Affine): Affine {
  const [x0, dx, rx, y0, ry, dy] = t;
  const det = dx * dy - rx * ry;
  if (!Number.isFinite(det) || det === 0) {
    throw new InputError(`geotransform [${t.join(', ')}] is singular (zero or non-finite cell size); give a transform with non-zero pixel sizes`);
  }
  const a = dy / det;
  const b = -rx / det;
  const c = -ry / det;
  const d = dx / det;
  // col = a·(X − x0) + b·(Y − y0); row = c·(X − x0) + d·(Y − y0)
  return [-(a * x0 + b * y0), a, b, -(c * x0 + d * y0), c, d];
}

/** Fractional pixel-corner (col, row) of world (x, y): `floor()` of it gives the cell that contains the point. */
export function worldToPixel(t: Affine, x: number, y: number): [col: number, row: number] {
  return applyAffine(invertAffine(t), x, y);
}

/** True when the transform has rotation/shear terms (rx or ry non-zero). */
export function isRotated(t: Affine): boolean {
  return t[2] !== 0 || t[4] !== 0;
}

/** The (positive) cell size along columns and rows in CRS units: lengths of the column and row vectors. */
export function cellSize(t: Affine): [sizeX: number, sizeY: number] {
  return [Math.hypot(t[1], t[4]), Math.hypot(t[2], t[5])];
}

/**
 * The window `[col0, row0, col1, row1]` (col1/row1 exclusive, clamped to the grid) of the cells that
 * intersect the world bbox `[minx, miny, maxx, maxy]` (for rotated grids: the cells whose pixel-space
 * bounding box of the bbox's four corners covers them). An empty intersection gives col0 === col1 or
 * row0 === row1.
 */
export function windowOfBBox(
  grid: Pick<Grid<GridData>, 'width' | 'height' | 'transform'>,
  bbox: readonly [minx: number, miny: number, maxx: number, maxy: number],
): [col0: number, row0: number, col1: number, row1: number] {
  const [minx, miny, maxx, maxy] = bbox;
  if (!(minx <= maxx && miny <= maxy)) {
    throw new InputError(`bbox [${bbox.join(', ')}] must be [minx, miny, maxx, maxy] with min <= max`);
  }
  const inv = invertAffine(grid.transform);
  let c0 = Infinity;
  let r0 = Infinity;
  let c1 = -Infinity;
  let r1 = -Infinity;
  for (const [x, y] of [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy]] as const) {
    const [c, r] = applyAffine(inv, x, y);
    if (c < c0) c0 = c;
    if (c > c1) c1 = c;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  const col0 = clamp(Math.floor(c0), grid.width);
  const row0 = clamp(Math.floor(r0), grid.height);
  const col1 = Math.max(col0, clamp(Math.ceil(c1), grid.width));
  const row1 = Math.max(row0, clamp(Math.ceil(r1), grid.height));
  return [col0, row0, col1, row1];
}

/** The transform of the sub-grid that starts at pixel-corner (col0, row0) of `t`. */
export function windowTransform(t: Affine, col0: number, row0: number): Affine {
  const [x, y] = applyAffine(t, col0, row0);
  return [x, t[1], t[2], y, t[4], t[5]];
}
