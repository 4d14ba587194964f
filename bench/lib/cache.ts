/**
 * bench/.cache: inputs built by the benchmarks themselves (gitignored, never committed).
 *
 * - `terrainFile(kind, mcells)`: a synthetic terrain as raw Float32 + ENVI header (`.f32`/`.hdr`,
 *   which GDAL, numpy and our loader read without decoding) and a tiled DEFLATE+predictor-3 GeoTIFF
 *   (`.tif`, for GeoTIFF readers, peers and whole-CLI runs).
 * - `tokyo5m()`: the real Tokyo port DEM (../shared/data, 50 m, 391 × 541, EPSG:6677) upsampled
 *   ×10 by bilinear interpolation to 5 m: 3910 × 5410 = 21,153,100 cells, built with GDAL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Affine, FloatGrid } from '@floodzone/raster';
import { EPSG_6677, sideFor, terrain, type TerrainKind } from './terrain.js';

export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
export const CACHE_DIR = join(BENCH_DIR, '.cache');
/** The 50 m source of the Tokyo benchmark DEM (never copied into the project). */
export const TOKYO_50M = fileURLToPath(new URL('../../../shared/data/tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif', import.meta.url));

export interface CachedRaster {
  /** Tiled DEFLATE + predictor 3 GeoTIFF. */
  readonly tif: string;
  /** Raw little-endian Float32, row-major, NaN = no data (ENVI header beside it: `<name>.hdr`). */
  readonly raw: string;
  readonly width: number;
  readonly height: number;
  readonly transform: Affine;
}

/** Whether GDAL's command-line tools are on PATH. */
export function hasGdal(): boolean {
  try {
    execFileSync('gdal_translate', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function gdal(cmd: string, args: string[]): void {
  execFileSync(cmd, ['-q', ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
}

const TIF_OPTS = ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'TILED=YES', '-co', 'BIGTIFF=IF_SAFER'];

/** Writes `grid` as raw Float32 + ENVI header at `<base>.f32`/`<base>.hdr` (atomic rename). */
export function writeRaw(base: string, grid: FloatGrid): void {
  mkdirSync(dirname(base), { recursive: true });
  const [x0, dx, , y0, , dy] = grid.transform;
  const hdr = [
    'ENVI',
    `samples = ${grid.width}`,
    `lines = ${grid.height}`,
    'bands = 1',
    'header offset = 0',
    'file type = ENVI Standard',
    'data type = 4',
    'interleave = bsq',
    'byte order = 0',
    `map info = {Japan Plane Rectangular IX, 1, 1, ${x0}, ${y0}, ${dx}, ${-dy}, units=Meters}`,
    'coordinate system string = {}',
    'data ignore value = nan',
    '',
  ].join('\n');
  const d = grid.data;
  writeFileSync(`${base}.f32.tmp`, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  renameSync(`${base}.f32.tmp`, `${base}.f32`);
  writeFileSync(`${base}.hdr`, hdr);
}

/** Reads a raw Float32 file written by writeRaw / tokyo5m into a Grid (EPSG:6677). */
export function readRaw(file: string, width: number, height: number, transform: Affine): FloatGrid {
  const buf = readFileSync(file);
  if (buf.byteLength !== width * height * 4) throw new Error(`${file}: expected ${width * height * 4} bytes, found ${buf.byteLength}`);
  const data = new Float32Array(width * height);
  new Uint8Array(data.buffer).set(buf);
  return { data, width, height, transform, crs: EPSG_6677, nodata: null };
}

function fresh(file: string, ...sources: string[]): boolean {
  if (!existsSync(file)) return false;
  const t = statSync(file).mtimeMs;
  return sources.every((s) => !existsSync(s) || statSync(s).mtimeMs <= t);
}

/** A synthetic terrain in the cache (built on first use; the `.tif` needs GDAL). */
export function terrainFile(kind: TerrainKind, mcells: number, seed = 1): CachedRaster {
  const side = sideFor(mcells);
  const base = join(CACHE_DIR, `${kind}-${mcells}M-s${seed}`);
  const generator = fileURLToPath(new URL('./terrain.ts', import.meta.url));
  const grid0 = { width: side, height: side, transform: [-20000, 5, 0, -30000, 0, -5] as Affine };
  if (!fresh(`${base}.f32`, generator)) writeRaw(base, terrain(kind, side, side, seed));
  if (!fresh(`${base}.tif`, `${base}.f32`) && hasGdal()) {
    gdal('gdal_translate', ['-a_srs', 'EPSG:6677', '-a_nodata', 'nan', ...TIF_OPTS, `${base}.f32`, `${base}.tmp.tif`]);
    renameSync(`${base}.tmp.tif`, `${base}.tif`);
  }
  return { tif: `${base}.tif`, raw: `${base}.f32`, ...grid0 };
}

/** Why the Tokyo 5 m case cannot be built here, or undefined when it can. */
export function tokyoUnavailable(): string | undefined {
  if (!existsSync(TOKYO_50M)) return 'skipped: ../shared/data/tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif is absent';
  if (!hasGdal()) return 'skipped: GDAL (gdal_translate) is not installed; apt-get install gdal-bin';
  return undefined;
}

/**
 * The Tokyo port DEM at 5 m (bilinear ×10 of the 50 m file): built once into bench/.cache as
 * `tokyo-5m.tif` (tiled DEFLATE + predictor 3) and `tokyo-5m.f32` (raw, for fast loading and numpy).
 * Throws when tokyoUnavailable() says why.
 */
export function tokyo5m(): CachedRaster {
  const why = tokyoUnavailable();
  if (why) throw new Error(why);
  const tif = join(CACHE_DIR, 'tokyo-5m.tif');
  const raw = join(CACHE_DIR, 'tokyo-5m.f32');
  mkdirSync(CACHE_DIR, { recursive: true });
  if (!fresh(tif, TOKYO_50M)) {
    gdal('gdal_translate', ['-r', 'bilinear', '-outsize', '1000%', '1000%', '-ot', 'Float32', ...TIF_OPTS, TOKYO_50M, `${tif}.tmp.tif`]);
    renameSync(`${tif}.tmp.tif`, tif);
  }
  if (!fresh(raw, tif)) {
    gdal('gdal_translate', ['-of', 'ENVI', '-a_nodata', 'none', tif, join(CACHE_DIR, 'tokyo-5m.tmp.f32')]);
    renameSync(join(CACHE_DIR, 'tokyo-5m.tmp.f32'), raw);
    renameSync(join(CACHE_DIR, 'tokyo-5m.tmp.hdr'), join(CACHE_DIR, 'tokyo-5m.hdr'));
  }
  const info = JSON.parse(execFileSync('gdalinfo', ['-json', tif], { encoding: 'utf8', maxBuffer: 16 << 20 })) as {
    size: [number, number];
    geoTransform: number[];
  };
  const [x0, dx, rx, y0, ry, dy] = info.geoTransform;
  return { tif, raw, width: info.size[0], height: info.size[1], transform: [x0, dx, rx, y0, ry, dy] };
}

/** Loads a cached raster's raw file as a Grid (no GeoTIFF decoding: setup stays fast). */
export function loadCached(r: CachedRaster): FloatGrid {
  return readRaw(r.raw, r.width, r.height, r.transform);
}
