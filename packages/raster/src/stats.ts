import type { Grid, GridData } from './grid.js';

export interface GridStats {
  /** Smallest valid value (NaN when there is none). */
  min: number;
  max: number;
  /** Mean of the valid values, accumulated in float64 (NaN when there is none). */
  mean: number;
  validCells: number;
  nodataCells: number;
}

/**
 * Min, max and mean of the valid cells and the count of no-data cells. Float grids: NaN is no data.
 * Integer grids: cells equal to `grid.nodata` are no data.
 */
export function gridStats(grid: Grid<GridData>): GridStats {
  const { data } = grid;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let valid = 0;
  const n = grid.width * grid.height;
  if (data instanceof Float32Array || data instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (v !== v) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      valid++;
    }
  } else {
    const nd = grid.nodata ?? NaN;
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (v === nd) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      valid++;
    }
  }
  if (valid === 0) return { min: NaN, max: NaN, mean: NaN, validCells: 0, nodataCells: n };
  return { min, max, mean: sum / valid, validCells: valid, nodataCells: n - valid };
}
