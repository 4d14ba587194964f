// Naive reference implementations for tests: plain arrays, bounds checks, repeated relaxation.
// Slow on purpose and written for obviousness, not speed. Not exported from the package index.
import type { FloatGrid } from '@floodzone/raster';
import { moveBlocked, type BarrierLine } from './barriers.js';
import type { EdgeBarriers, FloodOptions, SeaSource } from './types.js';

const DC = [1, 1, 0, -1, -1, -1, 0, 1];
const DR = [0, 1, 1, 1, 0, -1, -1, -1];

function crestOf(b: EdgeBarriers | undefined, i: number, d: number): number {
  if (b === undefined) return -Infinity;
  const k = Array.prototype.indexOf.call(b.cells, i) as number;
  return k < 0 ? -Infinity : b.crest[k * 8 + d]!;
}

function sourceCells(sea: SeaSource | undefined, w: number, h: number): number[] {
  const s = sea ?? { kind: 'border' };
  const out: number[] = [];
  if (s.kind === 'border') {
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) if (r === 0 || c === 0 || r === h - 1 || c === w - 1) out.push(r * w + c);
  } else if (s.kind === 'mask') {
    for (let i = 0; i < w * h; i++) if (s.mask[i] === 1) out.push(i);
  } else out.push(...Array.from(s.cells));
  return out;
}

function neighbours(i: number, w: number, h: number, conn: 4 | 8): [number, number][] {
  const r = Math.floor(i / w), c = i % w;
  const res: [number, number][] = [];
  for (let d = 0; d < 8; d++) {
    if (conn === 4 && d % 2 === 1) continue;
    const nc = c + DC[d]!, nr = r + DR[d]!;
    if (nc >= 0 && nc < w && nr >= 0 && nr < h) res.push([nr * w + nc, d]);
  }
  return res;
}

export function referenceFloodFill(dem: FloatGrid, L: number, o: FloodOptions = {}): Uint8Array {
  const { width: w, height: h, data: z } = dem;
  const conn = o.connectivity ?? 8;
  const open = (i: number): boolean => (Number.isNaN(z[i]!) ? o.nodataIsSea === true : z[i]! < L);
  const wet = new Array<boolean>(w * h).fill(false);
  const queue: number[] = [];
  for (const s of sourceCells(o.sea, w, h)) if (open(s) && !wet[s]) { wet[s] = true; queue.push(s); }
  while (queue.length > 0) {
    const i = queue.shift()!;
    for (const [j, d] of neighbours(i, w, h, conn)) {
      if (wet[j] || !open(j)) continue;
      if (L <= crestOf(o.barriers, i, d)) continue;
      wet[j] = true;
      queue.push(j);
    }
  }
  return Uint8Array.from(wet.map((v, i) => (v && !Number.isNaN(z[i]!) ? 1 : 0)));
}

/** W by repeated relaxation of W(j) = min(W(j), max(W(i), crest(i→j), z(j))) until nothing changes. */
export function referenceSpillLevels(dem: FloatGrid, o: FloodOptions & { maxLevel?: number } = {}): Float32Array {
  const { width: w, height: h, data: z } = dem;
  const conn = o.connectivity ?? 8;
  const W = new Array<number>(w * h).fill(Infinity);
  for (const s of sourceCells(o.sea, w, h)) {
    if (Number.isNaN(z[s]!)) { if (o.nodataIsSea === true) W[s] = -Infinity; } else W[s] = z[s]!;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < w * h; i++) {
      if (W[i] === Infinity) continue;
      for (const [j, d] of neighbours(i, w, h, conn)) {
        const zj = z[j]!;
        if (Number.isNaN(zj) && o.nodataIsSea !== true) continue;
        const cand = Math.max(W[i]!, crestOf(o.barriers, i, d), Number.isNaN(zj) ? -Infinity : zj);
        if (cand < W[j]!) { W[j] = cand; changed = true; }
      }
    }
  }
  const max = o.maxLevel ?? Infinity;
  return Float32Array.from(W.map((v, i) => (Number.isNaN(z[i]!) || v === Infinity || v >= max ? NaN : v)));
}

/** Attenuated levels by repeated relaxation (same step arithmetic as attenuatedLevels). */
export function referenceAttenuatedLevels(dem: FloatGrid, o: { sea?: SeaSource; level: number | Float32Array; attenuation: number | Float32Array; dx: number; dy: number; connectivity?: 4 | 8; nodataIsSea?: boolean; barriers?: EdgeBarriers }): Float32Array {
  const { width: w, height: h, data: z } = dem;
  const conn = o.connectivity ?? 8;
  const aOf = (i: number): number => (Number.isNaN(z[i]!) ? 0 : typeof o.attenuation === 'number' ? o.attenuation : o.attenuation[i]!);
  const len = (d: number): number => (d % 2 === 1 ? Math.hypot(o.dx, o.dy) : d % 4 === 0 ? o.dx : o.dy);
  const wetAt = (i: number, H: number): boolean => (Number.isNaN(z[i]!) ? o.nodataIsSea === true : z[i]! < H);
  const best = new Array<number>(w * h).fill(-Infinity);
  for (const s of sourceCells(o.sea, w, h)) {
    const L = typeof o.level === 'number' ? o.level : o.level[s]!;
    if (!Number.isNaN(L) && wetAt(s, L) && L > best[s]!) best[s] = L;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < w * h; i++) {
      const H = best[i]!;
      if (H === -Infinity) continue;
      for (const [j, d] of neighbours(i, w, h, conn)) {
        if (!(H > crestOf(o.barriers, i, d))) continue;
        const Hn = H - len(d) * 0.5 * (aOf(i) + aOf(j));
        if (wetAt(j, Hn) && Hn > best[j]!) { best[j] = Hn; changed = true; }
      }
    }
  }
  return Float32Array.from(best.map((v, i) => (v === -Infinity || Number.isNaN(z[i]!) ? NaN : v)));
}

/** Barriers by testing every move of every cell against every segment. */
export function referenceRasterizeBarriers(lines: BarrierLine[], w: number, h: number): Float32Array {
  const crest = new Float32Array(w * h * 8).fill(-Infinity);
  for (const line of lines) {
    const p = line.points;
    for (let k = 0; k + 3 < p.length; k += 2) {
      for (let i = 0; i < w * h; i++) {
        const r = Math.floor(i / w), c = i % w;
        for (const [j, d] of neighbours(i, w, h, 8)) {
          void j;
          if (moveBlocked(p[k]!, p[k + 1]!, p[k + 2]!, p[k + 3]!, c, r, DC[d]!, DR[d]!)) crest[i * 8 + d] = Math.max(crest[i * 8 + d]!, Math.fround(line.crest));
        }
      }
    }
  }
  return crest;
}
