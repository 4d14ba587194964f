// Node-only file helpers (fs, zlib). Everything else in @floodzone/raster runs in a browser.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deflate, deflateSync, inflate, inflateRaw, inflateSync as zlibInflate, inflateRawSync, type ZlibOptions } from 'node:zlib';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { encodeGeoTiff, encodeGeoTiffPartsAsync, type EncodeGeoTiffOptions } from './geotiff-write.js';
import type { Grid, GridData } from './grid.js';
import { concatBytes } from './bytes.js';
import { InputError } from './errors.js';
import { crsFromWkt } from './crs.js';
import { readRaster, type RasterRead, type ReadRasterOptions } from './read.js';
import { isTiff } from './tiff.js';

/** zlib-wrapped DEFLATE through node:zlib (several times faster than a JS inflate). */
export function nodeInflate(data: Uint8Array, expectedLength = 0): Uint8Array {
  // one output chunk of the expected size: about 1.5–2× faster than zlib's 16 KiB chunks + concat
  const chunkSize = Math.max(1024, expectedLength + 64);
  try {
    return zlibInflate(data, { chunkSize });
  } catch {
    return inflateRawSync(data, { chunkSize });
  }
}

function zlibAsync(fn: typeof inflate, data: Uint8Array, options: ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => fn(data, options, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * `nodeInflate` on the libuv threadpool (node:zlib's asynchronous inflate): the calling thread is free
 * while it runs, so several tiles inflate on other cores while it undoes predictors. Same bytes out.
 */
export async function nodeInflateAsync(data: Uint8Array, expectedLength = 0): Promise<Uint8Array> {
  const chunkSize = Math.max(1024, expectedLength + 64);
  try {
    return await zlibAsync(inflate, data, { chunkSize });
  } catch {
    return zlibAsync(inflateRaw, data, { chunkSize });
  }
}

/**
 * Reads a raster file (any format `readRaster` knows). DEFLATE tiles and strips are inflated with
 * node:zlib on the libuv threadpool, several at once, while the main thread undoes the predictor and
 * places the finished ones (`inflateAsync`); the result equals `readRaster` on the same bytes. A missing or unreadable file is an InputError naming the path.
 */
export async function readRasterFile(path: string, options: Omit<ReadRasterOptions, 'name'> & { name?: string } = {}): Promise<RasterRead> {
  const name = options.name ?? path;
  let bytes: Uint8Array | undefined;
  let sparse: ReturnType<typeof openSparse>;
  try {
    // a window of a TIFF: read only the header, directories and the tiles it needs; files above
    // 1 GiB go the same way (readFile stops at 2 GiB), up to the 4 GiB a Uint8Array can hold
    if (options.window || statSync(path).size > 2 ** 30) sparse = openSparse(path);
    if (!sparse) bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file; check the path`, path);
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a raster file`, path);
    if (code === 'EACCES') throw new InputError(`${path}: permission denied; check the file's permissions`, path);
    throw new InputError(`${path}: cannot read (${code ?? String(err)})`, path);
  }
  if (sparse) {
    try {
      return await readRaster(sparse.bytes, { inflate: nodeInflate, inflateAsync: nodeInflateAsync, ...options, ensure: sparse.ensure, name });
    } finally {
      sparse.close();
    }
  }
  return withSidecarCrs(await readRaster(bytes!, { inflate: nodeInflate, inflateAsync: nodeInflateAsync, ...options, name }), path);
}

/**
 * An ESRI ASCII grid carries no CRS; GIS tools write it beside the grid as `<name>.prj` (WKT). Without
 * one the grid stays `crs: null` and its cells are measured in its own units.
 */
async function withSidecarCrs(r: RasterRead, path: string): Promise<RasterRead> {
  if (r.crs !== null || r.format !== 'ESRI-ASCII') return r;
  const prj = join(dirname(path), basename(path).replace(/\.[^.]*$/, '') + '.prj');
  let wkt: string;
  try {
    wkt = await readFile(prj, 'utf8');
  } catch {
    return r;
  }
  return { ...r, crs: crsFromWkt(wkt, prj) };
}


/**
 * A TIFF opened for windowed reading: a full-size buffer (zero-filled, so the OS commits only the
 * pages that are written) filled block by block (64 KiB) on demand. Undefined when the file is not
 * a TIFF (other formats are read whole).
 */
function openSparse(path: string): { bytes: Uint8Array; ensure: (off: number, len: number) => void; close(): void } | undefined {
  const fd = openSync(path, 'r');
  let keep = false;
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(16, size));
    readSync(fd, head, 0, head.length, 0);
    if (!isTiff(head)) return undefined;
    const BLOCK = 65536;
    const bytes = new Uint8Array(size);
    const loaded = new Uint8Array(Math.ceil(size / BLOCK));
    const ensure = (off: number, len: number) => {
      const end = Math.min(size, off + Math.max(len, 1));
      for (let b = Math.floor(off / BLOCK); b * BLOCK < end; b++) {
        if (loaded[b]) continue;
        // read a run of missing blocks at once
        let e = b;
        while ((e + 1) * BLOCK < end && !loaded[e + 1]) e++;
        const from = b * BLOCK;
        const to = Math.min(size, (e + 1) * BLOCK);
        let got = 0;
        while (from + got < to) {
          const n = readSync(fd, bytes, from + got, to - from - got, from + got);
          if (n === 0) break;
          got += n;
        }
        loaded.fill(1, b, e + 1);
        b = e;
      }
    };
    ensure(0, 16); // format detection looks at the first bytes before anything asks for them
    keep = true;
    return { bytes, ensure, close: () => closeSync(fd) };
  } finally {
    if (!keep) closeSync(fd);
  }
}

