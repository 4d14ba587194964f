export {};
// protection (ZONES)
export type * from './project/types.js';
export type * from './project/geojson.js';
export type * from './protection/types.js';
export { analyzeProject, type AnalyzeOptions } from './protection/analyze.js';
