/**
 * GSI 基盤地図情報 数値標高モデル (JPGIS 2.1 GML) reader: one mesh XML, or a zip of meshes mosaicked
 * into one grid. Decoding rules (notes/DOMAIN.md §8.1, after the GSI product spec):
 * - the envelope gives the outer cell edges in "lat lon" order; nx = high_x + 1, ny = high_y + 1;
 * - `+x-y` order: x (west → east) fastest, rows north → south; the first tuple goes to `startPoint`;
 * - the tuple list may end early: the remaining cells are no data; each tuple is `種別,標高`, with
 *   -9999 (and the type データなし) meaning no data;
 * - srsName `fguuid:jgd2011.bl` → EPSG:6668, `fguuid:jgd2000.bl` → EPSG:4612, `fguuid:jgd2024.bl` → a
 *   GRS80 geographic CRS named JGD2024 (no EPSG code built in).
 * The point type (DEM構成点) is kept as the Uint8 band `pointType`: 0 データなし, 1 地表面, 2 表層面,
 * 3 海水面, 4 内水面, 5 その他, 255 anything else.
 */
import { crsFromProj4, resolveCrs } from './crs.js';
import { allocateGrid } from './alloc.js';
import { InputError } from './errors.js';
import type { Crs, Grid } from './grid.js';
import type { RasterRead } from './read.js';
import { unzipAll, isZip } from './zip.js';

const POINT_TYPES: Record<string, number> = { データなし: 0, 地表面: 1, 表層面: 2, 海水面: 3, 内水面: 4, その他: 5 };

export interface GsiMesh {
  name: string;
  latMin: number;
  lonMin: number;
  latMax: number;
  lonMax: number;
  nx: number;
  ny: number;
  crs: Crs;
  elevation: Float32Array;
  pointType: Uint8Array;
}

function decodeText(b: Uint8Array): string {
  const head = String.fromCharCode(...b.subarray(0, Math.min(200, b.length)));
  const enc = /encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    return new TextDecoder(enc === 'shift_jis' || enc === 'sjis' || enc === 'x-sjis' ? 'shift_jis' : enc).decode(b);
  } catch {
    return new TextDecoder('utf-8').decode(b);
  }
}

/** True when the bytes look like a GSI DEM GML file (an XML with a DEM coverage / tupleList). */
export function looksLikeGsiXml(b: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096));
  return /^\s*(\uFEFF)?\s*</.test(head) && /<(\w+:)?Dataset\b|<(\w+:)?DEM\b|fgd\.gsi\.go\.jp/.test(head);
}

