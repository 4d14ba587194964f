import { CURVE_KERNEL_WASM } from './curve-kernel.js';

/** Per bucket j (cells with sorted[j-1] <= W < sorted[j]): cell count, area, Σ z·a, min z. */
export interface BucketTotals {
  cnt: Float64Array;
  area: Float64Array;
  za: Float64Array;
  minZ: Float64Array;
}

interface CurveKernel {
  mem: WebAssembly.Memory;
  setup(cb: number, hb: number, ob: number, m: number, T: number, lo: number, hi: number, sc: number): number;
  run(wp: number, zd: number, nrows: number, stride: number, ap: number): void;
}

let kernel: CurveKernel | null | undefined;

/**
 * The compiled kernel (curve-kernel.wat), instantiated once on first use; null where WebAssembly or its
 * SIMD instructions are unavailable (an old engine, or a page whose Content-Security-Policy forbids
 * compiling WebAssembly), and levelCurve then runs its JavaScript kernel. Synchronous: the module is
 * 1.6 kB, below the 4 kB that browsers allow to compile synchronously on the main thread.
 */
function curveKernel(): CurveKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const bin = atob(CURVE_KERNEL_WASM);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as CurveKernel;
    kernel = { mem: ex.mem, setup: ex.setup, run: ex.run };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether levelCurve can use the WebAssembly kernel here. */
export function curveKernelAvailable(): boolean {
  return curveKernel() !== null;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The smallest float32 >= x (finite x): for every float32 w (±∞ included), w >= x ⟺ w >= ceil32(x). */
export function ceil32(x: number): number {
  f32[0] = x;
  const f = f32[0]!;
  if (f >= x) return f;
  if (f === 0) return 2 ** -149; // below the smallest positive subnormal
  if (f === -Infinity) return -3.4028234663852886e38; // below −FLT_MAX
  u32[0] = f > 0 ? u32[0]! + 1 : u32[0]! - 1; // the next float32 up
  return f32[0]!;
}

/** Whether every row has the same cell area (a projected grid). */
export function uniformAreas(cellAreas: Float64Array): boolean {
  for (let r = 1; r < cellAreas.length; r++) if (cellAreas[r] !== cellAreas[0]) return false;
  return true;
}

/** Cells per copy of W (and of z) into the kernel's memory: 64 kB each, so both stay in L2. */
const CHUNK = 16384;
/** Slots of the first table tried; doubled while a slot holds two different levels, up to T_MAX. */
const T0 = 1024;
const T_MAX = 1 << 16;

/**
 * levelCurve's buckets from the WebAssembly kernel: W and z are copied in a few rows at a time (rows
 * padded with NaN to a multiple of 4 cells; a row wider than the buffer goes in pieces), and the
 * kernel adds every cell to its bucket. null when the kernel is unavailable, or when the levels are
 * so close together that no slot table up to 2^16 slots puts one level value in each slot (levels
 * within about (max − min)/65536 of each other): the caller then runs the JavaScript kernel.
 */
export function bucketTotalsWasm(W: Float32Array, dem: Float32Array, cellAreas: Float64Array, width: number, sorted: Float64Array): BucketTotals | null {
  const k = curveKernel();
  const m = sorted.length;
  if (k === null || m === 0) return null;
  const h = W.length / width;
  const stride = (width + 3) & ~3;
  const rows = stride <= CHUNK ? Math.floor(CHUNK / stride) : 1;
  const piece = stride <= CHUNK ? stride : CHUNK;
  const c = new Float32Array(m + 1);
  for (let j = 0; j < m; j++) c[j] = ceil32(sorted[j]!);
  c[m] = NaN;
  const lo = c[0]!;
  const hi = c[m - 1]!;
  let sc = Math.fround(T0 / (hi - lo));
  let T = T0;
  let cb = 0, hb = 0, ob = 0, ap = 0, wp = 0, zp = 0;
  for (;;) {
    // Layout: slot table at 0, then thresholds, buckets, totals, row areas, W rows, z rows.
    cb = (T + 1) * 16;
    hb = (cb + (m + 1) * 4 + 63) & ~63;
    ob = hb + (m + 1) * 80;
    ap = ob + m * 24;
    wp = (ap + rows * 8 + 63) & ~63;
    zp = wp + rows * piece * 4;
    const end = zp + rows * piece * 4;
    if (k.mem.buffer.byteLength < end) k.mem.grow(Math.ceil((end - k.mem.buffer.byteLength) / 65536));
    new Float32Array(k.mem.buffer, cb, m + 1).set(c);
    sc = Math.fround(T / (hi - lo));
    if (!(sc > 0 && sc < Infinity)) sc = 0; // one level value, or a range beyond float32
    if (k.setup(cb, hb, ob, m, T, lo, hi, sc) !== 0) break;
    if (T >= T_MAX) return null;
    T *= 2;
  }
  const buf = k.mem.buffer;
  new Uint8Array(buf, hb, ap - hb).fill(0);
  const hist = new Float32Array(buf, hb, (m + 1) * 20);
  for (let j = 0; j <= m; j++) hist.fill(Infinity, 20 * j + 16, 20 * j + 20);
  const wv = new Float32Array(buf, wp, rows * piece);
  const zv = new Float32Array(buf, zp, rows * piece);
  const av = new Float64Array(buf, ap, rows);
  wv.fill(NaN); // the padding after each row stays NaN
  const sameArea = uniformAreas(cellAreas);
  if (stride <= CHUNK) {
    for (let r0 = 0; r0 < h; r0 += rows) {
      const n = Math.min(rows, h - r0);
      for (let q = 0; q < n; q++) {
        const s = (r0 + q) * width;
        wv.set(W.subarray(s, s + width), q * stride);
        zv.set(dem.subarray(s, s + width), q * stride);
      }
      av.set(cellAreas.subarray(r0, r0 + n));
      // With one cell area for every row, only the last rows go into the totals (see levelCurve).
      k.run(wp, zp - wp, n, stride, sameArea && r0 + n < h ? -1 : ap);
    }
  } else {
    for (let r = 0; r < h; r++) {
      av[0] = cellAreas[r]!;
      for (let x = 0; x < width; x += piece) {
        const n = Math.min(piece, width - x);
        const s = r * width + x;
        wv.set(W.subarray(s, s + n));
        zv.set(dem.subarray(s, s + n));
        if (n < piece) wv.fill(NaN, n);
        k.run(wp, zp - wp, 1, (n + 3) & ~3, x + n >= width && (!sameArea || r === h - 1) ? ap : -1);
      }
    }
  }
  const tot = new Float64Array(buf, ob, 3 * m);
  const out: BucketTotals = { cnt: new Float64Array(m), area: new Float64Array(m), za: new Float64Array(m), minZ: new Float64Array(m) };
  for (let j = 0; j < m; j++) {
    out.cnt[j] = tot[3 * j]!;
    out.area[j] = tot[3 * j + 1]!;
    out.za[j] = tot[3 * j + 2]!;
    let mz = Infinity;
    for (let q = 16; q < 20; q++) if (hist[20 * j + q]! < mz) mz = hist[20 * j + q]!;
    out.minZ[j] = mz;
  }
  return out;
}
