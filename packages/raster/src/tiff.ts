/**
 * A small TIFF/BigTIFF structure parser (header, first IFD, tag values) used by the GeoTIFF reader.
 * It reads every tag eagerly from an in-memory buffer and bounds-checks every offset, so a truncated
 * file is reported as such instead of reading garbage.
 */
import { InputError } from './errors.js';

export type TagValue = number[] | string;

export interface TiffIfd {
  readonly tags: ReadonlyMap<number, TagValue>;
}

export interface TiffFile {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  readonly ifds: readonly TiffIfd[];
}

/** Bytes per value of each TIFF field type (TIFF 6.0 §2, BigTIFF types 16–18). */
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

/** True when the bytes start with a TIFF or BigTIFF header (either byte order). */
export function isTiff(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  const ii = b[0] === 0x49 && b[1] === 0x49;
  const mm = b[0] === 0x4d && b[1] === 0x4d;
  if (!ii && !mm) return false;
  const magic = ii ? b[2]! | (b[3]! << 8) : (b[2]! << 8) | b[3]!;
  return magic === 42 || magic === 43;
}

/**
 * Bytes of a file loaded on demand: `ensure(offset, length)` makes that range of the buffer valid
 * before it is read (the node reader fills a lazily committed full-size buffer this way for windows).
 */
export type EnsureLoaded = (offset: number, length: number) => void;

/**
 * Parses the header and the chain of IFDs (at most `maxIfds`). `name` is used in error messages.
 * With `ensure`, only the ranges the header, directories and tag values occupy are requested.
 */
export function parseTiff(bytes: Uint8Array, name: string, maxIfds = 1, ensure?: EnsureLoaded): TiffFile {
  const truncated = (what: string) =>
    new InputError(`${name}: truncated or corrupt TIFF (${what} lies beyond the ${bytes.length}-byte file); download or export it again`, name);
  ensure?.(0, Math.min(16, bytes.length));
  if (!isTiff(bytes)) throw new InputError(`${name}: not a TIFF file (no II*/MM* header)`, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = bytes[0] === 0x49;
  const bigTiff = view.getUint16(2, le) === 43;
  const u16 = (o: number) => view.getUint16(o, le);
  const u32 = (o: number) => view.getUint32(o, le);
  const u64 = (o: number) => {
    const lo = view.getUint32(o + (le ? 0 : 4), le);
    const hi = view.getUint32(o + (le ? 4 : 0), le);
    return hi * 4294967296 + lo;
  };
  if (bigTiff && bytes.length < 16) throw truncated('the BigTIFF header');
  let next = bigTiff ? u64(8) : u32(4);
  const ifds: TiffIfd[] = [];
  const seen = new Set<number>();
  while (next !== 0 && ifds.length < maxIfds) {
    if (seen.has(next)) throw new InputError(`${name}: corrupt TIFF (IFD chain loops)`, name);
    seen.add(next);
    const entrySize = bigTiff ? 20 : 12;
    const countSize = bigTiff ? 8 : 2;
    if (next + countSize > bytes.length) throw truncated('an image directory');
    ensure?.(next, countSize);
    const n = bigTiff ? u64(next) : u16(next);
    const start = next + countSize;
    if (start + n * entrySize + (bigTiff ? 8 : 4) > bytes.length) throw truncated('an image directory');
    ensure?.(start, n * entrySize + (bigTiff ? 8 : 4));
    const tags = new Map<number, TagValue>();
    for (let i = 0; i < n; i++) {
      const e = start + i * entrySize;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = bigTiff ? u64(e + 4) : u32(e + 4);
      const size = TYPE_SIZE[type];
      if (size === undefined) continue; // unknown type: skip, as libtiff does
      const total = size * count;
      const inline = bigTiff ? 8 : 4;
      const valueAt = total <= inline ? e + (bigTiff ? 12 : 8) : bigTiff ? u64(e + 12) : u32(e + 8);
      if (valueAt + total > bytes.length) throw truncated(`tag ${tag}`);
      ensure?.(valueAt, total);
      tags.set(tag, readValues(view, bytes, valueAt, type, count, le));
    }
    ifds.push({ tags });
    next = bigTiff ? u64(start + n * entrySize) : u32(start + n * entrySize);
  }
  if (ifds.length === 0) throw new InputError(`${name}: TIFF has no image directory`, name);
  return { littleEndian: le, bigTiff, ifds };
}

function readValues(view: DataView, bytes: Uint8Array, at: number, type: number, count: number, le: boolean): TagValue {
  if (type === 2) {
    let s = '';
    for (let i = 0; i < count; i++) s += String.fromCharCode(bytes[at + i]!);
    return s;
  }
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 1:
      case 7:
        out[i] = bytes[at + i]!;
        break;
      case 6:
        out[i] = view.getInt8(at + i);
        break;
      case 3:
        out[i] = view.getUint16(at + 2 * i, le);
        break;
      case 8:
        out[i] = view.getInt16(at + 2 * i, le);
        break;
      case 4:
      case 13:
        out[i] = view.getUint32(at + 4 * i, le);
        break;
      case 9:
        out[i] = view.getInt32(at + 4 * i, le);
        break;
      case 5:
        out[i] = view.getUint32(at + 8 * i, le) / view.getUint32(at + 8 * i + 4, le);
        break;
      case 10:
        out[i] = view.getInt32(at + 8 * i, le) / view.getInt32(at + 8 * i + 4, le);
        break;
      case 11:
        out[i] = view.getFloat32(at + 4 * i, le);
        break;
      case 12:
        out[i] = view.getFloat64(at + 8 * i, le);
        break;
      case 16:
      case 18:
        out[i] = Number(view.getBigUint64(at + 8 * i, le));
        break;
      case 17:
        out[i] = Number(view.getBigInt64(at + 8 * i, le));
        break;
    }
  }
  return out;
}

export function tagNumbers(ifd: TiffIfd, tag: number): number[] | undefined {
  const v = ifd.tags.get(tag);
  return Array.isArray(v) ? v : undefined;
}

export function tagNumber(ifd: TiffIfd, tag: number, fallback: number): number {
  const v = tagNumbers(ifd, tag);
  return v && v.length > 0 ? v[0]! : fallback;
}

export function tagString(ifd: TiffIfd, tag: number): string | undefined {
  const v = ifd.tags.get(tag);
  return typeof v === 'string' ? v : undefined;
}
