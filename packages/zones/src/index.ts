export {};
// protection (ZONES)
export type * from './project/types.js';
export type * from './project/geojson.js';
export type * from './protection/types.js';
export { analyzeProject, type AnalyzeOptions } from './protection/analyze.js';
// flood polygons and rasterizing vectors (FLOODCLI)
export {
  maskToPolygons,
  traceLabelRings,
  type FloodAreaCollection,
  type FloodAreaFeature,
  type FloodAreaProperties,
  type MaskToPolygonsOptions,
  type TracedRings,
  type VectorGridRef,
} from './vectorize/index.js';
export { rasterizePolygons, type RasterizeOptions } from './rasterize/polygons.js';
export { validateProject, resolvePath, epsgOf, type ValidateOptions } from './project/validate.js';
export { portSchema } from './project/schema.js';
export { barrierLinesToPixels, type BarrierLinesOptions, type PixelBarrierLine } from './rasterize/barriers.js';
export {
  areasGeoJSON,
  zonesGeoJSON,
  linesGeoJSON,
  crestTable,
  crestCsv,
  zoneLabels,
  type CrestTableRow,
} from './protection/outputs.js';
