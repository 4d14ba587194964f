/**
 * Shared parts of `flood`, `spill` and `scenarios`: reading the DEM, the sea source (border, mask
 * raster, polygons, seed points), barrier lines, and writing GeoJSON in the DEM's CRS.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { rasterizeBarriers, type EdgeBarriers, type SeaSource } from '@floodzone/core';
import { InputError, applyAffine, cellSize, crsEllipsoid, sameCrs, worldToPixel, type Crs, type FloatGrid, type RasterRead } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { numberFlag, type FlagValues } from '../args.js';
import { UsageError } from '../errors.js';

/**
 * GeoTIFF options for the CLI's rasters: DEFLATE level 1 with the floating-point predictor. Measured
 * on the Tokyo 5 m depth grid (21 M cells): 0.94 s and 20.8 MB at level 1 against 2.6–4.8 s and
 * 18.5 MB at level 6 (GDAL's default), so the write stops dominating a flood run.
 */
const FAST_TIFF = { level: 1 } as const;

/** `--compress deflate|none`: the flag of every command that writes GeoTIFFs. */
export const COMPRESS_FLAG = { compress: { type: 'string' } } as const;

/** Help text line for {@link COMPRESS_FLAG}. */
export const COMPRESS_HELP = `  --compress deflate|none
                        GeoTIFF compression (default deflate: tiled DEFLATE level 1 + floating-point
                        predictor, compressed on the libuv threadpool); none writes the rows
                        uncompressed (about 4 bytes a cell, no compression time)`;

/**
 * `--compress deflate|none` (default deflate) → the GeoTIFF options of the CLI's rasters: level 1
 * ({@link FAST_TIFF}) or no compression, with the run's signal.
 */
export function tiffOptions(raw: string | undefined, signal: AbortSignal): { level: 1; compression: 'deflate' | 'none'; signal: AbortSignal } {
  if (raw !== undefined && raw !== 'deflate' && raw !== 'none') throw new UsageError(`--compress must be deflate or none, got "${raw}"`);
  return { ...FAST_TIFF, compression: raw ?? 'deflate', signal };
}

/** Checks before any work that `--flag path` can be a directory (absent or a directory). */
export function checkOutDir(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  const st = statSync(path, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new UsageError(`--${flag} ${path} is a file; give a directory (it is created when absent)`);
}

/** Checks before any work that `--flag path` can be a file (absent or a file). */
export function checkOutFile(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new UsageError(`--${flag} ${path} is a directory; give a file name`);
}

/** Reads the DEM named by --dem. */
export async function loadDem(path: string, signal: AbortSignal): Promise<RasterRead> {
  return readRasterFile(path, { signal });
}

/** --level: a finite number of metres in the DEM's vertical datum. */
export function parseLevel(raw: string | undefined, flag = 'level'): number {
  return numberFlag(flag, raw, { unit: 'm (in the DEM’s vertical datum)' });
}

/** --connectivity 8|4 (default 8). */
function parseConnectivity(raw: string | undefined): 4 | 8 {
  if (raw === undefined) return 8;
  if (raw === '8') return 8;
  if (raw === '4') return 4;
  throw new UsageError(`--connectivity must be 8 or 4, got "${raw}"`);
}

/** The flags that say where the sea is and what holds it back: the same in flood, spill and scenarios. */
export const SOURCE_FLAGS = {
  sea: { type: 'string' },
  seed: { type: 'string', multiple: true },
  connectivity: { type: 'string' },
  'nodata-is-sea': { type: 'boolean' },
  barriers: { type: 'string' },
} as const;

type SourceValues = FlagValues<typeof SOURCE_FLAGS>;

/** The {@link SOURCE_FLAGS} that need no file, checked before any reading. */
export function parseSourceFlags(values: SourceValues): { connectivity: 4 | 8; nodataIsSea: boolean } {
  return { connectivity: parseConnectivity(values.connectivity), nodataIsSea: values['nodata-is-sea'] === true };
}

/** The sea source (`--sea`, `--seed`) and the barriers (`--barriers`) on the DEM's grid. */
export async function loadSources(values: SourceValues, dem: FloatGrid, signal: AbortSignal): Promise<{ sea: SeaSource; description: string; barriers: EdgeBarriers | undefined }> {
  const { sea, description } = await loadSea(values.sea, values.seed, dem, signal);
  const barriers = values.barriers ? await loadBarriers(values.barriers, dem) : undefined;
  return { sea, description, barriers };
}

/** Reads and parses a JSON file; a bad file is an InputError naming it. */
export async function readJsonFile(path: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`--${flag} ${path}: ${code === 'ENOENT' ? 'no such file; check the path' : `cannot read (${code ?? String(err)})`}`, path);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`--${flag} ${path}: not valid JSON (${(err as Error).message.split('\n')[0]}); give a GeoJSON file`, path);
  }
}

