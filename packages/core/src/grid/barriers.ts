import { InputError } from '../util/errors.js';
import type { EdgeBarriers } from './types.js';
import { findBarrierSlot } from './validate.js';

/** A protection line in pixel-corner grid coordinates (col, row): cell (c, r) spans [c, c+1] × [r, r+1]. */
export interface BarrierLine {
  /** x0, y0, x1, y1, … (fractional col, row), at least two points. */
  points: ArrayLike<number>;
  /** Crest elevation (m, the DEM's datum): the line blocks while the level is at or below it. */
  crest: number;
}

/**
 * Applies protection lines to the moves between neighbouring cells (DESIGN.md "Barriers"), not to cells.
 * A move from cell a to neighbour b is blocked while `L <= crest` when the line touches (closed test)
 * the segment joining the two cell centres, or, for an orthogonal move, crosses the open cell edge they
 * share, or, for a diagonal move, crosses the open interior of any of the four cell edges meeting at the
 * corner they share (either path around that corner). The centre-segment rule alone already makes every
 * line that separates two cells separate them in the 8-connected graph (any chain of centre segments
 * from one side to the other meets the line), so a one-cell-wide diagonal wall holds; the edge rules add
 * the literal "every cell edge it crosses". Lines along grid lines block the moves across them but not
 * the moves along them (edge endpoints do not count), and a line that only touches a corner or the end
 * of an edge blocks no orthogonal move there: water may pass around the end of a wall (through the
 * cells beside its end, at their ground) but never diagonally through the end point. Where several
 * lines block a move, the highest crest applies and `line` names the first line given with that crest.
 * Crests are rounded to float32.
 */
export function rasterizeBarriers(lines: BarrierLine[], width: number, height: number): EdgeBarriers {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InputError(`width and height must be positive integers, got ${width}×${height}`, 'barriers');
  }
  if (!Array.isArray(lines)) throw new InputError('barrier lines must be an array of { points, crest }', 'barriers');
  // Accumulator: a slot of 8 moves per cell with a barrier, in flat growable arrays (no per-cell objects).
  const slotOf = new Map<number, number>();
  let accCrest = new Float32Array(8 * 256).fill(-Infinity);
  let accLine = new Int32Array(8 * 256).fill(-1);
  let slots = 0;
  let li = 0;
  const set = (i: number, d: number, crest: number): void => {
    let k = slotOf.get(i);
    if (k === undefined) {
      k = slots++;
      if (8 * slots > accCrest.length) {
        const c2 = new Float32Array(accCrest.length * 2).fill(-Infinity);
        c2.set(accCrest);
        accCrest = c2;
        const l2 = new Int32Array(accLine.length * 2).fill(-1);
        l2.set(accLine);
        accLine = l2;
      }
      slotOf.set(i, k);
    }
    const o = 8 * k + d;
    if (crest > accCrest[o]!) {
      accCrest[o] = crest;
      accLine[o] = li;
    }
  };
  for (li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const pts = line?.points;
    if (pts === undefined || pts === null || typeof pts.length !== 'number' || pts.length < 4 || pts.length % 2 !== 0) {
      throw new InputError(`barrier line ${li} needs at least two points as x0, y0, x1, y1, …`, 'barriers');
    }
    const crest = line.crest;
    if (typeof crest !== 'number' || !Number.isFinite(crest)) throw new InputError(`barrier line ${li} has crest ${JSON.stringify(crest)}: give a finite elevation in metres`, 'barriers');
    const c32 = Math.fround(crest);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < pts.length; k++) {
      const v = pts[k]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`barrier line ${li} has a non-finite coordinate at position ${k}`, 'barriers');
      if (k % 2 === 0) { if (v < minX) minX = v; if (v > maxX) maxX = v; } else { if (v < minY) minY = v; if (v > maxY) maxY = v; }
    }
    if (maxX < 0 || maxY < 0 || minX > width || minY > height) {
      throw new InputError(`barrier line ${li} lies outside the ${width}×${height} grid (pixel bbox ${minX},${minY} – ${maxX},${maxY}): check its CRS and coordinates`, 'barriers');
    }
    for (let k = 0; k + 3 < pts.length; k += 2) {
      rasterizeSegment(pts[k]!, pts[k + 1]!, pts[k + 2]!, pts[k + 3]!, width, height, c32, set);
    }
  }
  const keys = Array.from(slotOf.keys()).sort((a, b) => a - b);
  const cells = Int32Array.from(keys);
  const crest = new Float32Array(cells.length * 8);
  const line = new Int32Array(cells.length * 8);
  for (let k = 0; k < keys.length; k++) {
    const o = 8 * slotOf.get(keys[k]!)!;
    crest.set(accCrest.subarray(o, o + 8), k * 8);
    line.set(accLine.subarray(o, o + 8), k * 8);
  }
  return { width, height, cells, crest, line };
}

