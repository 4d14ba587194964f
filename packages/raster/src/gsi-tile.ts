/**
 * GSI elevation tiles (地理院タイル 標高タイル), 256 × 256 cells in Web Mercator (EPSG:3857) with the
 * standard XYZ tile index (notes/DOMAIN.md §8.2):
 * - PNG (`dem_png`, `dem5a_png`…): x = R·2¹⁶ + G·2⁸ + B; x < 2²³ → h = x·0.01 m; x = 2²³ → no data;
 *   x > 2²³ → h = (x − 2²⁴)·0.01 m; alpha 0 → no data (Q地図 tiles);
 * - text (`dem`, `dem5a`…): 256 lines of 256 comma-separated metres, `e` = no data.
 * Values are at pixel centres, so the tile's outer bounds are the PixelIsArea extent.
 */
import { unzlibSync } from 'fflate';
import { concatBytes } from './bytes.js';
import { resolveCrs } from './crs.js';
import { InputError } from './errors.js';
import type { Affine } from './grid.js';
import type { RasterRead } from './read.js';

export interface TileIndex {
  z: number;
  x: number;
  y: number;
}

/** Half the Web Mercator world width in metres (π · 6378137). */
const HALF_WORLD = Math.PI * 6378137;

/** The PixelIsArea transform of an XYZ tile of `size` pixels in EPSG:3857. */
export function tileTransform(t: TileIndex, size = 256): Affine {
  const tile = (2 * HALF_WORLD) / 2 ** t.z;
  const px = tile / size;
  return [-HALF_WORLD + t.x * tile, px, 0, HALF_WORLD - t.y * tile, 0, -px];
}

/**
 * The tile index from a name: `…z8-x229-y94…`, `…/8/229/94.png` or `8_229_94.txt`. Undefined when the
 * name carries none.
 */
export function tileFromName(name: string): TileIndex | undefined {
  const a = /z(\d{1,2})[-_]x(\d+)[-_]y(\d+)/i.exec(name);
  const b = /(?:^|[/\\])(\d{1,2})[/\\_-](\d+)[/\\_-](\d+)\.(?:png|txt)$/i.exec(name);
  const m = a ?? b;
  if (!m) return undefined;
  return { z: Number(m[1]), x: Number(m[2]), y: Number(m[3]) };
}

function checkTile(t: TileIndex | undefined, name: string): TileIndex {
  if (!t) {
    throw new InputError(`${name}: a GSI tile needs its z/x/y: name it like dem-z14-x14547-y6463.png or …/14/14547/6463.png, or pass tile: {z, x, y}`, name);
  }
  const n = 2 ** t.z;
  if (!Number.isInteger(t.z) || t.z < 0 || t.z > 24 || !Number.isInteger(t.x) || !Number.isInteger(t.y) || t.x < 0 || t.y < 0 || t.x >= n || t.y >= n) {
    throw new InputError(`${name}: tile z${t.z}/x${t.x}/y${t.y} does not exist (x and y must be 0…2^z − 1)`, name);
  }
  return t;
}

export function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a;
}

