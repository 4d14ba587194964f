import type { FloatGrid } from '@floodzone/raster';
import { throwIfAborted, type RunOptions } from '../util/abort.js';
import { InputError } from '../util/errors.js';
import { priorityFlood, type SpillOptions, type SpillResult } from './spill.js';
import type { EdgeBarriers, SeaSource } from './types.js';
import { checkBarriers, checkConnectivity, checkDem, checkSea, findBarrierSlot } from './validate.js';

/**
 * Spill levels in parallel: the DEM is cut into bands of rows, each band's W is computed on its own
 * (`spillBandLevels`, in a worker thread or anywhere: plain typed arrays in and out), and
 * `joinSpillBands` then lowers W where a path through another band is lower. The result is the W of
 * `spillLevels`, bit for bit.
 *
 * Why it is exact: a band's W is the minimax over paths that stay inside the band, an upper bound of
 * the true W, and already consistent along every move inside the band. Only the moves across a cut
 * can lower a cell, so the join runs a Dijkstra on the minimax path cost (Dijkstra 1959; seeded from
 * the cut, lowering only) that starts from those moves and spreads wherever W drops, in either band:
 * the incremental shortest-path update for inserted edges (Ramalingam & Reps 1996, "An incremental
 * algorithm for a generalization of the shortest-path problem", J. Algorithms 21:267–305). All values
 * are float32 elevations or crests compared and never added, so no rounding can differ.
 */
export interface SpillBand {
  /** First row of the band in the whole DEM. */
  readonly r0: number;
  /** One past the last row. */
  readonly r1: number;
  /** The band's rows as a grid: a view of the whole DEM's data, its transform moved to row r0. */
  readonly dem: FloatGrid;
  /** The caller's options as they apply inside the band (band-local sources and barriers). */
  readonly options: SpillBandOptions;
}

/** What `spillBandLevels` needs besides the band's DEM: structured-cloneable (no signal, no callback). */
export interface SpillBandOptions {
  readonly connectivity: 4 | 8;
  readonly sea: SeaSource;
  readonly nodataIsSea: boolean;
  readonly barriers?: EdgeBarriers;
  readonly maxLevel: number;
}

/**
 * Cuts the DEM into `parts` bands of (nearly) equal rows, each with the sources and barriers that fall
 * inside it. Cheap: views and small lists. `sills` are not supported (use `spillLevels`).
 */
export function splitSpillBands(dem: FloatGrid, options: SpillOptions, parts: number): SpillBand[] {
  checkDem(dem);
  if (options.sills === true) throw new InputError('sills are not computed by bands: call spillLevels for them', 'sills');
  const { width: w, height: h } = dem;
  if (!Number.isInteger(parts) || parts < 1) throw new InputError(`parts must be a whole number ≥ 1, got ${parts}`, 'parts');
  const connectivity = checkConnectivity(options.connectivity);
  const sea = checkSea(options.sea, w, h);
  const barriers = checkBarriers(options.barriers, w, h);
  const maxLevel = options.maxLevel ?? Infinity;
  if (typeof maxLevel !== 'number' || Number.isNaN(maxLevel)) throw new InputError(`maxLevel must be a number of metres, got ${JSON.stringify(options.maxLevel)}`, 'maxLevel');
  const nodataIsSea = options.nodataIsSea === true;
  const n = Math.min(parts, h);
  const bands: SpillBand[] = [];
  for (let k = 0; k < n; k++) {
    const r0 = Math.round((k * h) / n);
    const r1 = Math.round(((k + 1) * h) / n);
    const bandBarriers = barriers === undefined ? undefined : barriersInRows(barriers, r0, r1);
    bands.push({
      r0,
      r1,
      dem: bandGrid(dem, r0, r1),
      options: {
        connectivity,
        sea: seaInRows(sea, w, h, r0, r1),
        nodataIsSea,
        ...(bandBarriers !== undefined ? { barriers: bandBarriers } : {}),
        maxLevel,
      },
    });
  }
  return bands;
}

/**
 * W of one band for the paths that stay inside it, with conducting nodata cells at the level they were
 * reached (the join needs those): into `out` when given (the band's rows of the whole W, e.g. a view of
 * a SharedArrayBuffer the other bands write into too), else a new array. Only meaningful as input to
 * `joinSpillBands`.
 */
export function spillBandLevels(dem: FloatGrid, options: SpillBandOptions, run: RunOptions = {}, out?: Float32Array): Float32Array {
  return priorityFlood(dem, { ...options, ...run }, true, out).level;
}

/**
 * Joins the bands into the W of the whole DEM, exactly `spillLevels(dem, options).level`: `W` holds
 * each band's `spillBandLevels` at its rows and is lowered in place. `options` are the ones given to
 * `splitSpillBands`.
 */
