/**
 * `readRaster`: one entry point for every DEM format floodzone reads, detected from the bytes (and the
 * file name where the bytes alone cannot say, e.g. the tile index of a GSI tile).
 */
import { InputError } from './errors.js';
import { decodeGeoTiff, type PixelWindow, type TiffDecodeOptions } from './geotiff-read.js';
import type { FloatGrid, Grid, GridData } from './grid.js';
import { isTiff } from './tiff.js';
import { readEsriAscii, looksLikeEsriAscii } from './esri-ascii.js';
import { looksLikeHgt, readHgt } from './hgt.js';
import { readGsiXml, readGsiZip, looksLikeGsiXml } from './gsi-jpgis.js';
import { readGsiPngTile, readGsiTxtTile, looksLikeGsiTxtTile, tileFromName, isPng, type TileIndex } from './gsi-tile.js';
import { isZip, unzipAll } from './zip.js';
import { windowTransform } from './affine.js';

export type RasterFormat = 'GeoTIFF' | 'GSI-JPGIS-GML' | 'GSI-tile-png' | 'GSI-tile-txt' | 'ESRI-ASCII' | 'SRTM-HGT';

export interface RasterRead extends FloatGrid {
  readonly format: RasterFormat;
  /** Extra per-cell layers the format carries, e.g. `pointType` (GSI DEM構成点 class, Uint8) for JPGIS-GML. */
  readonly bands?: Record<string, Grid<GridData>>;
  /** Stored sample type, e.g. `Float32`, `Int16` (GeoTIFF); text formats say `text`. */
  readonly sampleType: string;
  /** Number of bands in the source (GeoTIFF); 1 for single-band formats. */
  readonly bandCount: number;
}

/**
 * Options of `readRaster`: those of the GeoTIFF decoder (band, window, signal, progress, the inflate
 * hooks, on-demand bytes), which the other formats take where they apply, plus the file name and the
 * GSI tile index.
 */
export interface ReadRasterOptions extends TiffDecodeOptions {
  /** The file name, used in messages and to detect formats whose bytes do not say (GSI tiles, .hgt). */
  name?: string;
  /** GSI tile index when the name does not carry `…z8-x229-y94` or `…/8/229/94.png`. */
  tile?: TileIndex;
}

/** True at the first non-NaN sample (cheap: stops early on any real DEM). */
function hasValidCell(d: Float32Array): boolean {
  for (let i = 0; i < d.length; i++) if (d[i] === d[i]) return true;
  return false;
}

/** Index of the first ±Infinity sample, or -1 (NaN is no data, not infinite). One pass, ~2 ns a cell. */
function firstInfinite(d: Float32Array): number {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0 && v === v) return i;
  }
  return -1;
}

function asBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** Crops a whole-grid read to a window (for formats that are parsed whole). */
function crop<T extends RasterRead>(r: T, win: PixelWindow | undefined, name: string): T {
  if (!win) return r;
  const [c0, r0, c1, r1] = win;
  if (![c0, r0, c1, r1].every(Number.isInteger) || c0 < 0 || r0 < 0 || c1 > r.width || r1 > r.height || c0 >= c1 || r0 >= r1) {
    throw new InputError(`${name}: window [${win.join(', ')}] must be integer [col0, row0, col1, row1] with 0 <= col0 < col1 <= ${r.width} and 0 <= row0 < row1 <= ${r.height}`, name);
  }
  const w = c1 - c0;
  const h = r1 - r0;
  const cut = <D extends GridData>(g: Grid<D>): Grid<D> => {
    const data = new (g.data.constructor as { new (n: number): D })(w * h);
    for (let y = 0; y < h; y++) data.set(g.data.subarray((y + r0) * g.width + c0, (y + r0) * g.width + c1) as never, y * w);
    return { ...g, data, width: w, height: h, transform: windowTransform(g.transform, c0, r0) };
  };
  const bands = r.bands ? Object.fromEntries(Object.entries(r.bands).map(([k, g]) => [k, cut(g)])) : undefined;
  return { ...r, ...cut(r), ...(bands ? { bands } : {}) };
}

/**
 * A zip: GSI DEM XMLs (any number, mosaicked); otherwise exactly one raster inside (.tif, .hgt, .asc,
 * .png, .txt) read as if it were the file.
 */
