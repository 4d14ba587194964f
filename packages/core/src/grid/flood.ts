import type { FloatGrid } from '@floodzone/raster';
import { throwIfAborted } from '../util/abort.js';
import { InputError } from '../util/errors.js';
import type { FloodOptions, SeaSource } from './types.js';
import { checkBarriers, checkCellAreas, checkConnectivity, checkDem, checkLevel, checkMask, checkSea, findBarrierSlot } from './validate.js';
import { forEachSourceCell } from './sources.js';

// Marks in the result array while filling: WET is the answer; the others are cleared at the end.
const WET = 1; // a flooded (valid) cell
const CONDUCT = 2; // a nodata cell the water went through (nodataIsSea)
const BARRIER = 4; // a cell with at least one move blocked at this level
const CHUNK = 1 << 20;

export interface FloodFillOptions extends FloodOptions {
  /**
   * Result buffer to reuse (w × h cells; cleared first). A fresh 21 M-cell result costs its first-touch
   * page faults (measured about a third of the time on Tokyo 5 m); a caller flooding many levels can
   * reuse one buffer.
   */
  out?: Uint8Array;
}

/**
 * Sea-connected flood at a water level (DESIGN.md "Semantics of a flood"): cell c is flooded iff it is
 * valid, `z(c) < level` and connected to a source through flooded cells (and, with `nodataIsSea`,
 * through nodata cells, which conduct but are never flooded). Returns a 0/1 mask, `1 = flooded`.
 *
 * Scanline (span) fill straight on the DEM (`spanFill`): runs of open cells are filled with one
 * sequential scan each, and each filled run scans the next row over its extent (one column more on
 * each side with 8-connectivity), filling the runs it finds there at once; the row it came from is
 * rescanned only beyond its parent run. Only flooded cells and their neighbours are read: no threshold
 * pass, no padded copy. With barriers, a seed fill enters and leaves barrier cells move by move.
 * Memory: the 1-byte result plus a growable Int32Array stack.
 */