/**
 * Crest of the move from `cell` in direction `d` (`DIRECTIONS` order), −Infinity when that move is
 * open: the move is blocked while the level is at or below it. The same crest as from the neighbour
 * in the opposite direction `(d + 4) & 7`. O(log cells with barriers).
 */
export function barrierCrest(b: EdgeBarriers, cell: number, d: number): number {
  const k = findBarrierSlot(b.cells, cell);
  return k < 0 ? -Infinity : b.crest[k * 8 + d]!;
}

/**
 * Index (in the `lines` given to `rasterizeBarriers`) of the line whose crest blocks the move from
 * `cell` in direction `d`, or −1 when the move is open or the barriers carry no line indices.
 */
export function barrierLine(b: EdgeBarriers, cell: number, d: number): number {
  if (b.line === undefined) return -1;
  const k = findBarrierSlot(b.cells, cell);
  return k < 0 ? -1 : b.line[k * 8 + d]!;
}

// Forward moves tested from each cell: E, SE, S, SW (directions 0–3; the others are their opposites).
const FWD_DC = Int8Array.from([1, 1, 0, -1]);
const FWD_DR = Int8Array.from([0, 1, 1, 1]);

/** Does the closed segment meet the closed box [bx0, bx1] × [by0, by1]? */
function segmentMeetsBox(x0: number, y0: number, x1: number, y1: number, bx0: number, by0: number, bx1: number, by1: number): boolean {
  if (Math.max(x0, x1) < bx0 || Math.min(x0, x1) > bx1 || Math.max(y0, y1) < by0 || Math.min(y0, y1) > by1) return false;
  // Bounding boxes overlap: the segment misses the box iff all four corners lie strictly on one side of its line.
  const dx = x1 - x0, dy = y1 - y0;
  const s1 = dx * (by0 - y0) - dy * (bx0 - x0);
  const s2 = dx * (by0 - y0) - dy * (bx1 - x0);
  const s3 = dx * (by1 - y0) - dy * (bx0 - x0);
  const s4 = dx * (by1 - y0) - dy * (bx1 - x0);
  return !((s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0));
}

function rasterizeSegment(x0: number, y0: number, x1: number, y1: number, w: number, h: number, crest: number, set: (i: number, d: number, crest: number) => void): void {
  const ymin = Math.min(y0, y1), ymax = Math.max(y0, y1);
  const r0 = Math.max(0, Math.floor(ymin) - 2);
  const r1 = Math.min(h - 1, Math.floor(ymax));
  for (let r = r0; r <= r1; r++) {
    // x-range of the segment within the band y ∈ [r, r + 2] touched by moves out of row r.
    let xa: number, xb: number;
    if (y0 === y1) {
      if (y0 < r || y0 > r + 2) continue;
      xa = Math.min(x0, x1); xb = Math.max(x0, x1);
    } else {
      const ta = (r - y0) / (y1 - y0), tb = (r + 2 - y0) / (y1 - y0);
      const t0 = Math.max(0, Math.min(ta, tb)), t1 = Math.min(1, Math.max(ta, tb));
      if (t0 > t1) continue;
      const xA = x0 + (x1 - x0) * t0, xB = x0 + (x1 - x0) * t1;
      xa = Math.min(xA, xB, t0 === 0 ? x0 : xA, t1 === 1 ? x1 : xB); xb = Math.max(xA, xB, t0 === 0 ? x0 : xA, t1 === 1 ? x1 : xB);
    }
    const c0 = Math.max(0, Math.ceil(xa - 2) - 1);
    const c1 = Math.min(w - 1, Math.floor(xb + 1) + 1);
    for (let c = c0; c <= c1; c++) {
      for (let f = 0; f < 4; f++) {
        const dc = FWD_DC[f]!, dr = FWD_DR[f]!, d = f;
        const nc = c + dc, nr = r + dr;
        if (nc < 0 || nc >= w || nr >= h) continue;
        // Everything a move tests lies in the closed block of the cells it joins (the 2 × 2 block
        // around the corner for a diagonal): skip blocks the segment misses.
        const bx0 = dc < 0 ? c - 1 : c, bx1 = dc > 0 ? c + 2 : c + 1;
        if (!segmentMeetsBox(x0, y0, x1, y1, bx0, r, bx1, r + dr + 1)) continue;
        if (moveBlocked(x0, y0, x1, y1, c, r, dc, dr)) {
          set(r * w + c, d, crest);
          set(nr * w + nc, (d + 4) & 7, crest);
        }
      }
    }
  }
}

