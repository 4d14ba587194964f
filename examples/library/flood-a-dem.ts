/**
 * Library use from a Node script: read a DEM, flood it from the sea at one level, then write the depth
 * GeoTIFF and the flood polygons, and print the numbers. The same calls work in a browser (see
 * ./flood-worker.ts) except `readRasterFile`/`writeGeoTiffFile`, the node file helpers.
 *
 *   pnpm --filter @floodzone/examples exec tsx library/flood-a-dem.ts <dem> <level_m> [outDir]
 *   (default: the example port at D.L.+4.20 m into ./out/library)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floodDepth, floodFill, floodStats, type FloodStats } from '@floodzone/core';
import { cellAreas, type FloatGrid } from '@floodzone/raster';
import { readRasterFile, writeGeoTiffFile } from '@floodzone/raster/node';
import { maskToPolygons, type FloodAreaCollection } from '@floodzone/zones';

export interface FloodResult {
  stats: FloodStats;
  depth: FloatGrid;
  polygons: FloodAreaCollection;
}

/** The sea-connected flood of `dem` at `level` (same datum as the DEM), 8-connected, from the border. */
export function floodAtLevel(dem: FloatGrid, level: number): FloodResult {
  const flooded = floodFill(dem, level); // 1 = flooded, connected to a border cell below the level
  const areas = cellAreas(dem); // m² of one cell per row (geodesic on geographic grids)
  const stats = floodStats(dem, flooded, level, areas);
  const depth: FloatGrid = { ...dem, data: floodDepth(dem, flooded, level), nodata: null }; // NaN where dry
  const polygons = maskToPolygons(flooded, dem, { depth: depth.data, rowAreas: areas });
  return { stats, depth, polygons };
}

async function main(argv: string[]): Promise<void> {
  const demPath = argv[0] ?? fileURLToPath(new URL('../port/dem.tif', import.meta.url));
  const level = Number(argv[1] ?? '4.2');
  const outDir = argv[2] ?? 'out/library';
  const dem = await readRasterFile(demPath);
  const { stats, depth, polygons } = floodAtLevel(dem, level);
  mkdirSync(outDir, { recursive: true });
  await writeGeoTiffFile(join(outDir, 'depth.tif'), depth);
  writeFileSync(join(outDir, 'flood.geojson'), JSON.stringify(polygons));
  console.log(
    `${demPath} at ${level} m: ${stats.floodedCells} cells, ${(stats.floodedArea_m2 / 1e4).toFixed(2)} ha, ` +
      `${Math.round(stats.volume_m3)} m³, max depth ${stats.maxDepth.toFixed(2)} m, ${polygons.features.length} flood areas → ${outDir}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err: Error) => {
    console.error(err.name === 'InputError' ? err.message : err);
    process.exitCode = err.name === 'InputError' ? 2 : 1;
  });
}
