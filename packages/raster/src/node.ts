// Node-only file helpers (fs, zlib). Everything else in @floodzone/raster runs in a browser.
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deflateSync, inflateSync as zlibInflate, inflateRawSync } from 'node:zlib';
import { encodeGeoTiff, encodeGeoTiffParts, type EncodeGeoTiffOptions } from './geotiff-write.js';
import type { Grid, GridData } from './grid.js';
import { InputError } from './errors.js';
import { readRaster, type RasterRead, type ReadRasterOptions } from './read.js';

/** zlib-wrapped DEFLATE through node:zlib (several times faster than a JS inflate). */
export function nodeInflate(data: Uint8Array): Uint8Array {
  try {
    return zlibInflate(data);
  } catch {
    return inflateRawSync(data);
  }
}

/**
 * Reads a raster file (any format `readRaster` knows). DEFLATE tiles and strips are inflated with
 * node:zlib. A missing or unreadable file is an InputError naming the path.
 */
export async function readRasterFile(path: string, options: Omit<ReadRasterOptions, 'name'> & { name?: string } = {}): Promise<RasterRead> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file; check the path`, path);
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a raster file`, path);
    if (code === 'EACCES') throw new InputError(`${path}: permission denied; check the file's permissions`, path);
    throw new InputError(`${path}: cannot read (${code ?? String(err)})`, path);
  }
  return readRaster(bytes, { inflate: nodeInflate, ...options, name: options.name ?? path });
}


/** zlib-wrapped DEFLATE through node:zlib. */
export function nodeDeflate(data: Uint8Array, level: number): Uint8Array {
  return deflateSync(data, { level });
}

/** `encodeGeoTiff` with node:zlib as the compressor. */
export function encodeGeoTiffNode(grid: Grid<GridData>, options: EncodeGeoTiffOptions = {}): Uint8Array {
  return encodeGeoTiff(grid, { deflate: nodeDeflate, ...options });
}

/**
 * Writes a grid as a tiled DEFLATE GeoTIFF (see `encodeGeoTiff`). The file appears atomically: it is
 * written to a temporary name beside `path` and renamed; on any failure the temporary file is removed
 * and nothing is left at `path`.
 */
export async function writeGeoTiffFile(path: string, grid: Grid<GridData>, options: EncodeGeoTiffOptions = {}): Promise<void> {
  const parts = encodeGeoTiffParts(grid, { deflate: nodeDeflate, ...options });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'w');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot write here (${code ?? String(err)}); check that the folder exists and is writable`, path);
  }
  try {
    await fh.writev(parts);
    await fh.close();
    fh = undefined;
    await rename(tmp, path);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}