async function readZip(bytes: Uint8Array, name: string, options: ReadRasterOptions): Promise<RasterRead> {
  const listing = unzipAll(bytes, name, (f) => /\.(xml|zip)$/i.test(f));
  if (Object.keys(listing).length > 0) {
    return crop(await readGsiZip(bytes, name, options), options.window, name);
  }
  const rasters = unzipAll(bytes, name, (f) => /\.(tiff?|hgt|asc|png|txt)$/i.test(f));
  const entries = Object.keys(rasters).filter((e) => {
    const b = rasters[e]!;
    return isTiff(b) || isPng(b) || looksLikeEsriAscii(b) || looksLikeGsiTxtTile(b) || looksLikeHgt(b, e);
  });
  if (entries.length === 1) {
    const entry = entries[0]!;
    return readRaster(rasters[entry]!, { ...options, name: `${name}!${entry}` });
  }
  if (entries.length > 1) {
    throw new InputError(`${name}: the zip holds ${entries.length} rasters (${entries.slice(0, 3).join(', ')}…); unzip it and pick one`, name);
  }
  throw new InputError(`${name}: the zip holds no DEM (no GSI XML, .tif, .hgt, .asc or tile inside)`, name);
}

/**
 * Reads a DEM from bytes: GeoTIFF/COG/BigTIFF, GSI JPGIS-GML XML (or a zip of meshes, mosaicked), GSI
 * elevation tiles (PNG or text; the tile index from `options.tile` or the name), ESRI ASCII grid, or
 * SRTM .hgt (needs the name). Returns Float32 samples with no data as NaN.
 *
 * Throws InputError (one line naming the file) for anything that is not a readable raster, including a
 * 0 × 0 grid and a grid whose every cell is no data.
 */
export async function readRaster(input: ArrayBuffer | Uint8Array, options: ReadRasterOptions = {}): Promise<RasterRead> {
  const bytes = asBytes(input);
  const name = options.name ?? 'raster';
  if (bytes.length === 0) throw new InputError(`${name}: the file is empty (0 bytes); expected a GeoTIFF, GSI XML/zip/tile or ESRI ASCII grid`, name);
  let r: RasterRead;
  // the GeoTIFF decoder may already know that no sample is infinite (then the pass below is skipped)
  let finite = false;
  if (isTiff(bytes)) {
    const t = await decodeGeoTiff(bytes, name, options);
    finite = t.finite;
    r = {
      data: t.data,
      width: t.width,
      height: t.height,
      transform: t.transform,
      crs: t.crs,
      nodata: t.nodata,
      format: 'GeoTIFF',
      sampleType: t.sampleType,
      bandCount: t.bandCount,
    };
  } else if (isZip(bytes)) {
    r = await readZip(bytes, name, options);
  } else if (isPng(bytes)) {
    r = crop(readGsiPngTile(bytes, name, options.tile ?? tileFromName(name)), options.window, name);
  } else if (looksLikeGsiXml(bytes)) {
    r = crop(readGsiXml(bytes, name), options.window, name);
  } else if (looksLikeEsriAscii(bytes)) {
    r = crop(readEsriAscii(bytes, name, options), options.window, name);
  } else if (looksLikeGsiTxtTile(bytes)) {
    r = crop(readGsiTxtTile(bytes, name, options.tile ?? tileFromName(name)), options.window, name);
  } else if (looksLikeHgt(bytes, name)) {
    r = crop(readHgt(bytes, name), options.window, name);
  } else {
    throw new InputError(
      `${name}: not a raster floodzone can read (expected a GeoTIFF, a GSI 基盤地図情報 DEM XML or zip, a GSI elevation tile .png/.txt, an ESRI ASCII grid or an SRTM .hgt)`,
      name,
    );
  }
  // GeoTIFF checks its band itself; every other format has one elevation band, and band 2 of an
  // ESRI grid was silently band 1
  if (options.band !== undefined && options.band !== 1 && r.format !== 'GeoTIFF') {
    throw new InputError(`${name}: band ${options.band} does not exist; this ${r.format} file has 1 band (1-based)`, name);
  }
  if (r.width === 0 || r.height === 0) throw new InputError(`${name}: the grid is ${r.width} × ${r.height} cells; there is nothing to read`, name);
  if (!hasValidCell(r.data)) {
    throw new InputError(`${name}: every one of the ${r.width * r.height} cells${options.window ? ' in the window' : ''} is no data${r.nodata !== null ? ` (${r.nodata})` : ''}; check the file or the nodata value`, name);
  }
  // an infinite elevation would flow into depths and volumes as Infinity (null in JSON)
  const inf = finite ? -1 : firstInfinite(r.data);
  if (inf >= 0) {
    const row = Math.floor(inf / r.width);
    throw new InputError(
      `${name}: cell (row ${row}, column ${inf - row * r.width}) is ${r.data[inf]} (or beyond the Float32 range), not an elevation; set such cells to the nodata value or fix the file`,
      name,
    );
  }
  return r;
}
