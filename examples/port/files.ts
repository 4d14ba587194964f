/** The example port's files as bytes (pure; generate.ts writes them, the tests compare them). */
import { encodeGeoTiff } from '@floodzone/raster';
import { buildDem, facilities, levels, lines, points, portArea, sea, SEED } from './model.js';

/** GeoJSON with one feature per line: small diffs, readable, byte-stable. */
export function geojsonText(collection: { features: readonly unknown[] }): string {
  const { features, ...head } = collection;
  const open = JSON.stringify({ ...head, features: [] }).slice(0, -3);
  return `${open}[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function portFiles(seed = SEED): Record<string, Uint8Array> {
  return {
    'dem.tif': encodeGeoTiff(buildDem(seed)),
    'facilities.geojson': utf8(geojsonText(facilities())),
    'port-area.geojson': utf8(geojsonText(portArea())),
    'lines.geojson': utf8(geojsonText(lines())),
    'points.geojson': utf8(geojsonText(points())),
    'sea.geojson': utf8(geojsonText(sea())),
    'levels.json': utf8(`${JSON.stringify(levels(), null, 2)}\n`),
  };
}
