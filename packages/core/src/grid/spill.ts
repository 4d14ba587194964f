import type { FloatGrid } from '@floodzone/raster';
import { throwIfAborted } from '../util/abort.js';
import { InputError } from '../util/errors.js';
import type { FloodOptions } from './types.js';
import { checkBarriers, checkConnectivity, checkDem, checkSea, findBarrierSlot } from './validate.js';
import { forEachSourceCell } from './sources.js';
import { rangeWithoutNaN } from './range.js';

const CHUNK = 1 << 20;

export interface SpillOptions extends FloodOptions {
  /** Stop at this level: cells with W ≥ maxLevel come out NaN (never reached). Default +∞. */
  maxLevel?: number;
  /** Also return, per cell, the sill that sets W. */
  sills?: boolean;
}

export interface SpillResult {
  /**
   * W(c): the lowest water level at which c floods, so `floodFill(dem, L)[c] === 1 ⟺ W[c] < L` for every
   * L. NaN on nodata cells and on cells never reached (or with W ≥ maxLevel).
   */
  level: Float32Array;
  /**
   * Linear index of the cell whose elevation sets W(c) (the cell itself on a slope, the spill point of
   * the depression it lies in; always W(sill) = z(sill) = W(c)), or of the cell entered across the barrier
   * whose crest sets W (possibly a conducting nodata cell); −1 where W is NaN or set by conducting
   * nodata alone. Where the water must be stopped to keep c dry.
   */
  sill?: Int32Array;
}

/**
 * Spill levels W (DESIGN.md): W(c) = min over paths from a source to c of the highest elevation (or
 * barrier crest) on the path, c included; a source s has W(s) = z(s); nodata cells that conduct
 * (`nodataIsSea`) count as −∞, so a border or source nodata cell starts at −∞. With border sources and
 * no barriers W is the depression-filled DEM (GRASS r.fill.dir, SAGA Fill Sinks Wang & Liu).
 * Implementation: `priorityFloodBarnes2014`.
 */
export function spillLevels(dem: FloatGrid, options: SpillOptions = {}): SpillResult {
  return priorityFloodBarnes2014(dem, options);
}

/**
 * Priority-Flood (Barnes, Lehman & Mulla 2014, "Priority-Flood: An optimal depression-filling and
 * watershed-labeling algorithm for digital elevation models", Computers & Geosciences 62:117–127), the
 * improved variant: cells that need no raising (inside depressions and flats) go through a plain FIFO
 * queue, the others through an exact priority queue (`BucketQueue`: value buckets with a binary heap
 * for the current one, so the order is exact, ties included). Cells on slopes
 * skip the priority queue altogether (Zhou, Sun & Fu 2016, "An efficient variant of the Priority-Flood
 * algorithm for filling depressions in raster digital elevation models", Computers & Geosciences
 * 90:87–96): a cell reached from below is final at its own elevation, so it is traced at once. A
 * traced cell with a lower neighbour not yet final goes to the priority queue itself, at its own level
 * (as in Zhou et al.), but only after a deferral: most such neighbours are traced from below moments
 * later, and a deferred cell left with no unfinished neighbour is dropped.
 * Barrier crests are edge costs: a move across a barrier can raise W above both cells, so such entries
 * flood their cell only if nothing reached it at a lower level before they are popped, which keeps the
 * result exact. Memory: 4 bytes/cell (W, padded, compacted in place into the result: a view at offset
 * 0 of a slightly longer buffer) + 1 bit/cell state + the queues (+ 4 bytes/cell with `sills`).
 */