function isVectorPath(p: string): boolean {
  const e = extname(p).toLowerCase();
  return e === '.geojson' || e === '.json';
}

function crsLabel(crs: Crs | null): string {
  return crs ? (crs.code ?? crs.name) : 'no CRS';
}

/** Throws unless `other` lies on exactly the DEM's grid (size, transform, CRS). */
export function checkSameGrid(other: FloatGrid, dem: FloatGrid, what: string): void {
  if (other.width !== dem.width || other.height !== dem.height) {
    throw new InputError(`${what} is ${other.width}×${other.height} cells but the DEM is ${dem.width}×${dem.height}; resample it onto the DEM's grid`, what);
  }
  if (other.crs && dem.crs && !sameCrs(other.crs, dem.crs)) {
    throw new InputError(`${what} is in ${crsLabel(other.crs)} but the DEM is in ${crsLabel(dem.crs)}; reproject it onto the DEM's grid`, what);
  }
  const a = other.transform;
  const b = dem.transform;
  const tol = 1e-6 * Math.max(Math.abs(b[1]), Math.abs(b[5]));
  for (let k = 0; k < 6; k++) {
    if (Math.abs(a[k]! - b[k]!) > tol) {
      throw new InputError(`${what} has the transform [${a.join(', ')}] but the DEM has [${b.join(', ')}]; resample it onto the DEM's grid`, what);
    }
  }
}

/**
 * The sea source from `--sea` (`border` | a mask raster, non-zero = sea | a GeoJSON of sea polygons)
 * and any `--seed x,y` points (in the DEM's CRS). Seeds alone replace the border; seeds with `--sea`
 * (`border` included) are added to it.
 */
async function loadSea(spec: string | undefined, seeds: string[] | undefined, dem: FloatGrid, signal: AbortSignal): Promise<{ sea: SeaSource; description: string }> {
  const n = dem.width * dem.height;
  let mask: Uint8Array | undefined;
  let description = 'border';
  if (spec !== undefined && spec !== 'border') {
    if (isVectorPath(spec)) {
      const geo = await readJsonFile(spec, 'sea');
      // @floodzone/zones (with its geometry dependencies) loads only when a command gets GeoJSON.
      const { rasterizePolygons } = await import('@floodzone/zones');
      mask = rasterizePolygons(geo, dem, { name: `--sea ${spec}` });
    } else {
      const m = await readRasterFile(spec, { signal });
      checkSameGrid(m, dem, `--sea ${spec}`);
      mask = new Uint8Array(n);
      let any = false;
      const d = m.data;
      for (let i = 0; i < n; i++) {
        if (d[i]! !== 0 && d[i] === d[i]) {
          mask[i] = 1;
          any = true;
        }
      }
      if (!any) throw new InputError(`--sea ${spec}: the mask has no sea cell (all 0 or no data); mark the sea with 1`, spec);
    }
    description = spec;
  }
  if (seeds && seeds.length > 0) {
    const cells = seeds.map((s) => parseSeed(s, dem));
    if (spec === 'border') {
      // An explicit border plus seeds: every border cell and the seed cells as one mask (the kernel
      // keeps its source rules: a source floods when valid and below the level, nodata per nodataIsSea).
      const { width: w, height: h } = dem;
      mask = new Uint8Array(n);
      mask.fill(1, 0, w);
      mask.fill(1, (h - 1) * w, h * w);
      for (let r = 0; r < h; r++) {
        mask[r * w] = 1;
        mask[r * w + w - 1] = 1;
      }
    }
    if (mask) {
      for (const c of cells) mask[c] = 1;
      description += ` + ${seeds.length} seed(s)`;
      return { sea: { kind: 'mask', mask }, description };
    }
    return { sea: { kind: 'seeds', cells }, description: `${seeds.length} seed(s)` };
  }
  if (mask) return { sea: { kind: 'mask', mask }, description };
  return { sea: { kind: 'border' }, description };
}