function tagText(xml: string, tag: string, from = 0): string | undefined {
  const re = new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*>([^<]*)</(?:\\w+:)?${tag}>`, 'g');
  re.lastIndex = from;
  return re.exec(xml)?.[1];
}

function numbers(s: string | undefined): number[] {
  return s === undefined ? [] : s.trim().split(/\s+/).map(Number);
}

/** Parses one mesh XML. */
export function parseGsiMesh(bytes: Uint8Array, name: string): GsiMesh {
  const xml = decodeText(bytes);
  const broken = (what: string) => new InputError(`${name}: not a readable GSI DEM mesh (${what})`, name);
  if (!/<(?:\w+:)?DEM\b/.test(xml)) throw broken('no <DEM> element; is this a 基盤地図情報 数値標高モデル file?');
  const srs = /srsName\s*=\s*"([^"]*)"/.exec(xml)?.[1] ?? '';
  let crs: Crs;
  if (/jgd2011/i.test(srs)) crs = resolveCrs(6668);
  else if (/jgd2000/i.test(srs)) crs = resolveCrs(4612);
  // JGD2024 (GSI, 2025) keeps the JGD2011 frame on GRS80 horizontally; no EPSG code is built in for it
  else if (/jgd2024/i.test(srs)) crs = crsFromProj4('+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs', 'JGD2024');
  else throw new InputError(`${name}: GSI DEM with srsName "${srs}" is not supported (JGD2011 and JGD2000 are)`, name);
  const lower = numbers(tagText(xml, 'lowerCorner'));
  const upper = numbers(tagText(xml, 'upperCorner'));
  const high = numbers(tagText(xml, 'high'));
  const low = numbers(tagText(xml, 'low')) ;
  if (lower.length !== 2 || upper.length !== 2 || ![...lower, ...upper].every(Number.isFinite)) throw broken('missing or bad gml:lowerCorner/upperCorner');
  if (high.length !== 2 || !high.every((v) => Number.isInteger(v) && v >= 0)) throw broken('missing or bad gml:high');
  const lx = low.length === 2 && low.every(Number.isInteger) ? low[0]! : 0;
  const ly = low.length === 2 && low.every(Number.isInteger) ? low[1]! : 0;
  const nx = high[0]! - lx + 1;
  const ny = high[1]! - ly + 1;
  const order = /order\s*=\s*"([^"]*)"/.exec(xml)?.[1] ?? '+x-y';
  if (order !== '+x-y') throw new InputError(`${name}: GSI DEM sequenceRule order "${order}" is not supported (only +x-y is used by GSI)`, name);
  const start = numbers(tagText(xml, 'startPoint'));
  const sx = start.length === 2 ? start[0]! : 0;
  const sy = start.length === 2 ? start[1]! : 0;
  if (!Number.isInteger(sx) || !Number.isInteger(sy) || sx < 0 || sy < 0 || sx >= nx || sy >= ny) throw broken(`startPoint "${start.join(' ')}" outside the ${nx} × ${ny} grid`);
  const open = /<(?:\w+:)?tupleList\b[^>]*>/.exec(xml);
  const elevation = allocateGrid(nx, ny, name).fill(NaN);
  const pointType = new Uint8Array(nx * ny);
  if (open) {
    const begin = open.index + open[0].length;
    const end = xml.indexOf('</', begin);
    if (end < 0) throw new InputError(`${name}: broken tupleList (no closing tag; the file is truncated)`, name);
    let i = sy * nx + sx;
    let p = begin;
    let line = 0;
    while (p < end) {
      let q = xml.indexOf('\n', p);
      if (q < 0 || q > end) q = end;
      const s = xml.slice(p, q).trim();
      p = q + 1;
      if (s === '') continue;
      line++;
      const comma = s.indexOf(',');
      const v = comma < 0 ? NaN : Number(s.slice(comma + 1));
      if (comma < 0 || !Number.isFinite(v)) {
        throw new InputError(`${name}: broken tupleList at tuple ${line}: "${s.slice(0, 40)}" is not "種別,標高"; the mesh file is damaged`, name);
      }
      if (i >= nx * ny) throw new InputError(`${name}: broken tupleList: more than the ${nx * ny} cells of the grid (from startPoint ${sx} ${sy})`, name);
      const type = s.slice(0, comma);
      const code = POINT_TYPES[type] ?? 255;
      pointType[i] = code;
      elevation[i] = code === 0 || v <= -9999 ? NaN : v;
      i++;
    }
  } else if (!/<(?:\w+:)?rangeSet\b/.test(xml)) {
    throw broken('no gml:rangeSet/tupleList');
  }
  return { name, latMin: lower[0]!, lonMin: lower[1]!, latMax: upper[0]!, lonMax: upper[1]!, nx, ny, crs, elevation, pointType };
}

/** Places meshes into one north-up grid spanning the union of their envelopes (cell size of the first). */
export function mosaicGsiMeshes(meshes: readonly GsiMesh[], name: string): RasterRead {
  if (meshes.length === 0) throw new InputError(`${name}: no DEM meshes to mosaic`, name);
  const first = meshes[0]!;
  const dx = (first.lonMax - first.lonMin) / first.nx;
  const dy = (first.latMax - first.latMin) / first.ny;
  let lonMin = Infinity;
  let latMax = -Infinity;
  let lonMax = -Infinity;
  let latMin = Infinity;
  for (const m of meshes) {
    if (m.crs.code !== first.crs.code) throw new InputError(`${name}: meshes mix ${first.crs.name} and ${m.crs.name}; read them separately`, name);
    const mdx = (m.lonMax - m.lonMin) / m.nx;
    const mdy = (m.latMax - m.latMin) / m.ny;
    if (Math.abs(mdx - dx) > dx * 1e-6 || Math.abs(mdy - dy) > dy * 1e-6) {
      throw new InputError(`${name}: ${m.name} has a different cell size from ${first.name} (mixed DEM5 and DEM10?); mosaic one product at a time`, name);
    }
    lonMin = Math.min(lonMin, m.lonMin);
    lonMax = Math.max(lonMax, m.lonMax);
    latMin = Math.min(latMin, m.latMin);
    latMax = Math.max(latMax, m.latMax);
  }
  const width = Math.round((lonMax - lonMin) / dx);
  const height = Math.round((latMax - latMin) / dy);
  const elevation = allocateGrid(width, height, name).fill(NaN);
  const pointType = new Uint8Array(width * height);
  for (const m of meshes) {
    const c0 = Math.round((m.lonMin - lonMin) / dx);
    const r0 = Math.round((latMax - m.latMax) / dy);
    for (let y = 0; y < m.ny; y++) {
      elevation.set(m.elevation.subarray(y * m.nx, (y + 1) * m.nx), (r0 + y) * width + c0);
      pointType.set(m.pointType.subarray(y * m.nx, (y + 1) * m.nx), (r0 + y) * width + c0);
    }
  }
  const transform = [lonMin, dx, 0, latMax, 0, -dy] as const;
  const pt: Grid<Uint8Array> = { data: pointType, width, height, transform, crs: first.crs, nodata: null };
  return { data: elevation, width, height, transform, crs: first.crs, nodata: -9999, format: 'GSI-JPGIS-GML', sampleType: 'text', bandCount: 1, bands: { pointType: pt } };
}

export function readGsiXml(bytes: Uint8Array, name: string): RasterRead {
  return mosaicGsiMeshes([parseGsiMesh(bytes, name)], name);
}

/**
 * A GSI download zip: every `*.xml` that is not metadata (`*meta*`), also inside nested zips (GSI
 * bundles zips of zips), mosaicked. Throws InputError when there is no DEM XML inside.
 */
export async function readGsiZip(bytes: Uint8Array, name: string, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number, phase: string) => void } = {}): Promise<RasterRead> {
  const meshes: GsiMesh[] = [];
  const seen: string[] = [];
  const visit = (zipBytes: Uint8Array, label: string, depth: number) => {
    const entries = unzipAll(zipBytes, label, (f) => /\.(xml|zip)$/i.test(f) && !/meta/i.test(f.split('/').pop() ?? ''));
    const names = Object.keys(entries).sort();
    names.forEach((entry, k) => {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
      const data = entries[entry]!;
      seen.push(entry);
      if (/\.zip$/i.test(entry) && depth < 2 && isZip(data)) visit(data, `${label}!${entry}`, depth + 1);
      else if (/\.xml$/i.test(entry) && looksLikeGsiXml(data)) meshes.push(parseGsiMesh(data, `${label}!${entry}`));
      if (depth === 0) opts.onProgress?.(k + 1, names.length, 'parse');
    });
  };
  visit(bytes, name, 0);
  if (meshes.length === 0) {
    throw new InputError(`${name}: the zip holds no GSI DEM XML (${seen.length ? `found ${seen.slice(0, 3).join(', ')}${seen.length > 3 ? ', …' : ''}` : 'no .xml files'}); download the 数値標高モデル JPGIS (GML) product`, name);
  }
  return mosaicGsiMeshes(meshes, name);
}