export function priorityFloodBarnes2014(dem: FloatGrid, options: SpillOptions = {}): SpillResult {
  checkDem(dem);
  const { width: w, height: h, data: z } = dem;
  const conn = checkConnectivity(options.connectivity);
  const sea = checkSea(options.sea, w, h);
  const barriers = checkBarriers(options.barriers, w, h);
  const nodataIsSea = options.nodataIsSea === true;
  const maxLevel = options.maxLevel ?? Infinity;
  if (typeof maxLevel !== 'number' || Number.isNaN(maxLevel)) throw new InputError(`maxLevel must be a number of metres, got ${JSON.stringify(options.maxLevel)}`, 'maxLevel');
  const wantSill = options.sills === true;
  const finiteMax = maxLevel !== Infinity;
  const signal = options.signal;
  const onProgress = options.onProgress;
  throwIfAborted(signal);

  // Padded grid (a frame of one cell): W holds z until a cell is final, then W. `done` is one bit per
  // cell (final, or never to be entered: the frame and blocking nodata): 1/8 byte per cell keeps the
  // random accesses of the queue phase in cache. `bar` marks cells with a barrier move.
  const pw = w + 2;
  const np = pw * (h + 2);
  const W = new Float32Array(np);
  const done = new Uint32Array((np + 31) >>> 5);
  const hasBar = barriers !== undefined;
  const bar = new Uint32Array(hasBar ? (np + 31) >>> 5 : 0);
  const sill = wantSill ? new Int32Array(np).fill(-1) : new Int32Array(0);
  for (let p = 0; p < pw; p++) {
    done[p >>> 5]! |= 1 << (p & 31);
    const q = (h + 1) * pw + p;
    done[q >>> 5]! |= 1 << (q & 31);
  }
  W.fill(NaN, 0, pw);
  W.fill(NaN, (h + 1) * pw);
  let zmin = Infinity;
  let zmax = -Infinity;
  let hasNodata = false;
  const range = new Float64Array(2);
  for (let r = 0; r < h; r++) {
    const o = (r + 1) * pw + 1;
    const zo = r * w;
    done[(o - 1) >>> 5]! |= 1 << ((o - 1) & 31);
    done[(o + w) >>> 5]! |= 1 << ((o + w) & 31);
    W[o - 1] = NaN;
    W[o + w] = NaN;
    W.set(z.subarray(zo, zo + w), o);
    if (!rangeWithoutNaN(z, zo, zo + w, range)) {
      // The row has nodata: its range without NaN, and blocking nodata cells are never entered.
      hasNodata = true;
      range[0] = Infinity;
      range[1] = -Infinity;
      for (let c = 0; c < w; c++) {
        const v = z[zo + c]!;
        if (v < range[0]!) range[0] = v;
        if (v > range[1]!) range[1] = v;
        if (v !== v && !nodataIsSea) done[(o + c) >>> 5]! |= 1 << ((o + c) & 31);
      }
    }
    if (range[0]! < zmin) zmin = range[0]!;
    if (range[1]! > zmax) zmax = range[1]!;
  }
  if (!(zmin < zmax) || !Number.isFinite(zmin) || !Number.isFinite(zmax)) {
    zmin = Number.isFinite(zmin) ? zmin : 0;
    zmax = zmin + 1;
  }
  const crest = barriers?.crest;
  const bcells = barriers?.cells;
  if (bcells !== undefined) {
    for (let k = 0; k < bcells.length; k++) {
      const i = bcells[k]!;
      const r = (i / w) | 0;
      const p = (r + 1) * pw + (i - r * w) + 1;
      bar[p >>> 5]! |= 1 << (p & 31);
    }
  }

  // Priority queue of (level, entry): `BucketQueue`, exact. An entry c ≥ 0 is a cell to flood at that
  // level if nothing reached it before (then it is expanded in order); ~c is a cell already final at
  // that level, to be expanded in order (sources, barrier cells, deferred traced cells).
  const dirs = conn === 8 ? 0xff : 0x55; // bit d = direction d of `offs`
  const pq = new BucketQueue(zmin, zmax, w * h, done, pw, dirs);

  // Sources.
  const addSource = (i: number): void => {
    const r = (i / w) | 0;
    const p = (r + 1) * pw + (i - r * w) + 1;
    if (((done[p >>> 5]! >>> (p & 31)) & 1) !== 0) return;
    if (z[i] !== z[i]) {
      W[p] = -Infinity; // conducting nodata (blocking nodata is marked done)
    } else {
      if (!(W[p]! < maxLevel)) return;
      if (wantSill) sill[p] = p;
    }
    done[p >>> 5]! |= 1 << (p & 31);
    pq.push(W[p]!, ~p);
  };
  forEachSourceCell(sea, w, h, addSource);

  const offs = new Int32Array([1, pw + 1, pw, pw - 1, -1, -pw - 1, -pw, -pw + 1]);
  const step = conn === 8 ? 1 : 2;
  // FIFO of cells final at the current level, to expand (Barnes 2014's plain queue for depressions).
  let fifo = new Int32Array(1 << 14);
  let fmask = fifo.length - 1;
  let fh = 0;
  let ft = 0;
  // Trace queue of plain cells final at their own elevation, to expand in any order.
  let trace = new Int32Array(1 << 14);
  let tmask = trace.length - 1;
  let th = 0;
  let tt = 0;
  // Traced cells with a lower neighbour not yet final, to queue at their own level unless that
  // neighbour is final by the time the list is checked (most are: traced from below meanwhile).
  // Checked when full, while most of its cells are still in cache; 1/64 of the grid up to 64 Ki entries
  // (on Tokyo 5 m, 7.6 M deferrals left 0.89 M queue entries with 64 Ki, 0.94 M with 16 Ki).
  const deferred = new Int32Array(Math.min(1 << 16, Math.max(64, (w * h) >>> 6)));
  let nDeferred = 0;
  let processed = 0;
  let nextCheck = CHUNK;

  for (;;) {
    if (fifo.length - (ft - fh) < 8) {
      fifo = grownRing(fifo, fh, ft);
      ft -= fh;
      fh = 0;
      fmask = fifo.length - 1;
    }
    // Trace first, in its own loop (only the trace queue grows here).
    for (;;) {
      if (trace.length - (tt - th) < 8) {
        trace = grownRing(trace, th, tt);
        tt -= th;
        th = 0;
        tmask = trace.length - 1;
      }
      if (++processed === nextCheck) {
        nextCheck += CHUNK;
        onProgress?.(processed, w * h, 'spill');
        throwIfAborted(signal);
      }
      if (th === tt) break;
      // Slope tracing (after Zhou, Sun & Fu 2016): n is final at W = z(n), the lowest W can be; its
      // higher unvisited neighbours are then final at their own elevations whatever the order, so they
      // are expanded at once, off the priority queue. A lower neighbour may still be reached at a lower
      // level by another path (usually traced from below a moment later): n is deferred, and queued at
      // W(n) only if such a neighbour is still unfinished when the deferred list is checked; when the
      // level reaches W(n), n is expanded in order and floods them.
      const n = trace[th & tmask]!;
      th++;
      const wn = W[n]!;
      // Only the neighbours not yet final (one mask from three bit reads), split by one branch-free
      // comparison per direction into higher ones (traced) and the others.
      const open = ~doneAround(done, n, pw) & dirs;
      if (open === 0) continue;
      const gt = higherAround(W, n, pw, wn);
      let up = open & gt;
      if (finiteMax) up &= belowAround(W, n, pw, maxLevel);
      // Lower or level, conducting nodata: flooded from n in order unless reached lower first.
      const lower = open & ~gt;
      while (up !== 0) {
        const d = 31 - Math.clz32(up & -up);
        up &= up - 1;
        const m = n + offs[d]!;
        done[m >>> 5]! |= 1 << (m & 31);
        if (wantSill) sill[m] = m;
        if (!hasBar || ((bar[m >>> 5]! >>> (m & 31)) & 1) === 0) {
          trace[tt & tmask] = m;
          tt++;
        } else pq.push(W[m]!, ~m);
      }
      if (lower !== 0) {
        deferred[nDeferred++] = n;
        if (nDeferred === deferred.length) nDeferred = queueDeferred(deferred, nDeferred, done, W, pw, dirs, pq);
      }
    }
    let c: number;
    if (fh !== ft) {
      c = fifo[fh & fmask]!;
      fh++;
    } else {
      if (nDeferred > 0) {
        // Before the level may rise, every deferred cell still bordering an unfinished cell is queued.
        nDeferred = queueDeferred(deferred, nDeferred, done, W, pw, dirs, pq);
        continue;
      }
      const key = pq.popKey();
      if (key !== key) break; // the queue is empty
      const v = pq.popped;
      if (v < 0) c = ~v;
      else {
        c = v;
        if (((done[c >>> 5]! >>> (c & 31)) & 1) !== 0) continue; // reached at a lower level meanwhile
        W[c] = key;
        done[c >>> 5]! |= 1 << (c & 31);
        if (wantSill) {
          // The sill: a finished neighbour standing exactly at this level, or c itself (a crest).
          let q = c;
          for (let e = 0; e < 8; e += step) {
            const p = c + offs[e]!;
            if (((done[p >>> 5]! >>> (p & 31)) & 1) !== 0 && W[p] === key && sill[p] === p) {
              q = p;
              break;
            }
          }
          sill[c] = q;
        }
      }
    }
    // c is expanded in order: W(c) is the current (lowest open) level.
    const wc = W[c]!;
    if (!hasBar || ((bar[c >>> 5]! >>> (c & 31)) & 1) === 0) {
      let open = ~doneAround(done, c, pw) & dirs;
      while (open !== 0) {
        const d = 31 - Math.clz32(open & -open);
        open &= open - 1;
        const n = c + offs[d]!;
        const zn = W[n]!;
        if (!(zn > wc)) {
          // Inside a depression or flat, or conducting nodata: same level, final.
          W[n] = wc;
          done[n >>> 5]! |= 1 << (n & 31);
          if (wantSill) sill[n] = sill[c]!;
          fifo[ft & fmask] = n;
          ft++;
        } else if (zn < maxLevel) {
          // Final at its own elevation (a lower bound of W).
          done[n >>> 5]! |= 1 << (n & 31);
          if (wantSill) sill[n] = n;
          if (!hasBar || ((bar[n >>> 5]! >>> (n & 31)) & 1) === 0) {
            trace[tt & tmask] = n;
            tt++;
          } else pq.push(zn, ~n);
        }
      }
    } else {
      const r = ((c / pw) | 0) - 1;
      const slot = findBarrierSlot(bcells!, r * w + (c - (r + 1) * pw - 1)) * 8;
      for (let d = 0; d < 8; d += step) {
        const n = c + offs[d]!;
        if (((done[n >>> 5]! >>> (n & 31)) & 1) !== 0) continue;
        const k = crest![slot + d]!;
        const zn = W[n]!;
        if (!(zn > wc) && !(k > wc)) {
          W[n] = wc;
          done[n >>> 5]! |= 1 << (n & 31);
          if (wantSill) sill[n] = sill[c]!;
          fifo[ft & fmask] = n;
          ft++;
        } else if (k > wc && !(zn >= k)) {
          // The crest sets the level: flood n at the crest unless a lower path comes first.
          if (k < maxLevel) pq.push(k, n);
        } else if (zn < maxLevel) {
          done[n >>> 5]! |= 1 << (n & 31);
          if (wantSill) sill[n] = n;
          if (((bar[n >>> 5]! >>> (n & 31)) & 1) === 0) {
            trace[tt & tmask] = n;
            tt++;
          } else pq.push(zn, ~n);
        }
      }
    }
  }

  // Compact in place (targets never overtake sources).
  if (!wantSill) {
    // Each row is one memmove; then NaN where the cell is not final (never reached, or W ≥ maxLevel:
    // W still holds z there), skipping whole words of final cells, and on conducting nodata (blocking
    // nodata already holds its NaN).
    const fixNodata = nodataIsSea && hasNodata;
    for (let r = 0; r < h; r++) {
      const src = (r + 1) * pw + 1;
      const dst = r * w;
      W.copyWithin(dst, src, src + w);
      for (let c = 0; c < w; ) {
        const p = src + c;
        const word = done[p >>> 5]!;
        if ((p & 31) === 0 && c + 32 <= w && word === 0xffffffff) {
          c += 32;
          continue;
        }
        if (((word >>> (p & 31)) & 1) === 0) W[dst + c] = NaN;
        c++;
      }
      if (fixNodata) {
        for (let c = 0; c < w; c++) if (z[dst + c] !== z[dst + c]) W[dst + c] = NaN;
      }
    }
  } else {
    for (let r = 0; r < h; r++) {
      const src = (r + 1) * pw + 1;
      const dst = r * w;
      for (let c = 0; c < w; c++) {
        const p = src + c;
        const zv = z[dst + c]!;
        const ok = ((done[p >>> 5]! >>> (p & 31)) & 1) !== 0 && zv === zv;
        W[dst + c] = ok ? W[p]! : NaN;
        const q = sill[p]!;
        if (ok && q >= 0) {
          const qr = ((q / pw) | 0) - 1;
          sill[dst + c] = qr * w + (q - (qr + 1) * pw - 1);
        } else sill[dst + c] = -1;
      }
    }
  }
  const level = new Float32Array(W.buffer, 0, w * h);
  return wantSill ? { level, sill: new Int32Array(sill.buffer, 0, w * h) } : { level };
}

