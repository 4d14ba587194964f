import { join } from 'node:path';
import { attenuatedLevels, floodDepth, floodFill, floodProbability, floodStats, highConfidence, lowLyingAreas, spillLevels } from '@floodzone/core';
import { InputError, cellAreas, groundCellSize } from '@floodzone/raster';
import { encodeGeoTiffNodeAsync, readRasterFile } from '@floodzone/raster/node';
import { numberFlag, parseFlags, requireFlag } from '../args.js';
import { UsageError } from '../errors.js';
import { OutputSet } from '../atomic.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import {
  COMPRESS_FLAG,
  COMPRESS_HELP,
  SOURCE_FLAGS,
  checkOutDir,
  checkSameGrid,
  geojsonText,
  loadDem,
  loadSources,
  nothingFloods,
  parseLevel,
  parseSourceFlags,
  since,
  tiffOptions,
} from './flood-common.js';
import type { Command } from './types.js';

const help = `floodzone flood: the sea-connected flood at one water level

usage: floodzone flood --dem <file> (--level <m> | --level-grid <levels.tif>) [--connectivity 8|4]
                       [--sea border|<mask.tif>|<sea.geojson>] [--seed x,y]... [--nodata-is-sea]
                       [--barriers <lines.geojson>] [--attenuation <m/m>] [--sigma <m>]
                       [--min-lowlying-area <m²>] [--out <dir>] [--compress deflate|none] [--json]

A cell floods when it is valid, its elevation is strictly below the level, and it connects to the sea
through flooded cells (DESIGN.md "Semantics of a flood").

  --dem <file>          elevation raster (GeoTIFF, GSI XML/zip/tile, ESRI ASCII, .hgt), metres
  --level <m>           water level in metres, in the DEM's vertical datum
  --level-grid <file>   instead of --level: a water-level raster on the DEM's grid (e.g. a tidal
                        surface), read at the source cells (NaN = not a source); the level reaching
                        a cell is the best source level over wet paths (minus attenuation)
  --connectivity 8|4    8 (default) lets water pass between diagonal neighbours; 4 does not
  --sea <source>        border (default: every valid border cell below the level), a mask raster on
                        the DEM's grid (non-zero = sea), or a GeoJSON of sea polygons (cell centres
                        inside; a "crs" member is honoured; without one the DEM's CRS, or WGS84
                        when every coordinate looks like longitude/latitude on a projected DEM)
  --seed x,y            a source point in the DEM's CRS (repeatable); alone it replaces the border,
                        with --sea it adds to it
  --nodata-is-sea       no-data cells are open water at any level (they conduct, never count)
  --barriers <file>     GeoJSON LineStrings with a numeric "crest" property (m): protection lines that
                        block every cell edge they cross while the level is at or below the crest
  --attenuation <m/m>   the level drops by this many metres per metre travelled over land (√2 on
                        diagonals; Dijkstra from the sources; the idea of Kasmalkar et al. 2023);
                        depth = attenuated level − z. Default 0 (a level surface)
  --sigma <m>           vertical uncertainty σ of the DEM and level combined: also computes the spill
                        levels W, P(flood) = Φ((L − W)/σ), NOAA's high-confidence class P ≥ 0.8
                        (summary "confidence"; with --out <dir>/probability.tif and the P ≥ 0.8
                        areas as <dir>/high-confidence.geojson)
  --min-lowlying-area <m²>
                        also report areas below the level that the sea does not reach, at least this
                        large (summary "lowLying"; <dir>/lowlying.geojson with --out)
  --out <dir>           write <dir>/depth.tif (Float32, NaN where dry or no data), <dir>/flood.geojson
                        (one MultiPolygon per connected flood area with area_m2, volume_m3,
                        maxDepth_m, meanDepth_m; OGC-valid, in the DEM's CRS, named by a "crs"
                        member) and <dir>/summary.json; without it nothing is written or vectorized
${COMPRESS_HELP}
  --json                print only the summary JSON on stdout (floodedCells, floodedArea_m2,
                        volume_m3, maxDepth, meanDepth, areas, timings in ms: read, flood, vectorize,
                        write)

Exit codes: 0 done, 2 bad input (one line on stderr; nothing written), 1 internal error.
`;