/** zlib-wrapped DEFLATE through node:zlib. */
export function nodeDeflate(data: Uint8Array, level: number): Uint8Array {
  // one output chunk as large as the input (zlib's default 16 KiB chunks + concat are slower), then
  // an exact-size copy so the big chunk is not kept alive by the result
  const z = deflateSync(data, { level, memLevel: 9, chunkSize: Math.max(1024, data.length + 1024) });
  return z.byteLength * 2 < z.buffer.byteLength ? new Uint8Array(z) : z;
}

/**
 * `nodeDeflate` on the libuv threadpool (node:zlib's asynchronous deflate): the calling thread is free
 * while it runs. `strategy` is a zlib strategy constant (default Z_DEFAULT_STRATEGY). Same bytes out
 * as `nodeDeflate` with the same level and strategy.
 */
export async function nodeDeflateAsync(data: Uint8Array, level: number, strategy?: number): Promise<Uint8Array> {
  const z = await zlibAsync(deflate, data, { level, memLevel: 9, chunkSize: Math.max(1024, data.length + 1024), ...(strategy !== undefined ? { strategy } : {}) });
  return z.byteLength * 2 < z.buffer.byteLength ? new Uint8Array(z) : z;
}

/** `encodeGeoTiff` with node:zlib as the compressor. */
export function encodeGeoTiffNode(grid: Grid<GridData>, options: EncodeGeoTiffOptions = {}): Uint8Array {
  return encodeGeoTiff(grid, { deflate: nodeDeflate, ...options });
}

/** Options of the asynchronous node encoders: those of `encodeGeoTiff` plus tiles in flight. */
export interface EncodeGeoTiffAsyncOptions extends EncodeGeoTiffOptions {
  /** Tiles deflating on the libuv threadpool at once (default 8; the pool has 4 threads unless UV_THREADPOOL_SIZE says otherwise). */
  concurrency?: number;
}

/**
 * `encodeGeoTiffParts` with node:zlib on the libuv threadpool: tiles deflate on other threads while
 * the main thread applies the predictor to the next ones (a 2-core machine uses both cores). Same
 * bytes as `encodeGeoTiffNode`. `compression: 'none'` needs no compressor and returns at once.
 */
