import { deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder (ISO/IEC 15948, W3C PNG 2nd edition): 8-bit RGBA, non-interlaced, one IDAT
 * compressed by node:zlib (level 4: maps are mostly flat colour, higher levels gain little), filter "Up" on every row (cheap and good on map rasters with flat areas).
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG and zlib define it (polynomial 0xEDB88320, reflected, init and final xor 0xFFFFFFFF). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  dv.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}

/** Optional text chunks (tEXt, Latin-1 keyword and text; other characters become '?'), e.g. `{ Title: ..., Software: ... }`. */
export type PngText = Record<string, string>;

/**
 * Encodes `rgba` (row-major, 4 bytes per pixel, straight alpha) as a PNG file.
 * Throws RangeError when the buffer does not hold width × height × 4 bytes.
 */
export function encodePng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, text: PngText = {}): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive whole pixels, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`PNG pixel buffer must hold ${width}×${height}×4 = ${width * height * 4} bytes, got ${rgba.length}`);
  }
  const src = new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length); // one element type for the loop
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const r = y * stride;
    if (y === 0) {
      raw[o] = 0; // None
      raw.set(src.subarray(r, r + stride), o + 1);
    } else {
      raw[o] = 2; // Up
      const p = r - stride;
      for (let i = 0; i < stride; i++) raw[o + 1 + i] = (src[r + i]! - src[p + i]!) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const parts: Uint8Array[] = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  for (const [k, v] of Object.entries(text)) {
    const body = new Uint8Array(k.length + 1 + v.length);
    // tEXt is Latin-1: anything beyond it becomes '?'.
    const latin1 = (c: number) => (c > 255 ? 63 : c);
    for (let i = 0; i < k.length; i++) body[i] = latin1(k.charCodeAt(i));
    for (let i = 0; i < v.length; i++) body[k.length + 1 + i] = latin1(v.charCodeAt(i));
    parts.push(chunk('tEXt', body));
  }
  parts.push(chunk('IDAT', new Uint8Array(deflateSync(raw, { level: 4 }))));
  parts.push(chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}
