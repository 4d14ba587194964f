import type { RunOptions } from '../util/abort.js';

/**
 * Where the sea is. `border`: every valid border cell with `z < L` (and, with `nodataIsSea`, every
 * border nodata cell). `mask`: cells with `mask[i] === 1` (same size as the DEM). `seeds`: linear cell
 * indices `row * width + col`. A source cell floods at L iff it is valid and `z < L`; a nodata source
 * conducts at every level only with `nodataIsSea`, otherwise it is ignored.
 */
export type SeaSource =
  | { kind: 'border' }
  | { kind: 'mask'; mask: Uint8Array }
  | { kind: 'seeds'; cells: ArrayLike<number> };

/**
 * Crest per blocked move between neighbouring cells (see `rasterizeBarriers`). Sparse: only cells with
 * at least one blocked move are listed. Crests are stored as float32 (like the DEM) so that spill levels
 * stay exact: a move is blocked while `L <= crest`.
 */
export interface EdgeBarriers {
  readonly width: number;
  readonly height: number;
  /** Sorted, unique linear indices of cells with at least one blocked move. */
  readonly cells: Int32Array;
  /** 8 crests per entry of `cells`, in `DIRECTIONS` order; `-Infinity` = that move is open. Symmetric. */
  readonly crest: Float32Array;
  /**
   * Parallel to `crest`: index of the line (in the order given to `rasterizeBarriers`) whose crest
   * blocks that move, −1 where open. Optional for hand-built barriers.
   */
  readonly line?: Int32Array;
}

/** Options shared by the flood fill and the spill levels. */
export interface FloodOptions extends RunOptions {
  /** 8 (default, as NOAA's method) or 4 (conservative: no diagonal moves). */
  connectivity?: 4 | 8;
  /** Default `{ kind: 'border' }`. */
  sea?: SeaSource;
  /** Nodata cells are open water at every level (they conduct, never count as flooded). Default false: nodata blocks. */
  nodataIsSea?: boolean;
  /** Protection lines applied to moves between cells, from `rasterizeBarriers`. */
  barriers?: EdgeBarriers;
}

/**
 * The 8 moves, in the order used by `EdgeBarriers.crest`: E, SE, S, SW, W, NW, N, NE as (dCol, dRow)
 * with rows growing downwards. The opposite of direction d is `(d + 4) & 7`; the 4-connected moves are
 * the even directions.
 */
export const DIRECTIONS: readonly (readonly [dCol: number, dRow: number])[] = [
  [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1],
];
