/**
 * Embedding in a web page: run the flood in a Web Worker so the page stays responsive, with
 * ArrayBuffers in and out and an abort. Bundle this file as a module worker (any bundler that handles
 * `new Worker(new URL('./flood-worker.js', import.meta.url), { type: 'module' })`). It imports no
 * Node built-ins: only @floodzone/raster (without /node), core and zones.
 *
 * Page side:
 *   worker.postMessage({ id: 1, type: 'flood', dem: arrayBuffer, name: 'dem.tif', level: 3.5 }, [arrayBuffer]);
 *   worker.postMessage({ id: 2, type: 'table', dem: arrayBuffer2, name: 'dem.tif', levels: [0.5, 1, 1.5] }, [arrayBuffer2]);
 *   worker.postMessage({ id: 1, type: 'abort' });
 *   worker.onmessage = ({ data }) => data.type === 'done' || data.type === 'table' ? show(data) : data.type === 'progress' ? bar(data) : fail(data);
 */
import { floodDepth, floodFill, floodStats, levelCurve, levelCurveKernel, spillLevels, type LevelCurvePoint } from '@floodzone/core';
import { cellAreas, encodeGeoTiff, readRaster } from '@floodzone/raster';
import { maskToPolygons } from '@floodzone/zones';

export type FloodRequest =
  | { id: number; type: 'flood'; dem: ArrayBuffer; name: string; level: number }
  | { id: number; type: 'table'; dem: ArrayBuffer; name: string; levels: number[] }
  | { id: number; type: 'abort' };

export type FloodReply =
  | { id: number; type: 'progress'; done: number; total: number; phase: string }
  | { id: number; type: 'done'; stats: ReturnType<typeof floodStats>; geojson: string; depthTiff: ArrayBuffer }
  | { id: number; type: 'table'; curve: LevelCurvePoint[]; kernel: 'wasm' | 'js' }
  | { id: number; type: 'error'; message: string; badInput: boolean };

type Post = (reply: FloodReply, transfer?: Transferable[]) => void;
type Progress = (done: number, total: number, phase: string) => void;

/** The work itself, independent of the worker plumbing so it can be tested anywhere. */
export function handleFlood(req: Extract<FloodRequest, { type: 'flood' }>, signal: AbortSignal, post: Post): Promise<void> {
  return answer(req.id, post, async (onProgress) => {
    const dem = await readRaster(req.dem, { name: req.name, signal, onProgress });
    const flooded = floodFill(dem, req.level, { signal, onProgress });
    const areas = cellAreas(dem);
    const depth = floodDepth(dem, flooded, req.level);
    const stats = floodStats(dem, flooded, req.level, areas);
    const geojson = JSON.stringify(maskToPolygons(flooded, dem, { depth, rowAreas: areas, signal }));
    const tiff = encodeGeoTiff({ ...dem, data: depth, nodata: null });
    const depthTiff = tiff.buffer.slice(tiff.byteOffset, tiff.byteOffset + tiff.byteLength) as ArrayBuffer;
    post({ id: req.id, type: 'done', stats, geojson, depthTiff }, [depthTiff]);
  });
}

/**
 * The scenario table: flooded cells, area, volume and max depth at every level, from one pass of spill
 * levels (W) and one of `levelCurve` (its WebAssembly kernel where the page allows it: `kernel`).
 */
export function handleTable(req: Extract<FloodRequest, { type: 'table' }>, signal: AbortSignal, post: Post): Promise<void> {
  return answer(req.id, post, async (onProgress) => {
    const dem = await readRaster(req.dem, { name: req.name, signal, onProgress });
    let top = -Infinity;
    for (const L of req.levels) if (L > top) top = L;
    // cells with W at or above the highest level flood at none of them: stop the priority-flood there
    const { level: W } = spillLevels(dem, { maxLevel: top, signal, onProgress });
    post({ id: req.id, type: 'table', curve: levelCurve(W, dem.data, cellAreas(dem), dem.width, req.levels), kernel: levelCurveKernel() });
  });
}

/** Runs `work` for request `id` with a progress callback that posts; a failure becomes one error reply. */
async function answer(id: number, post: Post, work: (onProgress: Progress) => Promise<void>): Promise<void> {
  try {
    await work((done, total, phase) => post({ id, type: 'progress', done, total, phase }));
  } catch (err) {
    const e = err as Error;
    post({ id, type: 'error', message: e.message, badInput: e.name === 'InputError' || e.name === 'AbortError' });
  }
}

// Worker plumbing: only when loaded as a worker (a DedicatedWorkerGlobalScope has importScripts).
const scope = globalThis as unknown as {
  importScripts?: unknown;
  onmessage: ((ev: { data: FloodRequest }) => void) | null;
  postMessage(msg: FloodReply, transfer?: Transferable[]): void;
};
if (typeof scope.importScripts === 'function') {
  const running = new Map<number, AbortController>();
  scope.onmessage = ({ data }) => {
    if (data.type === 'abort') {
      running.get(data.id)?.abort();
      return;
    }
    const ctl = new AbortController();
    running.set(data.id, ctl);
    const handle = data.type === 'table' ? handleTable(data, ctl.signal, (r, t) => scope.postMessage(r, t)) : handleFlood(data, ctl.signal, (r, t) => scope.postMessage(r, t));
    void handle.finally(() => running.delete(data.id));
  };
}