/** A ring buffer twice as long holding the entries head…tail of `ring` (a power of two long) from index 0. */
function grownRing(ring: Int32Array, head: number, tail: number): Int32Array<ArrayBuffer> {
  const mask = ring.length - 1;
  const out = new Int32Array(ring.length * 2);
  for (let k = 0; head + k < tail; k++) out[k] = ring[(head + k) & mask]!;
  return out;
}

/**
 * Queues, at their own level, the deferred traced cells that still border an unfinished cell in
 * `dirs`; drops the others (nothing left to flood from them). Returns the new length, 0.
 */
function queueDeferred(deferred: Int32Array, count: number, done: Uint32Array, W: Float32Array, pw: number, dirs: number, pq: BucketQueue): number {
  for (let k = 0; k < count; k++) {
    const n = deferred[k]!;
    if ((doneAround(done, n, pw) & dirs) !== dirs) pq.push(W[n]!, ~n);
  }
  return 0;
}

/** Bit d set where the neighbour in direction d of `offs` has W above `v` (NaN: not above). */
function higherAround(W: Float32Array, n: number, pw: number, v: number): number {
  return (
    +(W[n + 1]! > v) |
    (+(W[n + pw + 1]! > v) << 1) |
    (+(W[n + pw]! > v) << 2) |
    (+(W[n + pw - 1]! > v) << 3) |
    (+(W[n - 1]! > v) << 4) |
    (+(W[n - pw - 1]! > v) << 5) |
    (+(W[n - pw]! > v) << 6) |
    (+(W[n - pw + 1]! > v) << 7)
  );
}