export function floodFill(dem: FloatGrid, level: number, options: FloodFillOptions = {}): Uint8Array {
  checkDem(dem);
  const L = checkLevel(level);
  const { width: w, height: h, data: z } = dem;
  const conn = checkConnectivity(options.connectivity);
  const sea = checkSea(options.sea, w, h);
  const barriers = checkBarriers(options.barriers, w, h);
  const nodataIsSea = options.nodataIsSea === true;
  const signal = options.signal;
  const onProgress = options.onProgress;
  throwIfAborted(signal);

  let out: Uint8Array;
  if (options.out !== undefined) {
    out = options.out;
    if (!(out instanceof Uint8Array) || out.length !== w * h) throw new InputError(`out must be a Uint8Array of ${w * h} cells like the DEM, got ${out?.length}`, 'out');
    out.fill(0);
  } else out = new Uint8Array(w * h);

  // Barrier cells: per-direction blocked bits at this level, looked up only when such a cell is met.
  let barrierBlocked: Uint8Array = new Uint8Array(0);
  let barrierCells: Int32Array = new Int32Array(0);
  let anyBarrier = false;
  if (barriers !== undefined) {
    const cells = barriers.cells;
    const crest = barriers.crest;
    barrierCells = cells;
    barrierBlocked = new Uint8Array(cells.length);
    for (let k = 0; k < cells.length; k++) {
      let bits = 0;
      for (let d = 0; d < 8; d++) if (L <= crest[k * 8 + d]!) bits |= 1 << d;
      barrierBlocked[k] = bits;
      if (bits !== 0) {
        out[cells[k]!] = BARRIER;
        anyBarrier = true;
      }
    }
  }
  const blockedBits = (i: number): number => barrierBlocked[findBarrierSlot(barrierCells, i)]!;
  if (!anyBarrier) {
    spanFill(z, w, h, L, conn === 8, nodataIsSea, sea, out, signal, onProgress);
    if (nodataIsSea) for (let i = 0; i < out.length; i++) out[i] = out[i]! & WET;
    return out;
  }
  // With barriers: seed fill, run by run, entering and leaving barrier cells move by move.

  // Seeds: i ≥ 0 an open plain cell whose row run is to be filled (checked when popped); ~i a barrier
  // cell already marked, whose moves are followed one by one.
  let stack = new Int32Array(1 << 12);
  let sp = 0;
  const ensure = (room: number): void => {
    if (sp + room <= stack.length) return;
    let len = stack.length * 2;
    while (sp + room > len) len *= 2;
    const ns = new Int32Array(len);
    ns.set(stack.subarray(0, sp));
    stack = ns;
  };

  const addSource = (i: number): void => {
    const m = out[i]!;
    const v = z[i]!;
    if ((m & (WET | CONDUCT)) !== 0 || !(nodataIsSea ? !(v >= L) : v < L)) return;
    ensure(1);
    if (m === 0) stack[sp++] = i;
    else {
      out[i] = m | (v === v ? WET : CONDUCT);
      stack[sp++] = ~i;
    }
  };
  forEachSourceCell(sea, w, h, addSource);

  const DC = [1, 1, 0, -1, -1, -1, 0, 1];
  const DR = [0, 1, 1, 1, 0, -1, -1, -1];
  const eight = conn === 8;
  const dStep = eight ? 1 : 2;
  let filled = 0;
  let nextCheck = CHUNK;
  let conducted = false;
  while (sp > 0) {
    const v = stack[--sp]!;
    if (v >= 0) {
      if (out[v] !== 0) continue;
      const r = (v / w) | 0;
      const row0 = r * w;
      const row1 = row0 + w - 1;
      // Fill the run.
      let xl = v;
      let xr = v;
      let zv = z[v]!;
      out[v] = zv === zv ? WET : CONDUCT;
      if (nodataIsSea) {
        while (xl > row0 && out[xl - 1] === 0 && !((zv = z[xl - 1]!) >= L)) out[--xl] = zv === zv ? WET : CONDUCT;
        while (xr < row1 && out[xr + 1] === 0 && !((zv = z[xr + 1]!) >= L)) out[++xr] = zv === zv ? WET : CONDUCT;
        conducted = true;
      } else {
        while (xl > row0 && out[xl - 1] === 0 && z[xl - 1]! < L) out[--xl] = WET;
        while (xr < row1 && out[xr + 1] === 0 && z[xr + 1]! < L) out[++xr] = WET;
      }
      filled += xr - xl + 1;
      ensure(xr - xl + 8);
      if (anyBarrier) {
        // Barrier cells at the ends of the run: from them, W (4) leads back to xl − 1 + 1, E (0) to xr.
        if (xl > row0 && out[xl - 1] === BARRIER && ((blockedBits(xl - 1) >> 0) & 1) === 0 && !((zv = z[xl - 1]!) >= L) && (nodataIsSea || zv === zv)) {
          out[xl - 1] = BARRIER | (zv === zv ? WET : CONDUCT);
          stack[sp++] = ~(xl - 1);
        }
        if (xr < row1 && out[xr + 1] === BARRIER && ((blockedBits(xr + 1) >> 4) & 1) === 0 && !((zv = z[xr + 1]!) >= L) && (nodataIsSea || zv === zv)) {
          out[xr + 1] = BARRIER | (zv === zv ? WET : CONDUCT);
          stack[sp++] = ~(xr + 1);
        }
      }
      const lo = eight && xl > row0 ? xl - 1 : xl;
      const hi = eight && xr < row1 ? xr + 1 : xr;
      for (let side = 0; side < 2; side++) {
        if (side === 0 ? r === 0 : r === h - 1) continue;
        const off = side === 0 ? -w : w;
        let q = lo + off;
        const qe = hi + off;
        while (q <= qe) {
          const m = out[q]!;
          if (m === 0) {
            zv = z[q]!;
            if (nodataIsSea ? !(zv >= L) : zv < L) {
              stack[sp++] = q;
              q++;
              // The rest of this open run is the seed's.
              if (nodataIsSea) while (q <= qe && out[q] === 0 && !(z[q]! >= L)) q++;
              else while (q <= qe && out[q] === 0 && z[q]! < L) q++;
              continue;
            }
          } else if (m === BARRIER) {
            zv = z[q]!;
            if (nodataIsSea ? !(zv >= L) : zv < L) {
              // Enter q if a move from an adjacent run cell to q is open (moves are symmetric).
              const bits = blockedBits(q);
              const x = q - off;
              const dStraight = side === 0 ? 2 : 6; // from q to the run cell at its column
              const dLeft = side === 0 ? 3 : 5; // … one column left
              const dRight = side === 0 ? 1 : 7; // … one column right
              const ok =
                (x >= xl && x <= xr && ((bits >> dStraight) & 1) === 0) ||
                (eight && x - 1 >= xl && x - 1 <= xr && ((bits >> dLeft) & 1) === 0) ||
                (eight && x + 1 >= xl && x + 1 <= xr && ((bits >> dRight) & 1) === 0);
              if (ok) {
                out[q] = BARRIER | (zv === zv ? WET : CONDUCT);
                stack[sp++] = ~q;
              }
            }
          }
          q++;
        }
      }
    } else {
      const b = ~v;
      const bits = blockedBits(b);
      const r = (b / w) | 0;
      const c = b - r * w;
      ensure(8);
      for (let d = 0; d < 8; d += dStep) {
        if ((bits >> d) & 1) continue;
        const nc = c + DC[d]!;
        const nr = r + DR[d]!;
        if (nc < 0 || nc >= w || nr < 0 || nr >= h) continue;
        const n = nr * w + nc;
        const m = out[n]!;
        if ((m & (WET | CONDUCT)) !== 0) continue;
        const zn = z[n]!;
        if (!(nodataIsSea ? !(zn >= L) : zn < L)) continue;
        if (m === 0) stack[sp++] = n;
        else {
          out[n] = m | (zn === zn ? WET : CONDUCT);
          stack[sp++] = ~n;
        }
      }
      filled++;
    }
    if (filled >= nextCheck) {
      nextCheck = filled + CHUNK;
      onProgress?.(filled, w * h, 'flood');
      throwIfAborted(signal);
    }
  }
  if (anyBarrier || conducted) for (let i = 0; i < out.length; i++) out[i] = out[i]! & WET;
  return out;
}