export function encodeGeoTiffPartsNodeAsync(grid: Grid<GridData>, options: EncodeGeoTiffAsyncOptions = {}): Promise<Uint8Array[]> {
  return encodeGeoTiffPartsAsync(grid, (d, l) => nodeDeflateAsync(d, l), { concurrency: 8, ...options });
}

/** `encodeGeoTiffPartsNodeAsync` joined into one file (the same bytes as `encodeGeoTiffNode`). */
export async function encodeGeoTiffNodeAsync(grid: Grid<GridData>, options: EncodeGeoTiffAsyncOptions = {}): Promise<Uint8Array> {
  return concatBytes(await encodeGeoTiffPartsNodeAsync(grid, options));
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { deflateSync } = require('node:zlib');
parentPort.on('message', (m) => {
  const z = deflateSync(m.data, { level: m.level, memLevel: 9, chunkSize: Math.max(1024, m.data.length + 1024) });
  const out = new Uint8Array(z.length);
  out.set(z);
  parentPort.postMessage({ id: m.id, out }, [out.buffer]);
});
`;

/** A few worker threads running node:zlib deflateSync on transferred tile buffers. */
class DeflatePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: unknown) => void }>();
  private readonly load: number[] = [];
  private nextId = 0;
  constructor(n: number) {
    for (let i = 0; i < n; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', (m: { id: number; out: Uint8Array }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        this.load[i]!--;
        p?.resolve(m.out);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
      this.load.push(0);
    }
  }
  deflate(data: Uint8Array, level: number): Promise<Uint8Array> {
    let k = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[k]!) k = i;
    const id = this.nextId++;
    this.load[k]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[k]!.postMessage({ id, data, level }, [data.buffer as ArrayBuffer]);
    });
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Writes every part in order; writev may write less than asked (IOV_MAX, 2 GiB per call), so finish each part. */
async function writeAll(fh: FileHandle, parts: Uint8Array[]): Promise<void> {
  for (let i = 0; i < parts.length; i += 1024) {
    const batch = parts.slice(i, i + 1024);
    let written = (await fh.writev(batch)).bytesWritten;
    for (const part of batch) {
      if (written >= part.length) {
        written -= part.length;
        continue;
      }
      let off = written;
      written = 0;
      while (off < part.length) off += (await fh.write(part, off, part.length - off)).bytesWritten;
    }
  }
}

/** Options of `writeGeoTiffFile`: those of `encodeGeoTiff` plus where compression runs. */
export interface WriteGeoTiffOptions extends EncodeGeoTiffAsyncOptions {
  /**
   * Worker threads that DEFLATE tiles in parallel (the main thread applies the predictor meanwhile).
   * Default 0: node:zlib's asynchronous deflate on the libuv threadpool (no worker start-up), which
   * uses the other cores the same way.
   */
  threads?: number;
}

/**
 * Writes a grid as a GeoTIFF (see `encodeGeoTiff`; tiles deflate on the libuv threadpool, or in
 * `threads` workers). The file appears atomically: it is written to a temporary name beside `path`
 * and renamed; on any failure, or when `signal` aborts before the rename, the temporary file is
 * removed and nothing is left at `path`.
 */
export async function writeGeoTiffFile(path: string, grid: Grid<GridData>, options: WriteGeoTiffOptions = {}): Promise<void> {
  const threads = Math.max(0, Math.min(Math.floor(options.threads ?? 0), availableParallelism() * 2));
  let parts: Uint8Array[];
  if (threads > 0 && options.compression !== 'none') {
    const pool = new DeflatePool(threads);
    try {
      parts = await encodeGeoTiffPartsAsync(grid, (d, l) => pool.deflate(d, l), { ...options, concurrency: threads * 3 });
    } finally {
      await pool.close();
    }
  } else {
    parts = await encodeGeoTiffPartsNodeAsync(grid, options);
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'w');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot write here (${code ?? String(err)}); check that the folder exists and is writable`, path);
  }
  try {
    await writeAll(fh, parts);
    await fh.close();
    fh = undefined;
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    await rename(tmp, path);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}
