import { cellAreas, cellSize, gridStats, isRotated, applyAffine, type RasterRead } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { numberFlag, parseFlags } from '../args.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import type { Command } from './types.js';

const help = `floodzone info: what a raster holds: format, size, CRS, transform, cell size, nodata and value range

usage: floodzone info <file> [--band <n>] [--json]

  <file>        a GeoTIFF/COG, a GSI 基盤地図情報 DEM XML or zip (meshes are mosaicked), a GSI elevation
                tile (.png or .txt, named like dem-z14-x14547-y6463.png or …/14/14547/6463.png), an
                ESRI ASCII grid (.asc) or an SRTM .hgt (also zipped)
  --band <n>    band to describe (1-based), default 1
  --json        print only one JSON object on stdout: file, format, sampleType, bandCount, width, height,
                cells, crs {code, name, proj4, geographic} or null, transform [x0, dx, rx, y0, ry, dy]
                (GDAL order, pixel-corner), rotated, cellSize [x, y] (CRS units), cellArea_m2
                {min, max} (geodesic on the ellipsoid for geographic CRSs), bbox [minx, miny, maxx, maxy],
                nodata (number, "NaN" or null), min, max, mean (valid cells, metres), validCells,
                nodataCells, extraBands

Progress is drawn on stderr only when it is a terminal.
Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal error.
`;

export interface RasterInfo {
  file: string;
  format: string;
  sampleType: string;
  bandCount: number;
  width: number;
  height: number;
  cells: number;
  crs: { code: string | null; name: string; proj4: string; geographic: boolean } | null;
  transform: number[];
  rotated: boolean;
  cellSize: [number, number];
  cellArea_m2: { min: number; max: number };
  bbox: [number, number, number, number];
  nodata: number | 'NaN' | null;
  min: number;
  max: number;
  mean: number;
  validCells: number;
  nodataCells: number;
  extraBands: string[];
}

/** The facts `floodzone info` reports about a read raster. */
export function describeRaster(file: string, r: RasterRead): RasterInfo {
  const s = gridStats(r);
  const areas = cellAreas(r);
  let amin = Infinity;
  let amax = -Infinity;
  for (const a of areas) {
    if (a < amin) amin = a;
    if (a > amax) amax = a;
  }
  const corners = [applyAffine(r.transform, 0, 0), applyAffine(r.transform, r.width, 0), applyAffine(r.transform, 0, r.height), applyAffine(r.transform, r.width, r.height)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return {
    file,
    format: r.format,
    sampleType: r.sampleType,
    bandCount: r.bandCount,
    width: r.width,
    height: r.height,
    cells: r.width * r.height,
    crs: r.crs ? { code: r.crs.code, name: r.crs.name, proj4: r.crs.proj4, geographic: r.crs.geographic } : null,
    transform: [...r.transform],
    rotated: isRotated(r.transform),
    cellSize: cellSize(r.transform),
    cellArea_m2: { min: amin, max: amax },
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    nodata: r.nodata === null ? null : Number.isNaN(r.nodata) ? 'NaN' : r.nodata,
    min: s.min,
    max: s.max,
    mean: s.mean,
    validCells: s.validCells,
    nodataCells: s.nodataCells,
    extraBands: Object.keys(r.bands ?? {}),
  };
}

const fmt = (v: number, digits = 6) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(digits))));
const count = (n: number) => n.toLocaleString('en-US');

function text(i: RasterInfo): string {
  const unit = i.crs?.geographic ? '°' : i.crs ? ' m' : ' (CRS units)';
  const area = i.cellArea_m2.min === i.cellArea_m2.max ? `${fmt(i.cellArea_m2.min)} m²` : `${fmt(i.cellArea_m2.min)}–${fmt(i.cellArea_m2.max)} m² (geodesic, by latitude)`;
  const lines = [
    `file        ${i.file}`,
    `format      ${i.format} (${i.sampleType}${i.bandCount > 1 ? `, ${i.bandCount} bands` : ''}${i.extraBands.length ? `; extra bands: ${i.extraBands.join(', ')}` : ''})`,
    `size        ${i.width} × ${i.height} cells (${count(i.cells)})`,
    `crs         ${i.crs ? `${i.crs.code ?? '(no EPSG code)'}  ${i.crs.name}` : 'none (no CRS in the file)'}`,
    `transform   [${i.transform.map((v) => fmt(v, 12)).join(', ')}]${i.rotated ? '  (rotated)' : ''}`,
    `cell size   ${fmt(i.cellSize[0], 9)} × ${fmt(i.cellSize[1], 9)}${unit}; cell area ${area}`,
    `bbox        ${i.bbox.map((v) => fmt(v, 12)).join(', ')}`,
    `nodata      ${i.nodata === null ? 'none' : i.nodata}`,
    `values      min ${fmt(i.min)}  max ${fmt(i.max)}  mean ${fmt(i.mean)} (over ${count(i.validCells)} valid cells)`,
    `no data     ${count(i.nodataCells)} cells (${((100 * i.nodataCells) / i.cells).toFixed(1)} %)`,
  ];
  return `${lines.join('\n')}\n`;
}

export const infoCommand: Command = {
  name: 'info',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags('info', argv, { json: { type: 'boolean' }, band: { type: 'string' } }, { positionals: true });
    if (positionals.length !== 1) {
      throw new UsageError(`floodzone info: give exactly one raster file${positionals.length ? ` (got ${positionals.length})` : ''}; see \`floodzone info --help\``);
    }
    const file = positionals[0]!;
    const band = values.band === undefined ? 1 : numberFlag('band', values.band, { min: 1, integer: true });
    const bar = progressBar(io, 'reading');
    let r: RasterRead;
    try {
      r = await readRasterFile(file, { band, signal: io.signal, onProgress: bar });
    } finally {
      bar.end();
    }
    const info = describeRaster(file, r);
    io.stdout(values.json ? `${JSON.stringify(info, null, 2)}\n` : text(info));
    return 0;
  },
};
