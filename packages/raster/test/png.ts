// Test helper: a minimal 8-bit RGB PNG around filtered scanlines the test wrote (not a test file itself).
import { strToU8, zlibSync } from 'fflate';
import { concatBytes } from '../src/bytes.js';

/**
 * An 8-bit RGB, non-interlaced PNG of `width` × `height` pixels whose IDAT is `raw` (each row: its
 * filter-type byte, then width × 3 filtered bytes) zlib-compressed. Chunk CRCs are left 0: the
 * decoder under test does not check them.
 */
export function rgbPng(width: number, height: number, raw: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(strToU8(type), 4);
    out.set(data, 8);
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return concatBytes([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
