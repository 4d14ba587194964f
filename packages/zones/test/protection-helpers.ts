import type { FloatGrid } from '@floodzone/raster';
import { validateProject } from '../src/project/validate.js';

/** A grid from rows of numbers (row 0 = north), cell size `cell` m, origin (0, height·cell). */
export function gridOf(rows: number[][], cell = 10): FloatGrid {
  const height = rows.length, width = rows[0].length;
  return { data: Float32Array.from(rows.flat()), width, height, transform: [0, cell, 0, height * cell, 0, -cell], crs: null, nodata: null };
}

/** Square polygon over cells [c0, c1) × [r0, r1) of a grid with the given cell size and height (rows). */
export function cellsPolygon(c0: number, r0: number, c1: number, r1: number, height: number, cell = 10) {
  const x0 = c0 * cell, x1 = c1 * cell, yTop = (height - r0) * cell, yBot = (height - r1) * cell;
  return { type: 'Polygon', coordinates: [[[x0, yBot], [x1, yBot], [x1, yTop], [x0, yTop], [x0, yBot]]] };
}

export function fc(features: Array<{ geometry: unknown; properties: Record<string, unknown> }>) {
  return { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) };
}

/** A minimal valid project JSON; override any field. */
export function projectJson(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'test port',
    crs: 'EPSG:6677',
    dem: 'dem.tif',
    datum: { name: 'D.L.', toTP_m: -1.134 },
    referenceLevel_m: 0.2,
    baseYear: 2020,
    years: [2020],
    scenarios: [{ name: 'flat', slr: [[2020, 0]] }],
    forces: { design: { hwl_m: 3, surge_m: 0 } },
    facilities: fc([]),
    ...over,
  };
}

export function project(over: Record<string, unknown> = {}) {
  return validateProject(projectJson(over));
}
