/**
 * SRTM .hgt tiles: big-endian Int16, 1201² (3″) or 3601² (1″) samples, -32768 = void, the tile
 * named after its south-west corner (`N38W028.hgt`); sample centres lie on whole-degree lines, so the
 * PixelIsArea origin is half a cell north-west of the corner (as GDAL's SRTMHGT driver does).
 */
import { resolveCrs } from './crs.js';
import { InputError } from './errors.js';
import type { RasterRead } from './read.js';

const HGT_NAME = /([NS])(\d{2})([EW])(\d{3})[^/\\]*\.hgt$/i;

export function looksLikeHgt(b: Uint8Array, name: string): boolean {
  return HGT_NAME.test(name) && (b.length === 1201 * 1201 * 2 || b.length === 3601 * 3601 * 2);
}

export function readHgt(b: Uint8Array, name: string): RasterRead {
  const m = HGT_NAME.exec(name);
  if (!m) throw new InputError(`${name}: an SRTM .hgt file must be named after its corner, like N38W028.hgt`, name);
  const n = b.length === 1201 * 1201 * 2 ? 1201 : b.length === 3601 * 3601 * 2 ? 3601 : 0;
  if (n === 0) throw new InputError(`${name}: ${b.length} bytes is not an SRTM tile (1201² or 3601² 16-bit samples); the file is truncated`, name);
  const lat = (m[1]!.toUpperCase() === 'S' ? -1 : 1) * Number(m[2]);
  const lon = (m[3]!.toUpperCase() === 'W' ? -1 : 1) * Number(m[4]);
  const step = 1 / (n - 1);
  const data = new Float32Array(n * n);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < n * n; i++) {
    const v = view.getInt16(2 * i, false);
    data[i] = v === -32768 ? NaN : v;
  }
  return {
    data,
    width: n,
    height: n,
    transform: [lon - step / 2, step, 0, lat + 1 + step / 2, 0, -step],
    crs: resolveCrs(4326),
    nodata: -32768,
    format: 'SRTM-HGT',
    sampleType: 'Int16',
    bandCount: 1,
  };
}
