/**
 * ESRI ASCII grid (`.asc`): a header of `ncols`, `nrows`, `xllcorner|xllcenter`, `yllcorner|yllcenter`,
 * `cellsize` (or `dx`/`dy`), optional `nodata_value`, then nrows × ncols values, north row first.
 * The CRS is not in the format (a sibling `.prj` is the caller's business): `crs` is null.
 */
import { allocateGrid } from './alloc.js';
import { InputError } from './errors.js';
import type { RasterRead } from './read.js';

const HEADER_KEYS = new Set(['ncols', 'nrows', 'xllcorner', 'xllcenter', 'yllcorner', 'yllcenter', 'cellsize', 'dx', 'dy', 'nodata_value', 'xllcenter', 'byteorder']);

export function looksLikeEsriAscii(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09 || b[i] === 0xef || b[i] === 0xbb || b[i] === 0xbf)) i++;
  const head = String.fromCharCode(...b.subarray(i, i + 5)).toLowerCase();
  return head === 'ncols' || head === 'nrows';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function readEsriAscii(
  b: Uint8Array,
  name: string,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number, phase: string) => void } = {},
): RasterRead {
  const header = new Map<string, number>();
  let p = 0;
  const n = b.length;
  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c;
  // header lines: "key value"
  for (;;) {
    while (p < n && (isSpace(b[p]!) || b[p] === 0xef || b[p] === 0xbb || b[p] === 0xbf)) p++;
    const c = b[p] ?? 0;
    const isLetter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!isLetter) break;
    let e = p;
    while (e < n && !isSpace(b[e]!)) e++;
    const key = String.fromCharCode(...b.subarray(p, e)).toLowerCase();
    if (!HEADER_KEYS.has(key)) break;
    p = e;
    while (p < n && (b[p] === 0x20 || b[p] === 0x09)) p++;
    e = p;
    while (e < n && !isSpace(b[e]!)) e++;
    const raw = String.fromCharCode(...b.subarray(p, e));
    const v = Number(raw);
    if (key !== 'byteorder' && !Number.isFinite(v)) throw new InputError(`${name}: ESRI ASCII header ${key} is "${raw}", not a number`, name);
    header.set(key, v);
    p = e;
  }
  const ncols = header.get('ncols');
  const nrows = header.get('nrows');
  const cs = header.get('cellsize');
  const dx = header.get('dx') ?? cs;
  const dy = header.get('dy') ?? cs;
  if (ncols === undefined || nrows === undefined || dx === undefined || dy === undefined) {
    throw new InputError(`${name}: ESRI ASCII header lacks ${[ncols === undefined && 'ncols', nrows === undefined && 'nrows', dx === undefined && 'cellsize'].filter(Boolean).join(', ')}`, name);
  }
  if (!Number.isInteger(ncols) || !Number.isInteger(nrows) || ncols < 0 || nrows < 0) throw new InputError(`${name}: ESRI ASCII ncols/nrows must be whole numbers, got ${ncols} × ${nrows}`, name);
  if (!(dx > 0 && dy > 0)) throw new InputError(`${name}: ESRI ASCII cellsize must be > 0, got ${dx}`, name);
  const xc = header.get('xllcorner');
  const yc = header.get('yllcorner');
  const xm = header.get('xllcenter');
  const ym = header.get('yllcenter');
  if ((xc === undefined && xm === undefined) || (yc === undefined && ym === undefined)) throw new InputError(`${name}: ESRI ASCII header lacks xllcorner/yllcorner (or xllcenter/yllcenter)`, name);
  const x0 = xc ?? xm! - dx / 2;
  const yll = yc ?? ym! - dy / 2;
  const nodata = header.has('nodata_value') ? header.get('nodata_value')! : null;
  const total = ncols * nrows;
  const data = allocateGrid(ncols, nrows, name);
  const ndCmp = nodata === null ? null : Math.fround(nodata);
  let k = 0;
  const chunk = Math.max(ncols, 1) * 64;
  while (k < total) {
    if (k % chunk === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.(k, total, 'parse');
    }
    while (p < n && isSpace(b[p]!)) p++;
    if (p >= n) break;
    // fast decimal parse: [-]digits[.digits], else fall back to Number()
    const start = p;
    let neg = false;
    if (b[p] === 0x2d) {
      neg = true;
      p++;
    } else if (b[p] === 0x2b) p++;
    let int = 0;
    let digits = 0;
    while (p < n && b[p]! >= 0x30 && b[p]! <= 0x39) {
      int = int * 10 + (b[p]! - 0x30);
      p++;
      digits++;
    }
    let frac = 0;
    let scale = 1;
    if (p < n && b[p] === 0x2e) {
      p++;
      while (p < n && b[p]! >= 0x30 && b[p]! <= 0x39) {
        frac = frac * 10 + (b[p]! - 0x30);
        scale *= 10;
        p++;
        digits++;
      }
    }
    let v: number;
    if ((p < n && !isSpace(b[p]!)) || digits === 0 || digits > 15) {
      while (p < n && !isSpace(b[p]!)) p++;
      const tok = String.fromCharCode(...b.subarray(start, p));
      v = Number(tok);
      if (!Number.isFinite(v)) throw new InputError(`${name}: value ${k + 1} (row ${Math.floor(k / ncols) + 1}) is "${tok.slice(0, 20)}", not a number`, name);
      // a finite double beyond ±3.4e38 becomes ±Infinity in Float32, which would flow into depths and volumes as Infinity
      if (!Number.isFinite(Math.fround(v)) && Math.fround(v) !== ndCmp) {
        throw new InputError(`${name}: value ${k + 1} (row ${Math.floor(k / ncols) + 1}) is "${tok.slice(0, 20)}", beyond the Float32 range (±3.4e38); use the NODATA_value for missing cells`, name);
      }
    } else {
      // (int·scale + frac) is an exact integer below 2^53, so one division gives the correctly rounded double, as strtod
      v = (int * scale + frac) / scale;
      if (neg) v = -v;
    }
    const f = Math.fround(v);
    data[k++] = f === ndCmp ? NaN : f;
  }
  if (k < total) throw new InputError(`${name}: truncated ESRI ASCII grid: ${k} values for ${ncols} × ${nrows} = ${total} cells`, name);
  while (p < n && isSpace(b[p]!)) p++;
  if (p < n) throw new InputError(`${name}: more values than ncols × nrows = ${total}; the header does not match the data`, name);
  opts.onProgress?.(total, total, 'parse');
  return {
    data,
    width: ncols,
    height: nrows,
    transform: [x0, dx, 0, yll + nrows * dy, 0, -dy],
    crs: null,
    nodata,
    format: 'ESRI-ASCII',
    sampleType: 'text',
    bandCount: 1,
  };
}