export function joinSpillBands(dem: FloatGrid, bands: readonly SpillBand[], W: Float32Array, options: SpillOptions = {}): SpillResult {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  if (!(W instanceof Float32Array) || W.length !== w * h) throw new InputError(`W must be a Float32Array of ${w * h} cells like the DEM, got ${W?.length}`, 'W');
  for (let k = 0; k < bands.length; k++) {
    const { r0, r1 } = bands[k]!;
    if (r0 !== (k === 0 ? 0 : bands[k - 1]!.r1) || r1 <= r0 || (k === bands.length - 1 && r1 !== h)) {
      throw new InputError(`bands must cover rows 0…${h} in order: band ${k} is rows ${r0}…${r1}`, 'bands');
    }
  }
  const conn = checkConnectivity(options.connectivity);
  const barriers = checkBarriers(options.barriers, w, h);
  const nodataIsSea = options.nodataIsSea === true;
  const maxLevel = options.maxLevel ?? Infinity;
  const signal = options.signal;
  throwIfAborted(signal);

  const bcells = barriers?.cells;
  const crest = barriers?.crest;
  const step = conn === 8 ? 1 : 2;
  const dcol = [1, 1, 0, -1, -1, -1, 0, 1];
  const drow = [0, 1, 1, 1, 0, -1, -1, -1];
  const queue = new LevelQueue();
  const offs = [1, w + 1, w, w - 1, -1, -w - 1, -w, -w + 1];

  /**
   * Offers cell b the level through cell a (at level la; `slot` = a's barrier slot or −1) by the move in
   * direction d: max(la, the crest on the move, z(b)), conducting nodata adding nothing. Slope cells
   * (lowered to their own elevation, so final) are queued like the others: expanding them at once, as
   * spillLevels traces them, made offers that later went stale and measured slower here (Tokyo 5 m, two
   * bands: 199–203 vs 163 ms; with Zhou et al.'s deferral 203 ms).
   */
  const offer = (la: number, slot: number, d: number, b: number): void => {
    const wb = W[b]!;
    if (!(wb > la) && wb === wb) return; // as low already: no move costs less than la
    const zb = z[b]!;
    if (zb !== zb && !nodataIsSea) return;
    let v = la;
    if (slot >= 0) {
      const k = crest![slot * 8 + d]!;
      if (k > v) v = k;
    }
    if (zb > v) v = zb;
    if (!(v < maxLevel) || !(v < wb || wb !== wb)) return;
    W[b] = v;
    queue.push(v, b);
  };
  const slotOf = (a: number): number => (bcells === undefined ? -1 : findBarrierSlot(bcells, a));

  // The moves across each cut, both ways.
  for (let k = 1; k < bands.length; k++) {
    const r = bands[k]!.r0;
    for (let c = 0; c < w; c++) {
      const below = r * w + c;
      // d = SE, S, SW (S alone with 4-connectivity) from the row above the cut into the cut row; the
      // opposite move back.
      for (let d = conn === 8 ? 1 : 2; d <= (conn === 8 ? 3 : 2); d++) {
        if (c - dcol[d]! < 0 || c - dcol[d]! >= w) continue;
        const above = below - offs[d]!;
        if (W[above] === W[above]) offer(W[above]!, slotOf(above), d, below);
        if (W[below] === W[below]) offer(W[below]!, slotOf(below), (d + 4) & 7, above);
      }
    }
  }

  // Dijkstra on the minimax cost: W only drops, and a cell popped at its current W is final.
  let popped = 0;
  for (;;) {
    const c = queue.pop(W);
    if (c < 0) break;
    if ((++popped & 0xfffff) === 0) throwIfAborted(signal);
    const la = W[c]!;
    const slot = slotOf(c);
    const r = (c / w) | 0;
    const col = c - r * w;
    if (r > 0 && r < h - 1 && col > 0 && col < w - 1) {
      for (let d = 0; d < 8; d += step) offer(la, slot, d, c + offs[d]!);
    } else {
      for (let d = 0; d < 8; d += step) {
        const rn = r + drow[d]!;
        const cn = col + dcol[d]!;
        if (rn >= 0 && rn < h && cn >= 0 && cn < w) offer(la, slot, d, c + offs[d]!);
      }
    }
  }
  if (nodataIsSea) {
    // As spillLevels: conducting nodata cells carry water but have no W of their own.
    for (let i = 0; i < z.length; i++) if (z[i] !== z[i]) W[i] = NaN;
  }
  return { level: W };
}

/** Rows r0…r1 of the DEM as a grid of their own (a view of the data; the transform moved to row r0). */
function bandGrid(dem: FloatGrid, r0: number, r1: number): FloatGrid {
  const [x0, dx, rx, y0, ry, dy] = dem.transform;
  return {
    data: dem.data.subarray(r0 * dem.width, r1 * dem.width),
    width: dem.width,
    height: r1 - r0,
    transform: [x0 + r0 * rx, dx, rx, y0 + r0 * dy, ry, dy],
    crs: dem.crs,
    nodata: dem.nodata,
  };
}

