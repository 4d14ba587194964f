import type { SeaSource } from './types.js';

/**
 * Calls `visit(i)` once for each source cell of `sea` (linear index `row * w + col`): for `border`
 * every border cell (top and bottom rows, then the left and right columns of the rows between); for
 * `mask` every cell marked 1 in row-major order; for `seeds` the given cells in their order. Every
 * kernel starts from the same sources this way; `visit` decides what a source is at its level.
 */
export function forEachSourceCell(sea: SeaSource, w: number, h: number, visit: (i: number) => void): void {
  if (sea.kind === 'border') {
    for (let c = 0; c < w; c++) {
      visit(c);
      if (h > 1) visit((h - 1) * w + c);
    }
    for (let r = 1; r < h - 1; r++) {
      visit(r * w);
      if (w > 1) visit(r * w + w - 1);
    }
  } else if (sea.kind === 'mask') {
    const m = sea.mask;
    for (let i = 0; i < m.length; i++) if (m[i] === 1) visit(i);
  } else {
    const cells = sea.cells;
    for (let k = 0; k < cells.length; k++) visit(cells[k]!);
  }
}
