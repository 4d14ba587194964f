/**
 * The raster record every floodzone function reads and writes: one plain object around a flat
 * row-major typed array (`data[row * width + col]`).
 */

/**
 * GDAL affine geotransform `[x0, dx, rx, y0, ry, dy]`:
 * `X = x0 + col·dx + row·rx`, `Y = y0 + col·ry + row·dy`, where (col, row) are pixel-corner
 * coordinates: (0, 0) is the outer corner of the first cell, a cell's centre is (col + 0.5, row + 0.5).
 */
export type Affine = readonly [x0: number, dx: number, rx: number, y0: number, ry: number, dy: number];

/** Horizontal coordinate reference system of a grid or of vector data. */
export interface Crs {
  /** Authority code such as `EPSG:6677`, or null when the CRS has none (custom proj4 string). */
  readonly code: string | null;
  /** Human-readable name, e.g. `JGD2011 / Japan Plane Rectangular CS IX`. */
  readonly name: string;
  /** proj4 definition string. */
  readonly proj4: string;
  /** True for latitude/longitude CRSs (cell areas then come from the ellipsoid). */
  readonly geographic: boolean;
}

/** Sample arrays a grid may hold: elevations and levels in Float32Array, masks Uint8Array, labels Int32Array. */
export type GridData = Float32Array | Float64Array | Uint8Array | Int32Array | Uint32Array | Int16Array | Uint16Array;

export interface Grid<T extends GridData = Float32Array> {
  /** Row-major samples; for float grids NaN means "no data" everywhere inside the library. */
  readonly data: T;
  readonly width: number;
  readonly height: number;
  readonly transform: Affine;
  /** null when the source carried no CRS (a local or synthetic grid). */
  readonly crs: Crs | null;
  /** The nodata value of the source file (kept to write it back); inside, float no-data is NaN. */
  readonly nodata: number | null;
}

/** Elevation or water-level grid in metres. */
export type FloatGrid = Grid<Float32Array>;
/** 0/1 mask grid. */
export type MaskGrid = Grid<Uint8Array>;
/** Label grid: 0 = none, 1..n = component id. */
export type LabelGrid = Grid<Int32Array>;