export const floodCommand: Command = {
  name: 'flood',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('flood', argv, {
      ...SOURCE_FLAGS,
      dem: { type: 'string' },
      level: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      attenuation: { type: 'string' },
      sigma: { type: 'string' },
      'min-lowlying-area': { type: 'string' },
      'level-grid': { type: 'string' },
      ...COMPRESS_FLAG,
    });
    const demPath = requireFlag('flood', 'dem', values.dem);
    const levelGridPath = values['level-grid'];
    if (levelGridPath !== undefined && values.level !== undefined) {
      throw new UsageError('give either --level or --level-grid, not both');
    }
    const level = levelGridPath === undefined ? parseLevel(requireFlag('flood', 'level', values.level)) : NaN;
    const { connectivity, nodataIsSea } = parseSourceFlags(values);
    const attenuation = values.attenuation !== undefined ? numberFlag('attenuation', values.attenuation, { min: 0, unit: 'm per m' }) : undefined;
    const sigma = values.sigma !== undefined ? numberFlag('sigma', values.sigma, { min: 0, exclusiveMin: true, unit: 'm' }) : undefined;
    const minLowArea = values['min-lowlying-area'] !== undefined ? numberFlag('min-lowlying-area', values['min-lowlying-area'], { min: 0, unit: 'm²' }) : undefined;
    if (sigma !== undefined && attenuation) {
      throw new UsageError('--sigma needs spill levels, which an attenuated flood does not have; drop --attenuation or --sigma');
    }
    if (levelGridPath !== undefined && (sigma !== undefined || minLowArea !== undefined)) {
      throw new UsageError(`--${sigma !== undefined ? 'sigma' : 'min-lowlying-area'} needs one water level; give --level instead of --level-grid`);
    }
    checkOutDir('out', values.out);
    const signal = io.signal;
    const tiff = tiffOptions(values.compress, signal);
    const bar = progressBar(io, 'flood');

    const tRead = performance.now();
    const dem = await loadDem(demPath, signal);
    const { sea, description, barriers } = await loadSources(values, dem, signal);
    let sourceLevels: Float32Array | undefined;
    if (levelGridPath !== undefined) {
      const g = await readRasterFile(levelGridPath, { signal });
      checkSameGrid(g, dem, `--level-grid ${levelGridPath}`);
      sourceLevels = g.data;
    }
    const read = since(tRead);

    const tFlood = performance.now();
    const rowAreas = cellAreas(dem);
    let flooded: Uint8Array;
    let levelGrid: Float32Array | undefined;
    if ((attenuation !== undefined && attenuation > 0) || sourceLevels) {
      const [dx, dy] = groundCellSize(dem);
      levelGrid = attenuatedLevels(dem, { level: sourceLevels ?? level, attenuation: attenuation ?? 0, dx, dy, connectivity, sea, nodataIsSea, barriers, signal, onProgress: bar });
      flooded = new Uint8Array(levelGrid.length);
      for (let i = 0; i < levelGrid.length; i++) flooded[i] = levelGrid[i] === levelGrid[i] ? 1 : 0;
    } else {
      flooded = floodFill(dem, level, { connectivity, sea, nodataIsSea, barriers, signal, onProgress: bar });
    }
    const stats = floodStats(dem, flooded, levelGrid ?? level, rowAreas);
    if (stats.floodedCells === 0) {
      if (levelGridPath !== undefined) {
        throw new InputError(`nothing floods with --level-grid ${levelGridPath}: no source cell (${description}) lies below the grid's level there; check the grid's datum and --sea`, levelGridPath);
      }
      throw nothingFloods(dem, sea, description, level, nodataIsSea);
    }
    const depth = values.out !== undefined ? floodDepth(dem, flooded, levelGrid ?? level) : undefined;
    // Confidence (NOAA): P = Φ((L − W)/σ) from the spill levels W of the same sources.
    let probability: Float32Array | undefined;
    let high: Uint8Array | undefined;
    let confidence: { sigma_m: number; threshold: number; highConfidenceCells: number; highConfidenceArea_m2: number } | undefined;
    if (sigma !== undefined) {
      const { level: W } = spillLevels(dem, { connectivity, sea, nodataIsSea, barriers, signal });
      probability = floodProbability(W, level, sigma);
      high = highConfidence(probability, 0.8);
      let cells = 0;
      let area = 0;
      for (let r = 0, i = 0; r < dem.height; r++) {
        let rc = 0;
        for (let c = 0; c < dem.width; c++, i++) rc += high![i]!;
        cells += rc;
        area += rc * rowAreas[r]!;
      }
      confidence = { sigma_m: sigma, threshold: 0.8, highConfidenceCells: cells, highConfidenceArea_m2: area };
    }
    // Low-lying areas: below the level but not reached by the sea.
    let low: ReturnType<typeof lowLyingAreas> | undefined;
    let lowLying: { minArea_m2: number; count: number; area_m2: number; volume_m3: number } | undefined;
    if (minLowArea !== undefined) {
      low = lowLyingAreas(dem, flooded, level, rowAreas, minLowArea, connectivity);
      lowLying = {
        minArea_m2: minLowArea,
        count: low.count,
        area_m2: low.areas.reduce((a, x) => a + x.area_m2, 0),
        volume_m3: low.areas.reduce((a, x) => a + x.volume_m3, 0),
      };
    }
    const flood = since(tFlood);

    let vectorize = 0;
    let write = 0;
    let areas: number | undefined;
    const files: string[] = [];
    if (values.out !== undefined && depth) {
      const tVec = performance.now();
      // @floodzone/zones loads only when there are polygons to write (not for --json alone).
      const { maskToPolygons } = await import('@floodzone/zones');
      const fc = maskToPolygons(flooded, dem, { connectivity, depth, rowAreas, signal });
      areas = fc.features.length;
      const geojson = geojsonText(fc, dem.crs);
      let lowGeojson: string | undefined;
      let highGeojson: string | undefined;
      if (high && confidence && confidence.highConfidenceCells > 0) {
        // Depth where the mapped flood has it (high-confidence cells that the flood at L misses carry none).
        highGeojson = geojsonText(maskToPolygons(high, dem, { connectivity, depth, rowAreas, signal }), dem.crs);
      }
      if (low) {
        const z = dem.data;
        const lowDepth = new Float32Array(z.length);
        for (let i = 0; i < z.length; i++) lowDepth[i] = low.labels[i]! > 0 ? level - z[i]! : NaN;
        lowGeojson = geojsonText(maskToPolygons(low.labels, dem, { connectivity, depth: lowDepth, rowAreas, signal }), dem.crs);
      }
      vectorize = since(tVec);

      const tWrite = performance.now();
      const outputs = new OutputSet();
      try {
        outputs.write(join(values.out, 'depth.tif'), await encodeGeoTiffNodeAsync({ ...dem, data: depth, nodata: null }, tiff));
        outputs.write(join(values.out, 'flood.geojson'), geojson);
        if (probability) outputs.write(join(values.out, 'probability.tif'), await encodeGeoTiffNodeAsync({ ...dem, data: probability, nodata: null }, tiff));
        if (highGeojson !== undefined) outputs.write(join(values.out, 'high-confidence.geojson'), highGeojson);
        if (lowGeojson !== undefined) outputs.write(join(values.out, 'lowlying.geojson'), lowGeojson);
        write = since(tWrite);
        outputs.write(join(values.out, 'summary.json'), `${JSON.stringify(makeSummary(), null, 2)}\n`);
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
        `flood at ${levelGridPath === undefined ? `${level} m` : `the levels of ${levelGridPath}`} (${connectivity}-connected, sea: ${description}${nodataIsSea ? ', no data is sea' : ''}${attenuation ? `, attenuation ${attenuation} m/m` : ''}): ` +
          `${stats.floodedCells} cells, ${formatArea(area)}, volume ${stats.volume_m3.toPrecision(6)} m³, max depth ${stats.maxDepth.toFixed(2)} m` +
          `${areas !== undefined ? `, ${areas} flood area(s)` : ''}\n` +
          (confidence ? `high confidence (P ≥ 0.8, σ = ${sigma} m): ${formatArea(confidence.highConfidenceArea_m2)}\n` : '') +
          (lowLying ? `low-lying, not connected (≥ ${minLowArea} m²): ${lowLying.count} area(s), ${formatArea(lowLying.area_m2)}\n` : '') +
          (files.length ? files.map((f) => `wrote ${f}\n`).join('') : ''),
      );
    }
    return 0;

    function makeSummary() {
      return {
        dem: demPath,
        level_m: levelGridPath === undefined ? level : null,
        levelGrid: levelGridPath ?? null,
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
        attenuation_m_per_m: attenuation ?? null,
        confidence: confidence ?? null,
        lowLying: lowLying ?? null,
        timings: { read, flood, vectorize, write },
      };
    }
  },
};

export function formatArea(m2: number): string {
  return m2 >= 1e6 ? `${(m2 / 1e6).toFixed(3)} km²` : `${m2.toFixed(0)} m²`;
}
