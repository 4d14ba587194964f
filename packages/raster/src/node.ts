// Node-only file helpers (fs, zlib). Everything else in @floodzone/raster runs in a browser.
import { readFile } from 'node:fs/promises';
import { inflateSync as zlibInflate, inflateRawSync } from 'node:zlib';
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

