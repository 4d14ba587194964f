import { zlibSync } from 'fflate';

/**
 * A one-band little-endian stripped TIFF, DEFLATE, with the given predictor (2: horizontal
 * differencing; 3: floating-point, byte planes MSB first then byte differences: Adobe TIFF Technical
 * Note 3), GDAL_NODATA -9999 for floats. `sparseStrip` gets offset and count 0 (a GDAL sparse block).
 */
export function stripTiff(data: Float32Array | Int16Array, w: number, h: number, rowsPerStrip: number, predictor: 1 | 2 | 3, sparseStrip = -1): Uint8Array {
  const bytesPer = data.BYTES_PER_ELEMENT;
  const nStrips = Math.ceil(h / rowsPerStrip);
  const strips: Uint8Array[] = [];
  for (let s = 0; s < nStrips; s++) {
    const rows = Math.min(rowsPerStrip, h - s * rowsPerStrip);
    const raw = new Uint8Array(data.buffer, s * rowsPerStrip * w * bytesPer, rows * w * bytesPer).slice();
    const enc = new Uint8Array(raw.length);
    for (let r = 0; r < rows; r++) {
      const row = raw.subarray(r * w * bytesPer, (r + 1) * w * bytesPer);
      const out = enc.subarray(r * w * bytesPer, (r + 1) * w * bytesPer);
      if (predictor === 3) {
        for (let i = 0; i < w; i++) for (let k = 0; k < bytesPer; k++) out[k * w + i] = row[i * bytesPer + bytesPer - 1 - k]!;
        for (let i = out.length - 1; i > 0; i--) out[i] = (out[i]! - out[i - 1]!) & 0xff;
      } else if (predictor === 2) {
        const src = new Int16Array(row.buffer, row.byteOffset, w);
        const dst = new Int16Array(out.buffer, out.byteOffset, w);
        dst[0] = src[0]!;
        for (let i = 1; i < w; i++) dst[i] = src[i]! - src[i - 1]!;
      } else {
        out.set(row);
      }
    }
    strips.push(s === sparseStrip ? new Uint8Array(0) : zlibSync(enc, { level: 6 }));
  }
  const float = data instanceof Float32Array;
  const nodata = '-9999\0';
  const entries: [number, number, number[]][] = [
    [256, 4, [w]],
    [257, 4, [h]],
    [258, 3, [bytesPer * 8]],
    [259, 3, [8]],
    [262, 3, [1]],
    [273, 4, strips.map(() => 0)],
    [277, 3, [1]],
    [278, 4, [rowsPerStrip]],
    [279, 4, strips.map((b) => b.length)],
    [317, 3, [predictor]],
    [339, 3, [float ? 3 : 2]],
  ];
  const ifdAt = 8;
  const ifdSize = 2 + (entries.length + 1) * 12 + 4;
  let at = ifdAt + ifdSize;
  const arrays = new Map<number, number>();
  for (const [tag, , v] of entries) if (v.length > 1) (arrays.set(tag, at), (at += v.length * 4));
  const ndAt = at;
  at += nodata.length;
  const offsets = entries.find((e) => e[0] === 273)![2];
  for (let s = 0; s < nStrips; s++) {
    offsets[s] = s === sparseStrip ? 0 : at;
    at += strips[s]!.length;
  }
  const file = new Uint8Array(at);
  const dv = new DataView(file.buffer);
  file.set([0x49, 0x49, 42, 0]);
  dv.setUint32(4, ifdAt, true);
  dv.setUint16(ifdAt, entries.length + 1, true);
  let e = ifdAt + 2;
  for (const [tag, type, v] of [...entries, [42113, 2, []] as [number, number, number[]]]) {
    dv.setUint16(e, tag, true);
    dv.setUint16(e + 2, type, true);
    if (tag === 42113) {
      dv.setUint32(e + 4, nodata.length, true);
      dv.setUint32(e + 8, ndAt, true);
    } else {
      dv.setUint32(e + 4, v.length, true);
      const put = (o: number, x: number) => (type === 3 ? dv.setUint16(o, x, true) : dv.setUint32(o, x, true));
      if (v.length === 1) put(e + 8, v[0]!);
      else {
        const a = arrays.get(tag)!;
        dv.setUint32(e + 8, a, true);
        v.forEach((x, i) => dv.setUint32(a + i * 4, x, true));
      }
    }
    e += 12;
  }
  for (let i = 0; i < nodata.length; i++) file[ndAt + i] = nodata.charCodeAt(i) & 0x7f;
  for (let s = 0; s < nStrips; s++) file.set(strips[s]!, offsets[s]!);
  return file;
}