/** Bit d set where the neighbour in direction d of `offs` has W below `v`. */
function belowAround(W: Float32Array, n: number, pw: number, v: number): number {
  return (
    +(W[n + 1]! < v) |
    (+(W[n + pw + 1]! < v) << 1) |
    (+(W[n + pw]! < v) << 2) |
    (+(W[n + pw - 1]! < v) << 3) |
    (+(W[n - 1]! < v) << 4) |
    (+(W[n - pw - 1]! < v) << 5) |
    (+(W[n - pw]! < v) << 6) |
    (+(W[n - pw + 1]! < v) << 7)
  );
}

/** The three `done` bits of cells q, q + 1, q + 2 (bit 0 = q). */
function doneBits3(done: Uint32Array, q: number): number {
  const s = q & 31;
  const i = q >>> 5;
  return s <= 29 ? (done[i]! >>> s) & 7 : ((done[i]! >>> s) | (done[i + 1]! << (32 - s))) & 7;
}

/** The `done` bits of the 8 neighbours of interior cell n, bit d = direction d of `offs` (E, SE, S, SW, W, NW, N, NE). */
function doneAround(done: Uint32Array, n: number, pw: number): number {
  const a = doneBits3(done, n - pw - 1);
  const b = doneBits3(done, n - 1);
  const c = doneBits3(done, n + pw - 1);
  return ((b >>> 2) & 1) | ((c >>> 1) & 2) | ((c << 1) & 4) | ((c << 3) & 8) | ((b << 4) & 16) | (a << 5);
}

