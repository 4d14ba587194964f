/**
 * Seeded synthetic terrains for benchmarks: pure functions of (kind, size, seed), Float32Array
 * elevations in metres on a 5 m grid in EPSG:6677 (JGD2011 / Japan Plane Rectangular CS IX), so
 * that georeferenced code paths (cell areas, writers) run as on real data.
 *
 * Kinds (elevations roughly 0–100 m; `TERRAIN_LEVEL[kind]` is a level that floods a good share):
 * - `ramp`:  a plane rising west → east (0 → 100 m) with ±0.25 m noise: one front, few pits.
 * - `noisy`: five octaves of value noise plus ±2 m white noise: thousands of small pits and
 *            islands; the worst case for vectorizing and for priority-flood queues.
 * - `pits`:  the ramp with one bowl-shaped pit (1–10 m deep, radius 2–8 cells) per ~400 cells:
 *            many closed depressions, the FIFO-in-pits path of priority-flood.
 * - `basin`: a high ring (70 m) around one large bowl (floor 10 m) that fills over a single
 *            sill at 40 m, inside a seaward slope: one huge depression.
 */
import type { Crs, FloatGrid } from '@floodzone/raster';
import { mulberry32 } from './prng.js';

export type TerrainKind = 'ramp' | 'noisy' | 'pits' | 'basin';
export const TERRAIN_KINDS: readonly TerrainKind[] = ['ramp', 'noisy', 'pits', 'basin'];

/** A level per kind that floods a sizeable, non-trivial part (about 30–60 % of cells). */
export const TERRAIN_LEVEL: Readonly<Record<TerrainKind, number>> = { ramp: 50, noisy: 50, pits: 50, basin: 45 };

export const EPSG_6677: Crs = {
  code: 'EPSG:6677',
  name: 'JGD2011 / Japan Plane Rectangular CS IX',
  proj4: '+proj=tmerc +lat_0=36 +lon_0=139.833333333333 +k=0.9999 +x_0=0 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  geographic: false,
};

/** Side of the square grid for a size in millions of cells: 1 → 1000, 4 → 2000, 16 → 4000. */
export function sideFor(mcells: number): number {
  return Math.round(Math.sqrt(mcells * 1e6));
}

/** Adds `amp ×` value noise with lattice spacing `cell` (bilinear, smoothstep) to `z`. */
function addValueNoise(z: Float32Array, w: number, h: number, cell: number, amp: number, rand: () => number): void {
  const nx = Math.ceil(w / cell) + 2;
  const ny = Math.ceil(h / cell) + 2;
  const lat = new Float32Array(nx * ny);
  for (let i = 0; i < lat.length; i++) lat[i] = rand();
  const inv = 1 / cell;
  for (let r = 0; r < h; r++) {
    const fy = r * inv;
    const iy = fy | 0;
    let ty = fy - iy;
    ty = ty * ty * (3 - 2 * ty);
    const row0 = iy * nx;
    const row1 = row0 + nx;
    const base = r * w;
    for (let c = 0; c < w; c++) {
      const fx = c * inv;
      const ix = fx | 0;
      let tx = fx - ix;
      tx = tx * tx * (3 - 2 * tx);
      const a = lat[row0 + ix] + (lat[row0 + ix + 1] - lat[row0 + ix]) * tx;
      const b = lat[row1 + ix] + (lat[row1 + ix + 1] - lat[row1 + ix]) * tx;
      z[base + c] += amp * (a + (b - a) * ty);
    }
  }
}

/** A w × h terrain of `kind`; deterministic for a given seed. Origin at (−20000, −30000) in EPSG:6677 (Tokyo Bay). */
export function terrain(kind: TerrainKind, width: number, height = width, seed = 1): FloatGrid {
  const w = width;
  const h = height;
  const z = new Float32Array(w * h);
  const rand = mulberry32(seed * 0x9e3779b1 + kind.length * 7919 + kind.charCodeAt(0));
  if (kind === 'ramp' || kind === 'pits') {
    const s = 100 / Math.max(1, w - 1);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) z[r * w + c] = c * s + (rand() - 0.5) * 0.5;
  }
  if (kind === 'pits') {
    const n = Math.floor((w * h) / 400);
    for (let k = 0; k < n; k++) {
      const cx = rand() * w;
      const cy = rand() * h;
      const rad = 2 + rand() * 6;
      const depth = 1 + rand() * 9;
      const c0 = Math.max(0, Math.floor(cx - rad));
      const c1 = Math.min(w - 1, Math.ceil(cx + rad));
      const r0 = Math.max(0, Math.floor(cy - rad));
      const r1 = Math.min(h - 1, Math.ceil(cy + rad));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const d2 = ((c - cx) ** 2 + (r - cy) ** 2) / (rad * rad);
          if (d2 < 1) z[r * w + c] -= depth * (1 - d2);
        }
      }
    }
  }
  if (kind === 'noisy') {
    const side = Math.max(w, h);
    let amp = 60;
    let cell = side / 4;
    for (let o = 0; o < 5; o++, amp /= 2, cell /= 2) addValueNoise(z, w, h, Math.max(2, cell), amp, rand);
    for (let i = 0; i < z.length; i++) z[i] += (rand() - 0.5) * 4;
  }
  if (kind === 'basin') {
    // Seaward slope everywhere, a ring ridge at radius 0.35 (70 m) with a notch (sill, 40 m) facing west,
    // and a bowl inside whose floor is 10 m.
    const cx = w / 2;
    const cy = h / 2;
    const R = 0.35 * Math.min(w, h);
    const ridgeW = 0.04 * Math.min(w, h);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const dx = c - cx;
        const dy = r - cy;
        const d = Math.sqrt(dx * dx + dy * dy);
        const outside = 60 * (c / Math.max(1, w - 1)); // 0 at the west edge
        const ridge = Math.max(0, 1 - Math.abs(d - R) / ridgeW);
        const notch = dx < 0 && Math.abs(dy) < ridgeW ? 30 : 0; // 70 → 40 m on the west side
        const inside = d < R ? 10 + 20 * (d / R) ** 2 : outside;
        z[r * w + c] = Math.max(inside, ridge * (70 - notch)) + (rand() - 0.5) * 0.5;
      }
    }
  }
  return { data: z, width: w, height: h, transform: [-20000, 5, 0, -30000, 0, -5], crs: EPSG_6677, nodata: null };
}

/** 32-bit FNV-1a over the bytes of a typed array: a cheap fingerprint for determinism checks. */
export function fingerprint(a: ArrayBufferView): number {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let hsh = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) hsh = Math.imul(hsh ^ b[i], 0x01000193);
  return hsh >>> 0;
}
