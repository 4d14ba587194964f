import { join } from 'node:path';
import { floodDepth, floodFill, floodStats } from '@floodzone/core';
import { cellAreas } from '@floodzone/raster';
import { encodeGeoTiffNode } from '@floodzone/raster/node';
import { maskToPolygons } from '@floodzone/zones';
import { parseFlags, requireFlag } from '../args.js';
import { OutputSet } from '../atomic.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import {
  geojsonText,
  loadBarriers,
  loadDem,
  loadSea,
  nothingFloods,
  parseConnectivity,
  parseLevel,
  since,
} from './flood-common.js';
import type { Command } from './types.js';

const help = `floodzone flood: the sea-connected flood at one water level

usage: floodzone flood --dem <file> --level <m> [--connectivity 8|4]
                       [--sea border|<mask.tif>|<sea.geojson>] [--seed x,y]... [--nodata-is-sea]
                       [--barriers <lines.geojson>] [--out <dir>] [--json]

A cell floods when it is valid, its elevation is strictly below the level, and it connects to the sea
through flooded cells (DESIGN.md "Semantics of a flood").

  --dem <file>          elevation raster (GeoTIFF, GSI XML/zip/tile, ESRI ASCII, .hgt), metres
  --level <m>           water level in metres, in the DEM's vertical datum
  --connectivity 8|4    8 (default) lets water pass between diagonal neighbours; 4 does not
  --sea <source>        border (default: every valid border cell below the level), a mask raster on
                        the DEM's grid (non-zero = sea), or a GeoJSON of sea polygons (cell centres
                        inside; a "crs" member is honoured, none = the DEM's CRS)
  --seed x,y            a source point in the DEM's CRS (repeatable); alone it replaces the border,
                        with --sea it adds to it
  --nodata-is-sea       no-data cells are open water at any level (they conduct, never count)
  --barriers <file>     GeoJSON LineStrings with a numeric "crest" property (m): protection lines that
                        block every cell edge they cross while the level is at or below the crest
  --out <dir>           write <dir>/depth.tif (Float32, NaN where dry or no data), <dir>/flood.geojson
                        (one MultiPolygon per connected flood area with area_m2, volume_m3,
                        maxDepth_m, meanDepth_m) and <dir>/summary.json; without it nothing is written
  --json                print only the summary JSON on stdout (floodedCells, floodedArea_m2,
                        volume_m3, maxDepth, meanDepth, areas, timings in ms: read, flood, vectorize,
                        write)

Exit codes: 0 done, 2 bad input (one line on stderr; nothing written), 1 internal error.
`;

export const floodCommand: Command = {
  name: 'flood',
  summary: 'sea-connected flood at a water level: depth GeoTIFF, flood polygons, summary',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('flood', argv, {
      dem: { type: 'string' },
      level: { type: 'string' },
      connectivity: { type: 'string' },
      sea: { type: 'string' },
      seed: { type: 'string', multiple: true },
      'nodata-is-sea': { type: 'boolean' },
      barriers: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    const demPath = requireFlag('flood', 'dem', values.dem);
    const level = parseLevel(requireFlag('flood', 'level', values.level));
    const connectivity = parseConnectivity(values.connectivity);
    const nodataIsSea = values['nodata-is-sea'] === true;
    const signal = io.signal;
    const bar = progressBar(io, 'flood');

    const tRead = performance.now();
    const dem = await loadDem(demPath, signal);
    const { sea, description } = await loadSea(values.sea, values.seed, dem, signal);
    const barriers = values.barriers ? await loadBarriers(values.barriers, dem) : undefined;
    const read = since(tRead);

    const tFlood = performance.now();
    const flooded = floodFill(dem, level, { connectivity, sea, nodataIsSea, barriers, signal, onProgress: bar });
    const rowAreas = cellAreas(dem);
    const stats = floodStats(dem, flooded, level, rowAreas);
    if (stats.floodedCells === 0) throw nothingFloods(dem, sea, description, level, nodataIsSea);
    const depth = values.out !== undefined ? floodDepth(dem, flooded, level) : undefined;
    const flood = since(tFlood);

    let vectorize = 0;
    let write = 0;
    let areas: number | undefined;
    const files: string[] = [];
    if (values.out !== undefined && depth) {
      const tVec = performance.now();
      const fc = maskToPolygons(flooded, dem, { connectivity, depth, rowAreas, signal });
      areas = fc.features.length;
      const geojson = geojsonText(fc, dem.crs);
      vectorize = since(tVec);

      const tWrite = performance.now();
      const outputs = new OutputSet();
      try {
        outputs.write(join(values.out, 'depth.tif'), encodeGeoTiffNode({ ...dem, data: depth, nodata: null }));
        outputs.write(join(values.out, 'flood.geojson'), geojson);
        write = since(tWrite);
        const summary = makeSummary();
        outputs.write(join(values.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
        files.push(...outputs.commit());
      } catch (err) {
        outputs.abort();
        throw err;
      }
      write = since(tWrite);
    }
    bar.end();
    const summary = makeSummary();
    if (values.json) {
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const area = stats.floodedArea_m2;
      io.stdout(
        `flood at ${level} m (${connectivity}-connected, sea: ${description}${nodataIsSea ? ', no data is sea' : ''}): ` +
          `${stats.floodedCells} cells, ${formatArea(area)}, volume ${stats.volume_m3.toPrecision(6)} m³, max depth ${stats.maxDepth.toFixed(2)} m` +
          `${areas !== undefined ? `, ${areas} flood area(s)` : ''}\n` +
          (files.length ? files.map((f) => `wrote ${f}\n`).join('') : ''),
      );
    }
    return 0;

    function makeSummary() {
      return {
        dem: demPath,
        level_m: level,
        connectivity,
        sea: description,
        nodataIsSea,
        barriers: values.barriers ?? null,
        crs: dem.crs?.code ?? dem.crs?.name ?? null,
        width: dem.width,
        height: dem.height,
        floodedCells: stats.floodedCells,
        floodedArea_m2: stats.floodedArea_m2,
        volume_m3: stats.volume_m3,
        maxDepth: stats.maxDepth,
        meanDepth: stats.meanDepth,
        areas: areas ?? null,
        timings: { read, flood, vectorize, write },
      };
    }
  },
};

export function formatArea(m2: number): string {
  return m2 >= 1e6 ? `${(m2 / 1e6).toFixed(3)} km²` : `${m2.toFixed(0)} m²`;
}
