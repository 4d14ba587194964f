// Grid kernels: sea-connected flood fill, spill levels, labels, statistics, barriers, attenuation, confidence.
export { DIRECTIONS, type EdgeBarriers, type FloodOptions, type SeaSource } from './types.js';
export { floodFill, floodDepth, floodStats, type FloodFillOptions, type FloodStats } from './flood.js';
export { labelComponents, componentStats, lowLyingAreas, type ComponentStats, type LowLyingAreas } from './labels.js';
export { spillLevels, priorityFloodBarnes2014, type SpillOptions, type SpillResult } from './spill.js';
export { levelCurve, levelCurveKernel, type LevelCurvePoint } from './curve.js';
export { validRange, type ValidRange } from './range.js';
export { rasterizeBarriers, barrierCrest, barrierLine, type BarrierLine } from './barriers.js';
export { attenuatedLevels, type AttenuationOptions } from './attenuation.js';
export { floodProbability, highConfidence, combinedSigma, normalCdf, erfc } from './probability.js';