/** Decodes an 8-bit RGB, RGBA or palette PNG (non-interlaced) to RGBA. */
export function decodePng(b: Uint8Array, name: string): { width: number; height: number; rgba: Uint8Array } {
  const bad = (what: string) => new InputError(`${name}: ${what}`, name);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (p + 8 <= b.length) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    if (p + 12 + len > b.length) throw bad('truncated PNG (a chunk runs past the end of the file)');
    const data = b.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      const depth = data[8]!;
      colorType = data[9]!;
      if (depth !== 8) throw bad(`PNG with ${depth}-bit channels is not an elevation tile (GSI tiles are 8-bit RGB)`);
      if (data[12] !== 0) throw bad('interlaced PNG is not supported (GSI tiles are not interlaced)');
      if (colorType !== 2 && colorType !== 6 && colorType !== 3) throw bad(`PNG colour type ${colorType} is not an elevation tile (GSI tiles are RGB)`);
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    p += 12 + len;
  }
  if (!ended || width === 0) throw bad('truncated PNG (no IEND chunk)');
  if (width > 65536 || height > 65536) throw bad(`PNG of ${width} × ${height} pixels is not an elevation tile (GSI tiles are 256 × 256)`);
  const z = concatBytes(idat);
  let raw: Uint8Array;
  try {
    raw = unzlibSync(z);
  } catch (err) {
    throw bad(`corrupt PNG image data (${err instanceof Error ? err.message : String(err)})`);
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) throw bad('truncated PNG image data');
  const px = new Uint8Array(height * stride);
  // PNG filters (PNG spec §9): None, Sub, Up, Average, Paeth
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    const up = dst - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= bpp ? px[dst + i - bpp]! : 0;
      const b2 = y > 0 ? px[up + i]! : 0;
      const c = i >= bpp && y > 0 ? px[up + i - bpp]! : 0;
      let v: number;
      if (f === 0) v = x;
      else if (f === 1) v = x + a;
      else if (f === 2) v = x + b2;
      else if (f === 3) v = x + ((a + b2) >> 1);
      else if (f === 4) {
        const pp = a + b2 - c;
        const pa = Math.abs(pp - a);
        const pb = Math.abs(pp - b2);
        const pc = Math.abs(pp - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b2 : c);
      } else throw bad(`corrupt PNG (filter type ${f})`);
      px[dst + i] = v & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    if (colorType === 6) {
      rgba[4 * i] = px[4 * i]!;
      rgba[4 * i + 1] = px[4 * i + 1]!;
      rgba[4 * i + 2] = px[4 * i + 2]!;
      rgba[4 * i + 3] = px[4 * i + 3]!;
    } else if (colorType === 2) {
      rgba[4 * i] = px[3 * i]!;
      rgba[4 * i + 1] = px[3 * i + 1]!;
      rgba[4 * i + 2] = px[3 * i + 2]!;
      rgba[4 * i + 3] = 255;
    } else {
      const k = px[i]!;
      if (!palette || 3 * k + 2 >= palette.length) throw bad('corrupt PNG (palette index out of range)');
      rgba[4 * i] = palette[3 * k]!;
      rgba[4 * i + 1] = palette[3 * k + 1]!;
      rgba[4 * i + 2] = palette[3 * k + 2]!;
      rgba[4 * i + 3] = trns && k < trns.length ? trns[k]! : 255;
    }
  }
  return { width, height, rgba };
}

/** GSI PNG elevation of one pixel (metres), NaN for no data. */
export function gsiPngHeight(r: number, g: number, b: number, a = 255): number {
  if (a === 0) return NaN;
  const x = r * 65536 + g * 256 + b;
  if (x === 8388608) return NaN;
  return (x < 8388608 ? x : x - 16777216) * 0.01;
}

export function readGsiPngTile(bytes: Uint8Array, name: string, tile: TileIndex | undefined): RasterRead {
  const t = checkTile(tile, name);
  const { width, height, rgba } = decodePng(bytes, name);
  const data = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) data[i] = gsiPngHeight(rgba[4 * i]!, rgba[4 * i + 1]!, rgba[4 * i + 2]!, rgba[4 * i + 3]!);
  if (width !== height) throw new InputError(`${name}: a GSI tile is square (256 × 256), this PNG is ${width} × ${height}`, name);
  return { data, width, height, transform: tileTransform(t, width), crs: resolveCrs(3857), nodata: null, format: 'GSI-tile-png', sampleType: 'RGB', bandCount: 1 };
}

/** Text tiles: only digits, signs, dots, 'e' for no data, commas and line breaks. */
export function looksLikeGsiTxtTile(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  if (n === 0) return false;
  let commas = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0x2c) commas++;
    else if (!((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x65 || c === 0x0a || c === 0x0d || c === 0x20)) return false;
  }
  return commas > 0;
}

export function readGsiTxtTile(bytes: Uint8Array, name: string, tile: TileIndex | undefined): RasterRead {
  const t = checkTile(tile, name);
  const text = new TextDecoder().decode(bytes);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const height = lines.length;
  const width = height > 0 ? lines[0]!.split(',').length : 0;
  if (width !== height) throw new InputError(`${name}: a GSI text tile has 256 lines of 256 values; this one has ${height} lines of ${width}`, name);
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const cells = lines[r]!.split(',');
    if (cells.length !== width) throw new InputError(`${name}: line ${r + 1} has ${cells.length} values, expected ${width}; the tile is damaged`, name);
    for (let c = 0; c < width; c++) {
      const s = cells[c]!.trim();
      if (s === 'e') {
        data[r * width + c] = NaN;
        continue;
      }
      const v = Number(s);
      if (s === '' || !Number.isFinite(v)) throw new InputError(`${name}: line ${r + 1}, value ${c + 1} is "${s.slice(0, 20)}", not a number or "e"`, name);
      data[r * width + c] = v;
    }
  }
  return { data, width, height, transform: tileTransform(t, width), crs: resolveCrs(3857), nodata: null, format: 'GSI-tile-txt', sampleType: 'text', bandCount: 1 };
}
