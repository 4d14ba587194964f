// Shared benchmark infrastructure: see bench/README.md for the suite interface and how to read results.
export { banner, machine, toolVersion, type Machine } from './machine.js';
export { consume, median, sink, timeIt, type Timing } from './time.js';
export { measureMemory, procMemory, resetPeak, type MemoryResult } from './memory.js';
export { mulberry32 } from './prng.js';
export { EPSG_6677, fingerprint, sideFor, terrain, TERRAIN_KINDS, TERRAIN_LEVEL, type TerrainKind } from './terrain.js';
export {
  BENCH_DIR,
  CACHE_DIR,
  hasGdal,
  loadCached,
  readRaw,
  terrainFile,
  tokyo5m,
  tokyoUnavailable,
  TOKYO_50M,
  writeRaw,
  type CachedRaster,
} from './cache.js';
export {
  cliBuilt,
  CLI_BIN,
  gdalRead,
  gdalTranslate,
  gdalWrite,
  grassLake,
  runFloodzone,
  runProcess,
  sagaFillSinks,
  scipyFlood,
  type ProcessRun,
} from './peers.js';
export { compareOutputs, fmtMs, renderResults, renderTable, type CaseResult, type PeerOutcome } from './table.js';
export { benchCase, type BenchCase, type Peer, type PeerResult, type Suite, type SuiteOptions } from './suite.js';