/** Does segment (x0,y0)-(x1,y1) block the move from cell (c, r) by (dc, dr)? See `rasterizeBarriers`. */
export function moveBlocked(x0: number, y0: number, x1: number, y1: number, c: number, r: number, dc: number, dr: number): boolean {
  const ax = c + 0.5, ay = r + 0.5, bx = ax + dc, by = ay + dr;
  if (touches(x0, y0, x1, y1, ax, ay, bx, by, false)) return true;
  if (dc === 0 || dr === 0) {
    // Shared edge: for E, x = c+1, y ∈ (r, r+1); for S, y = r+1, x ∈ (c, c+1) (and mirrored for W/N).
    if (dr === 0) {
      const ex = dc > 0 ? c + 1 : c;
      return touches(x0, y0, x1, y1, ex, r, ex, r + 1, true);
    }
    const ey = dr > 0 ? r + 1 : r;
    return touches(x0, y0, x1, y1, c, ey, c + 1, ey, true);
  }
  const px = dc > 0 ? c + 1 : c, py = dr > 0 ? r + 1 : r;
  return touches(x0, y0, x1, y1, px, py - 1, px, py, true) || touches(x0, y0, x1, y1, px, py, px, py + 1, true) ||
    touches(x0, y0, x1, y1, px - 1, py, px, py, true) || touches(x0, y0, x1, y1, px, py, px + 1, py, true);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function within(a: number, b: number, v: number): boolean {
  return v >= Math.min(a, b) && v <= Math.max(a, b);
}

/**
 * Does the closed segment P=(p0,p1) meet segment T=(t0,t1)? With `openT`, points at T's endpoints do
 * not count.
 */
function touches(p0x: number, p0y: number, p1x: number, p1y: number, t0x: number, t0y: number, t1x: number, t1y: number, openT: boolean): boolean {
  const o1 = orient(p0x, p0y, p1x, p1y, t0x, t0y);
  const o2 = orient(p0x, p0y, p1x, p1y, t1x, t1y);
  const o3 = orient(t0x, t0y, t1x, t1y, p0x, p0y);
  const o4 = orient(t0x, t0y, t1x, t1y, p1x, p1y);
  if (o1 === 0 && o2 === 0) {
    // Collinear (or P degenerate): overlap along T's parameter.
    const dx = t1x - t0x, dy = t1y - t0y;
    const len2 = dx * dx + dy * dy;
    const sa = ((p0x - t0x) * dx + (p0y - t0y) * dy) / len2;
    const sb = ((p1x - t0x) * dx + (p1y - t0y) * dy) / len2;
    if (p0x === p1x && p0y === p1y && o3 !== 0) return false;
    const lo = Math.min(sa, sb), hi = Math.max(sa, sb);
    return openT ? hi > 0 && lo < 1 : hi >= 0 && lo <= 1;
  }
  let hit: boolean;
  if (o1 * o2 < 0 && o3 * o4 < 0) hit = true;
  else if (o1 === 0 && within(p0x, p1x, t0x) && within(p0y, p1y, t0y)) hit = true;
  else if (o2 === 0 && within(p0x, p1x, t1x) && within(p0y, p1y, t1y)) hit = true;
  else if (o3 === 0 && within(t0x, t1x, p0x) && within(t0y, t1y, p0y)) hit = true;
  else if (o4 === 0 && within(t0x, t1x, p1x) && within(t0y, t1y, p1y)) hit = true;
  else hit = false;
  if (!hit || !openT) return hit;
  // Lines not collinear meet in one point; it is one of T's endpoints iff that endpoint lies on P.
  if (o1 === 0 && within(p0x, p1x, t0x) && within(p0y, p1y, t0y)) return false;
  if (o2 === 0 && within(p0x, p1x, t1x) && within(p0y, p1y, t1y)) return false;
  return true;
}