/** `--seed x,y` in the DEM's CRS → the linear index of the cell that contains it. */
export function parseSeed(raw: string, dem: FloatGrid): number {
  const parts = raw.split(',');
  const x = Number(parts[0]);
  const y = Number(parts[1]);
  if (parts.length !== 2 || parts.some((p) => p.trim() === '') || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new UsageError(`--seed must be "x,y" (two numbers in the DEM's CRS, ${crsLabel(dem.crs)}), got "${raw}"`);
  }
  const [col, row] = worldToPixel(dem.transform, x, y);
  const c = Math.floor(col);
  const r = Math.floor(row);
  if (!(c >= 0 && c < dem.width && r >= 0 && r < dem.height)) {
    throw new InputError(`--seed ${raw} lies outside the DEM (cell column ${c}, row ${r} of ${dem.width}×${dem.height}); give a point inside it in ${crsLabel(dem.crs)}`, 'seed');
  }
  return r * dem.width + c;
}

/** The lowest valid elevation among the source cells, for the "nothing floods" message. */
export function lowestSource(dem: FloatGrid, sea: SeaSource): number {
  const { width: w, height: h, data: z } = dem;
  let lo = Infinity;
  const see = (i: number) => {
    const v = z[i]!;
    if (v < lo) lo = v;
  };
  if (sea.kind === 'border') {
    for (let c = 0; c < w; c++) {
      see(c);
      see((h - 1) * w + c);
    }
    for (let r = 0; r < h; r++) {
      see(r * w);
      see(r * w + w - 1);
    }
  } else if (sea.kind === 'mask') {
    for (let i = 0; i < w * h; i++) if (sea.mask[i] === 1) see(i);
  } else {
    for (let k = 0; k < sea.cells.length; k++) see(sea.cells[k]!);
  }
  return lo;
}

/** InputError for a flood that reaches no cell: names the sources and the lowest of them. */
export function nothingFloods(dem: FloatGrid, sea: SeaSource, seaDescription: string, level: number, nodataIsSea: boolean): InputError {
  const lo = lowestSource(dem, sea);
  const where = sea.kind === 'border' ? 'no border cell' : `no cell of the sea source (${seaDescription})`;
  const lowest = Number.isFinite(lo) ? `the lowest is ${+lo.toFixed(3)} m` : 'they are all no data';
  const hint = sea.kind === 'border' && !nodataIsSea ? '; raise --level, give --sea, or add --nodata-is-sea if the sea is no data' : '; raise --level or check --sea';
  return new InputError(`nothing floods at level ${level} m: ${where} is below the level (${lowest})${hint}`, 'level');
}

/**
 * GeoJSON text of a FeatureCollection in the DEM's CRS: a legacy `crs` member names the CRS when it is
 * not WGS84, so that QGIS and GDAL place it right (RFC 7946 readers assume longitude/latitude).
 */
export function geojsonText(fc: { type: 'FeatureCollection'; features: unknown[] }, crs: Crs | null): string {
  const named = crs?.code && crs.code !== 'EPSG:4326' ? { crs: { type: 'name', properties: { name: `urn:ogc:def:crs:${crs.code.replace(':', '::')}` } } } : {};
  return JSON.stringify({ type: 'FeatureCollection', ...named, features: fc.features });
}

/** Milliseconds since `t0`, rounded to 0.1 ms. */
export function since(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10;
}


/** `--barriers <lines.geojson>`: protection lines with a `crest` property, applied to the DEM's cell edges. */
async function loadBarriers(path: string, dem: FloatGrid): Promise<EdgeBarriers> {
  const geo = await readJsonFile(path, 'barriers');
  const { barrierLinesToPixels } = await import('@floodzone/zones');
  const lines = barrierLinesToPixels(geo, dem, { name: `--barriers ${path}` });
  if (lines.length === 0) throw new InputError(`--barriers ${path}: no line in the file; give LineStrings with a "crest" property`, path);
  return rasterizeBarriers(lines, dem.width, dem.height);
}