/**
 * Exact monotone priority queue for float levels: K value buckets over [lo, hi] (keys outside are
 * clamped to the end buckets), each a chain of small chunks of (float64 key, int32 value) from a pool,
 * so entries are stored contiguously and loading a bucket reads no cell data. Keys pushed are never
 * below the current bucket (a priority-flood pops non-decreasing levels). The current bucket, and any
 * key that falls into it, lives in an exact binary heap: ties and close values pop in exact order.
 */
class BucketQueue {
  private readonly K: number;
  private readonly lo: number;
  private readonly scale: number;
  private readonly headChunk: Int32Array;
  private readonly headFill: Int32Array;
  private keys = new Float64Array(CHUNK_ENTRIES * 256);
  private vals = new Int32Array(CHUNK_ENTRIES * 256);
  private chunkNext = new Int32Array(256);
  private chunks = 0;
  private freeChunk = -1;
  private cur = 0;
  private readonly heap = new IndexHeap();
  size = 0;
  /** Value of the last popped entry. */
  popped = 0;

  /** Bit per padded cell: 1 = final (entries with nothing left to do are dropped unseen). */
  private readonly done: Uint32Array;
  private readonly pw: number;
  private readonly dirs: number;

  constructor(lo: number, hi: number, cells: number, done: Uint32Array, pw: number, dirs: number) {
    this.done = done;
    this.pw = pw;
    this.dirs = dirs;
    this.K = Math.max(256, Math.min(1 << 16, cells >>> 8));
    this.lo = lo;
    this.scale = (this.K - 1) / (hi - lo);
    this.headChunk = new Int32Array(this.K).fill(-1);
    this.headFill = new Int32Array(this.K);
  }