/** The sources of `sea` that fall in rows r0…r1, as the band's own source list. */
function seaInRows(sea: SeaSource, w: number, h: number, r0: number, r1: number): SeaSource {
  if (sea.kind === 'mask') return { kind: 'mask', mask: sea.mask.subarray(r0 * w, r1 * w) };
  const cells: number[] = [];
  if (sea.kind === 'seeds') {
    for (let k = 0; k < sea.cells.length; k++) {
      const i = sea.cells[k]!;
      if (i >= r0 * w && i < r1 * w) cells.push(i - r0 * w);
    }
  } else {
    // The whole DEM's border within the band: its first and last columns, and the top or bottom row
    // where the band has them.
    for (let r = r0; r < r1; r++) {
      cells.push((r - r0) * w);
      if (w > 1) cells.push((r - r0) * w + w - 1);
    }
    if (r0 === 0) for (let c = 1; c < w - 1; c++) cells.push(c);
    if (r1 === h && h > 1) for (let c = 1; c < w - 1; c++) cells.push((r1 - 1 - r0) * w + c);
  }
  return { kind: 'seeds', cells: Int32Array.from(cells) };
}

/** The barrier cells of rows r0…r1, renumbered for the band (moves out of the band are never made there). */
function barriersInRows(b: EdgeBarriers, r0: number, r1: number): EdgeBarriers | undefined {
  const w = b.width;
  const first = lowerBound(b.cells, r0 * w);
  const end = lowerBound(b.cells, r1 * w);
  if (end === first) return undefined;
  const cells = b.cells.slice(first, end);
  for (let k = 0; k < cells.length; k++) cells[k]! -= r0 * w;
  return {
    width: w,
    height: r1 - r0,
    cells,
    crest: b.crest.slice(first * 8, end * 8),
    ...(b.line !== undefined ? { line: b.line.slice(first * 8, end * 8) } : {}),
  };
}

function lowerBound(sorted: Int32Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Min-queue of (level, cell) for the join: a FIFO for entries at the level being popped (most of a
 * lowered depression floods at one level) and a binary heap for the rest.
 */
class LevelQueue {
  private keys = new Float64Array(1024);
  private cells = new Int32Array(1024);
  private n = 0;
  private fifo = new Int32Array(1024);
  private fh = 0;
  private ft = 0;
  private current = -Infinity;
  private popped = -1;

  push(v: number, c: number): void {
    if (v === this.current) {
      this.pushFifo(c);
      return;
    }
    if (this.n === this.keys.length) {
      const k = new Float64Array(this.n * 2);
      k.set(this.keys);
      this.keys = k;
      const c2 = new Int32Array(this.n * 2);
      c2.set(this.cells);
      this.cells = c2;
    }
    const keys = this.keys;
    const cells = this.cells;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      if (!(keys[p]! > v)) break;
      keys[i] = keys[p]!;
      cells[i] = cells[p]!;
      i = p;
    }
    keys[i] = v;
    cells[i] = c;
  }

  /** The cell of the lowest level, skipping entries whose cell was lowered since they were queued; −1 when empty. */
  pop(W: Float32Array): number {
    while (this.n + this.ft - this.fh > 0) {
      const v = this.popLevel();
      if (v === W[this.popped]) return this.popped;
    }
    return -1;
  }

  /** The lowest level; its cell is in `popped`. */
  private popLevel(): number {
    if (this.fh !== this.ft) {
      this.popped = this.fifo[this.fh++]!;
      return this.current;
    }
    this.fh = 0;
    this.ft = 0;
    const keys = this.keys;
    const cells = this.cells;
    const top = keys[0]!;
    this.popped = cells[0]!;
    const n = --this.n;
    const v = keys[n]!;
    const c = cells[n]!;
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= n) break;
      if (m + 1 < n && keys[m + 1]! < keys[m]!) m++;
      if (!(keys[m]! < v)) break;
      keys[i] = keys[m]!;
      cells[i] = cells[m]!;
      i = m;
    }
    keys[i] = v;
    cells[i] = c;
    this.current = top;
    return top;
  }

  private pushFifo(c: number): void {
    if (this.ft === this.fifo.length) {
      if (this.fh > 0) {
        this.fifo.copyWithin(0, this.fh, this.ft);
        this.ft -= this.fh;
        this.fh = 0;
      } else {
        const f = new Int32Array(this.fifo.length * 2);
        f.set(this.fifo);
        this.fifo = f;
      }
    }
    this.fifo[this.ft++] = c;
  }
}
