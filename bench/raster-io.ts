/**
 * GeoTIFF read and write: `readRasterFile` (own IFD parser + node:zlib inflate on the libuv
 * threadpool, predictor 3 undone in JS on the main thread meanwhile), `readRaster` on bytes in memory
 * (the browser path: fflate inflate), and `writeGeoTiffFile` (tiled 256², DEFLATE level 2 (its
 * default), floating-point predictor; on the libuv threadpool (its default), in 2 worker threads, and
 * synchronously on the main thread; and uncompressed), side by side with GDAL's Python bindings on the
 * same files in the same run. Targets (issue 2): read within 1.5× GDAL's time, write no slower than GDAL.
 *
 * Inputs: the Tokyo port DEM at 5 m (3910 × 5410 = 21,153,100 cells, tiled DEFLATE + predictor 3,
 * built by bench/lib/cache.ts with GDAL) and the seeded `noisy` terrain at the chosen sizes (same
 * layout, a worst case for compression).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRaster, type FloatGrid } from '@floodzone/raster';
import { encodeGeoTiffNode, readRasterFile, writeGeoTiffFile } from '@floodzone/raster/node';
import {
  benchCase,
  CACHE_DIR,
  gdalRead,
  gdalWrite,
  hasGdal,
  loadCached,
  terrainFile,
  tokyo5m,
  tokyoUnavailable,
  type BenchCase,
  type CachedRaster,
  type Suite,
} from './lib/index.js';

const OUT_DIR = join(CACHE_DIR, 'peer-out');

function cases(label: string, f: CachedRaster, peers: boolean): BenchCase<any>[] {
  const cells = f.width * f.height;
  const out = join(OUT_DIR, `ours-${label.replace(/\W+/g, '-')}.tif`);
  const readCheck = (r: unknown) => ({ cells: (r as FloatGrid).width * (r as FloatGrid).height });
  const writeCheck = () => ({ cells });
  return [
    benchCase({
      name: `read ${label} (readRasterFile, node:zlib)`,
      cells,
      setup: () => f.tif,
      run: (path: string) => readRasterFile(path),
      check: readCheck,
      peers: peers ? [gdalRead(f.tif)] : [],
      process: ['info', f.tif, '--json'],
      note: 'readRasterFile = read the file + parse IFD + inflate every tile (node:zlib on the libuv threadpool, 8 in flight) + undo predictor 3 on the main thread + copy rows (nodata → NaN). GDAL: Open + ReadAsArray, its own clock.',
    }),
    benchCase({
      name: `read ${label} (readRaster on bytes, fflate)`,
      cells,
      setup: () => readFileSync(f.tif),
      run: (bytes: Uint8Array) => readRaster(bytes, { name: f.tif }),
      check: readCheck,
      memory: false,
      peers: peers ? [gdalRead(f.tif)] : [],
      note: 'The browser path: file bytes already in memory, pure-JS inflate (fflate).',
    }),
    benchCase({
      name: `write ${label} (writeGeoTiffFile, libuv threadpool)`,
      cells,
      setup: () => {
        mkdirSync(OUT_DIR, { recursive: true });
        return loadCached(f);
      },
      run: (grid: FloatGrid) => writeGeoTiffFile(out, grid),
      check: writeCheck,
      peers: peers ? [gdalWrite(f.raw, f.width, f.height, 3)] : [],
      note: 'Tiled 256², DEFLATE level 2 (the default; node:zlib async deflate on the libuv threadpool, 8 tiles in flight, predictor on the main thread meanwhile), predictor 3, temp file + rename. GDAL: Create + WriteArray + close, DEFLATE (libdeflate, level 6), PREDICTOR=3, single thread.',
    }),
    benchCase({
      name: `write ${label} (writeGeoTiffFile, 2 worker threads)`,
      cells,
      setup: () => {
        mkdirSync(OUT_DIR, { recursive: true });
        return loadCached(f);
      },
      run: (grid: FloatGrid) => writeGeoTiffFile(out, grid, { threads: 2 }),
      check: writeCheck,
      memory: false,
      peers: peers ? [gdalWrite(f.raw, f.width, f.height, 3)] : [],
    }),
    benchCase({
      name: `write ${label} (encodeGeoTiffNode, main thread only)`,
      cells,
      setup: () => {
        mkdirSync(OUT_DIR, { recursive: true });
        return loadCached(f);
      },
      run: (grid: FloatGrid) => writeFileSync(out, encodeGeoTiffNode(grid)),
      check: writeCheck,
      memory: false,
      note: 'Synchronous node:zlib on the main thread, then writeFileSync (no temp file).',
    }),
    benchCase({
      name: `write ${label} (writeGeoTiffFile, compression none)`,
      cells,
      setup: () => {
        mkdirSync(OUT_DIR, { recursive: true });
        return loadCached(f);
      },
      run: (grid: FloatGrid) => writeGeoTiffFile(out, grid, { compression: 'none' }),
      check: writeCheck,
      memory: false,
      note: 'Uncompressed strips: the header, then the grid bytes as they are (writev, temp file + rename).',
    }),
  ];
}

export const suite: Suite = {
  name: 'raster-io',
  description: 'GeoTIFF read/write (DEFLATE + predictor 3) vs GDAL; targets: read ≤ 1.5× GDAL, write ≤ GDAL',
  cases({ sizes, real, peers }) {
    const out: BenchCase<any>[] = [];
    if (real && !tokyoUnavailable()) out.push(...cases('Tokyo 5 m', tokyo5m(), peers));
    // synthetic inputs need GDAL to build their .tif
    if (hasGdal()) for (const m of sizes) out.push(...cases(`noisy ${m}M`, terrainFile('noisy', m), peers));
    return out;
  },
};