/**
 * Span fill without barriers (see floodFill). Stack entries are filled runs: (row, xl, xr, dir, pl, pr):
 * scan row + dir over [xl − 1, xr + 1] (8-connected) and fill every open run met there (extending it
 * beyond the scan range as far as it goes), pushing it with its parent range [xl, xr]; then scan the
 * row − dir only where it is not the parent run [pl, pr] (already filled).
 */
function spanFill(z: Float32Array, w: number, h: number, L: number, eight: boolean, nodataIsSea: boolean, sea: SeaSource, out: Uint8Array, signal: AbortSignal | undefined, onProgress: ((done: number, total: number, phase: string) => void) | undefined): void {
  let stack = new Int32Array(6 * 1024);
  let sp = 0;
  let filled = 0;
  let nextCheck = CHUNK;
  const ext = eight ? 1 : 0;

  /** Fills the open run through cell i of row r (if open and not yet wet) and pushes it; returns its right end, or i − 1 if nothing was filled. */
  const fillRun = (r: number, i: number, dir: number, pl: number, pr: number): number => {
    const row0 = r * w;
    const row1 = row0 + w - 1;
    let zv = z[i]!;
    if (out[i] !== 0 || !(nodataIsSea ? !(zv >= L) : zv < L)) return i - 1;
    let xl = i;
    let xr = i;
    // Runs are filled whole, so an open cell next to this run in its row cannot be filled yet: no
    // need to test `out` while extending.
    if (nodataIsSea) {
      out[i] = zv === zv ? WET : CONDUCT;
      while (xl > row0 && !((zv = z[xl - 1]!) >= L)) out[--xl] = zv === zv ? WET : CONDUCT;
      while (xr < row1 && !((zv = z[xr + 1]!) >= L)) out[++xr] = zv === zv ? WET : CONDUCT;
    } else {
      // Find the run's extent reading z only, then mark it with one native fill.
      while (xl > row0 && z[xl - 1]! < L) xl--;
      while (xr < row1 && z[xr + 1]! < L) xr++;
      if (xr - xl < 16) for (let x = xl; x <= xr; x++) out[x] = WET;
      else out.fill(WET, xl, xr + 1);
    }
    filled += xr - xl + 1;
    if (sp + 6 > stack.length) {
      const ns = new Int32Array(stack.length * 2);
      ns.set(stack);
      stack = ns;
    }
    stack[sp] = r;
    stack[sp + 1] = xl - row0;
    stack[sp + 2] = xr - row0;
    stack[sp + 3] = dir;
    stack[sp + 4] = pl;
    stack[sp + 5] = pr;
    sp += 6;
    return xr;
  };

  /** Scans row r over columns [a, b] (clamped) and fills every open run met, as children of [pl, pr]. */
  const scan = (r: number, a: number, b: number, dir: number, pl: number, pr: number): void => {
    if (r < 0 || r >= h) return;
    if (a < 0) a = 0;
    if (b > w - 1) b = w - 1;
    const row0 = r * w;
    let q = row0 + a;
    const qe = row0 + b;
    while (q <= qe) {
      if (out[q] !== 0) {
        q++;
        continue;
      }
      const zv = z[q]!;
      if (nodataIsSea ? !(zv >= L) : zv < L) q = fillRun(r, q, dir, pl, pr) + 2;
      else q++;
    }
  };

  const addSource = (i: number): void => {
    const r = (i / w) | 0;
    fillRun(r, i, 1, 1, 0); // empty parent range: both neighbour rows are scanned in full
  };
  forEachSourceCell(sea, w, h, addSource);

  while (sp > 0) {
    sp -= 6;
    const r = stack[sp]!;
    const xl = stack[sp + 1]!;
    const xr = stack[sp + 2]!;
    const dir = stack[sp + 3]!;
    const pl = stack[sp + 4]!;
    const pr = stack[sp + 5]!;
    // Forward: the row away from the parent.
    scan(r + dir, xl - ext, xr + ext, dir, xl, xr);
    // Backward: the parent's row, except over the parent run itself (filled). A child of [pl, pr]
    // covers at least one column within [pl − ext, pr + ext].
    if (pl > pr) scan(r - dir, xl - ext, xr + ext, -dir, xl, xr);
    else {
      if (xl - ext < pl) scan(r - dir, xl - ext, pl - 1, -dir, xl, xr);
      if (xr + ext > pr) scan(r - dir, pr + 1, xr + ext, -dir, xl, xr);
    }
    if (filled >= nextCheck) {
      nextCheck = filled + CHUNK;
      onProgress?.(filled, w * h, 'flood');
      throwIfAborted(signal);
    }
  }
}

