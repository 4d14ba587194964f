import type { FloatGrid } from '@floodzone/raster';
import { throwIfAborted } from '../util/abort.js';
import { InputError } from '../util/errors.js';
import { RadixHeap, keyBits, sortableKey } from './radix-heap.js';
import type { FloodOptions } from './types.js';
import { checkBarriers, checkConnectivity, checkDem, checkSea, findBarrierSlot } from './validate.js';

const NODATA = 1;
const QUEUED = 4; // W final (or never to be entered: frame, blocking nodata)
const BARRIER = 8;
const TENT = 16; // has pending tentative entries (pushed across a barrier crest)
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
   * the depression it lies in), or of the cell entered across the barrier whose crest sets W; −1 where W
   * is NaN. Where the water must be stopped to keep c dry.
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
 * queue, the others through a priority queue, here a radix heap on the float32 bits (exact, ties
 * included). Barrier crests are edge costs: a move across a barrier can raise W above both cells, so such
 * entries stay tentative until popped (Dijkstra-style), which keeps the result exact.
 * Memory: 4 bytes/cell (W, padded, compacted in place into the result: a view at offset 0 of a slightly
 * longer buffer) + 1 byte/cell state + the queues (+ 4 bytes/cell with `sills`).
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
  const signal = options.signal;
  const onProgress = options.onProgress;
  throwIfAborted(signal);

  const pw = w + 2;
  const np = pw * (h + 2);
  const W = new Float32Array(np);
  const U = new Uint32Array(W.buffer);
  const st = new Uint8Array(np);
  const sill = wantSill ? new Int32Array(np).fill(-1) : new Int32Array(0);
  st.fill(QUEUED, 0, pw);
  st.fill(QUEUED, (h + 1) * pw);
  const nodataState = nodataIsSea ? NODATA : NODATA | QUEUED;
  for (let r = 0; r < h; r++) {
    const o = (r + 1) * pw + 1;
    const zo = r * w;
    st[o - 1] = QUEUED;
    st[o + w] = QUEUED;
    for (let c = 0; c < w; c++) {
      const v = z[zo + c]!;
      W[o + c] = v;
      if (v !== v) st[o + c] = nodataState;
    }
  }
  const crest = barriers?.crest;
  const bcells = barriers?.cells;
  if (bcells !== undefined) {
    for (let k = 0; k < bcells.length; k++) {
      const i = bcells[k]!;
      const r = (i / w) | 0;
      st[(r + 1) * pw + (i - r * w) + 1]! |= BARRIER;
    }
  }

  const heap = new RadixHeap();
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);

  // Sources.
  const addSource = (i: number): void => {
    const r = (i / w) | 0;
    const p = (r + 1) * pw + (i - r * w) + 1;
    const s = st[p]!;
    if ((s & QUEUED) !== 0) return;
    if ((s & NODATA) !== 0) {
      W[p] = -Infinity;
    } else {
      if (!(W[p]! < maxLevel)) return;
      if (wantSill) sill[p] = p;
    }
    st[p] = s | QUEUED;
    heap.push(sortableKey(U[p]!), p);
  };
  if (sea.kind === 'border') {
    for (let c = 0; c < w; c++) {
      addSource(c);
      addSource((h - 1) * w + c);
    }
    for (let r = 1; r < h - 1; r++) {
      addSource(r * w);
      addSource(r * w + w - 1);
    }
  } else if (sea.kind === 'mask') {
    const m = sea.mask;
    for (let i = 0; i < m.length; i++) if (m[i] === 1) addSource(i);
  } else {
    const cells = sea.cells;
    for (let k = 0; k < cells.length; k++) addSource(cells[k]!);
  }

  const offs = new Int32Array([1, pw + 1, pw, pw - 1, -1, -pw - 1, -pw, -pw + 1]);
  const step = conn === 8 ? 1 : 2;
  let fifo = new Int32Array(1 << 14);
  let fmask = fifo.length - 1;
  let fh = 0;
  let ft = 0;
  let processed = 0;
  let nextCheck = CHUNK;

  for (;;) {
    let c: number;
    if (fh !== ft) {
      c = fifo[fh & fmask]!;
      fh++;
    } else {
      if (heap.size === 0) break;
      const v = heap.pop();
      if (v >= 0) {
        c = v;
      } else {
        c = ~v;
        const s = st[c]!;
        if ((s & QUEUED) !== 0) continue; // stale tentative entry
        U[c] = keyBits(heap.last);
        st[c] = s | QUEUED;
        if (wantSill) sill[c] = c;
      }
    }
    if (fifo.length - (ft - fh) < 8) {
      const nf = new Int32Array(fifo.length * 2);
      for (let k = 0; fh + k < ft; k++) nf[k] = fifo[(fh + k) & fmask]!;
      ft -= fh;
      fh = 0;
      fifo = nf;
      fmask = fifo.length - 1;
    }
    const wc = W[c]!;
    if ((st[c]! & BARRIER) === 0) {
      for (let d = 0; d < 8; d += step) {
        const n = c + offs[d]!;
        const sn = st[n]!;
        if ((sn & QUEUED) !== 0) continue;
        const zn = W[n]!;
        if (!(zn > wc)) {
          // Inside a depression or flat, or conducting nodata: same level, final.
          W[n] = wc;
          st[n] = sn | QUEUED;
          if (wantSill) sill[n] = sill[c]!;
          fifo[ft & fmask] = n;
          ft++;
        } else if (zn < maxLevel) {
          if ((sn & TENT) !== 0) {
            heap.push(sortableKey(U[n]!), ~n);
          } else {
            st[n] = sn | QUEUED;
            if (wantSill) sill[n] = n;
            heap.push(sortableKey(U[n]!), n);
          }
        }
      }
    } else {
      const r = ((c / pw) | 0) - 1;
      const slot = findBarrierSlot(bcells!, r * w + (c - (r + 1) * pw - 1)) * 8;
      for (let d = 0; d < 8; d += step) {
        const n = c + offs[d]!;
        const sn = st[n]!;
        if ((sn & QUEUED) !== 0) continue;
        const k = crest![slot + d]!;
        const zn = W[n]!;
        if (!(zn > wc) && !(k > wc)) {
          W[n] = wc;
          st[n] = sn | QUEUED;
          if (wantSill) sill[n] = sill[c]!;
          fifo[ft & fmask] = n;
          ft++;
        } else if (k > wc && !(zn >= k)) {
          // The crest sets the level: tentative until popped.
          if (!(k < maxLevel)) continue;
          f32[0] = k;
          heap.push(sortableKey(u32[0]!), ~n);
          st[n] = sn | TENT;
        } else if (zn < maxLevel) {
          if ((sn & TENT) !== 0) {
            heap.push(sortableKey(U[n]!), ~n);
          } else {
            st[n] = sn | QUEUED;
            if (wantSill) sill[n] = n;
            heap.push(sortableKey(U[n]!), n);
          }
        }
      }
    }
    if (++processed === nextCheck) {
      nextCheck += CHUNK;
      throwIfAborted(signal);
      onProgress?.(processed, w * h, 'spill');
    }
  }

  // Compact in place (targets never overtake sources).
  for (let r = 0; r < h; r++) {
    const src = (r + 1) * pw + 1;
    const dst = r * w;
    for (let c = 0; c < w; c++) {
      const p = src + c;
      const ok = (st[p]! & (QUEUED | NODATA)) === QUEUED;
      W[dst + c] = ok ? W[p]! : NaN;
      if (wantSill) {
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