  push(key: number, val: number): void {
    this.size++;
    const t = (key - this.lo) * this.scale;
    const b = t > 0 ? (t < this.K - 1 ? t | 0 : this.K - 1) : 0;
    if (b <= this.cur) {
      this.heap.push(key, val);
      return;
    }
    let ch = this.headChunk[b]!;
    let fill = this.headFill[b]!;
    if (ch < 0 || fill === CHUNK_ENTRIES) {
      const nc = this.allocChunk();
      this.chunkNext[nc] = ch;
      this.headChunk[b] = ch = nc;
      fill = 0;
    }
    const at = ch * CHUNK_ENTRIES + fill;
    this.keys[at] = key;
    this.vals[at] = val;
    this.headFill[b] = fill + 1;
  }

  /** Removes an entry with the smallest key and returns the key (its value is then in `popped`), or NaN when empty. */
  popKey(): number {
    const heap = this.heap;
    const done = this.done;
    while (heap.size === 0) {
      if (this.size === 0) return NaN;
      const b = ++this.cur;
      let ch = this.headChunk[b]!;
      let fill = this.headFill[b]!;
      while (ch >= 0) {
        const base = ch * CHUNK_ENTRIES;
        for (let j = 0; j < fill; j++) {
          const v = this.vals[base + j]!;
          // An entry with nothing left to do (a cell to flood that is final already, or a final cell to
          // expand whose neighbours are all final) is dropped here, while the chunk (filled in push
          // order, so spatially coherent) is read sequentially.
          if (v >= 0 ? ((done[v >>> 5]! >>> (v & 31)) & 1) !== 0 : (doneAround(done, ~v, this.pw) & this.dirs) === this.dirs) {
            this.size--;
            continue;
          }
          heap.push(this.keys[base + j]!, v);
        }
        const nx = this.chunkNext[ch]!;
        this.chunkNext[ch] = this.freeChunk;
        this.freeChunk = ch;
        ch = nx;
        fill = CHUNK_ENTRIES;
      }
      this.headChunk[b] = -1;
      this.headFill[b] = 0;
    }
    this.size--;
    const key = heap.topKey();
    this.popped = heap.pop();
    return key;
  }

  private allocChunk(): number {
    if (this.freeChunk >= 0) {
      const c = this.freeChunk;
      this.freeChunk = this.chunkNext[c]!;
      return c;
    }
    if (this.chunks === this.chunkNext.length) {
      const n = this.chunks * 2;
      const cn = new Int32Array(n);
      cn.set(this.chunkNext);
      this.chunkNext = cn;
      const k = new Float64Array(n * CHUNK_ENTRIES);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(n * CHUNK_ENTRIES);
      v.set(this.vals);
      this.vals = v;
    }
    return this.chunks++;
  }
}

const CHUNK_ENTRIES = 16;

/** Binary min-heap of (float64 key, int32 value) in parallel typed arrays. */
class IndexHeap {
  keys = new Float64Array(256);
  vals = new Int32Array(256);
  size = 0;

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    const K = this.keys;
    const V = this.vals;
    let j = this.size++;
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (K[p]! <= key) break;
      K[j] = K[p]!;
      V[j] = V[p]!;
      j = p;
    }
    K[j] = key;
    V[j] = val;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  pop(): number {
    const K = this.keys;
    const V = this.vals;
    const top = V[0]!;
    const n = --this.size;
    if (n === 0) return top;
    const key = K[n]!;
    const val = V[n]!;
    let j = 0;
    for (;;) {
      let ch = 2 * j + 1;
      if (ch >= n) break;
      if (ch + 1 < n && K[ch + 1]! < K[ch]!) ch++;
      if (K[ch]! >= key) break;
      K[j] = K[ch]!;
      V[j] = V[ch]!;
      j = ch;
    }
    K[j] = key;
    V[j] = val;
    return top;
  }
}