/** Water depth `level − z` on flooded cells, NaN elsewhere. `level` may be a per-cell water level grid. */
export function floodDepth(dem: FloatGrid, flooded: Uint8Array, level: number | Float32Array, out?: Float32Array): Float32Array {
  checkDem(dem);
  const n = dem.width * dem.height;
  checkMask(flooded, n, 'flooded');
  const lv = checkLevelArg(level, n);
  const res = out ?? new Float32Array(n);
  if (res.length !== n) throw new InputError(`out must have ${n} cells like the DEM, got ${res.length}`, 'out');
  const z = dem.data;
  if (typeof lv === 'number') {
    for (let i = 0; i < n; i++) res[i] = flooded[i] === 1 ? lv - z[i]! : NaN;
  } else {
    for (let i = 0; i < n; i++) res[i] = flooded[i] === 1 ? lv[i]! - z[i]! : NaN;
  }
  return res;
}

/** Totals of a flood. `meanDepth` = volume / area (area-weighted), 0 when nothing floods. */
export interface FloodStats {
  floodedCells: number;
  floodedArea_m2: number;
  volume_m3: number;
  maxDepth: number;
  meanDepth: number;
}

/**
 * Cells, area (Σ cell area), volume (Σ depth × cell area) and max/mean depth of a flood.
 * `cellAreas`: m² per cell, one value per row (from `@floodzone/raster`'s `cellAreas`).
 */
export function floodStats(dem: FloatGrid, flooded: Uint8Array, level: number | Float32Array, cellAreas: Float64Array): FloodStats {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  checkMask(flooded, w * h, 'flooded');
  checkCellAreas(cellAreas, h);
  const lv = checkLevelArg(level, w * h);
  let cells = 0;
  let area = 0;
  let volume = 0;
  let maxDepth = 0;
  for (let r = 0; r < h; r++) {
    const a = cellAreas[r]!;
    let rc = 0;
    let rv = 0;
    for (let i = r * w, e = i + w; i < e; i++) {
      if (flooded[i] !== 1) continue;
      const d = (typeof lv === 'number' ? lv : lv[i]!) - z[i]!;
      rc++;
      rv += d;
      if (d > maxDepth) maxDepth = d;
    }
    cells += rc;
    area += rc * a;
    volume += rv * a;
  }
  return { floodedCells: cells, floodedArea_m2: area, volume_m3: volume, maxDepth, meanDepth: area > 0 ? volume / area : 0 };
}

export function checkLevelArg(level: number | Float32Array, n: number): number | Float32Array {
  if (level instanceof Float32Array) {
    if (level.length !== n) throw new InputError(`level grid has ${level.length} cells but the DEM has ${n}: resample it to the DEM's grid`, 'level');
    return level;
  }
  return checkLevel(level);
}
