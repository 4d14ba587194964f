/**
 * Shared by `zones` and `crest`: load the project file, read its DEM (and sea mask), run the analysis.
 */
import { InputError, type RasterRead } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { analyzeProject, type PortProject, type ProjectResult } from '@floodzone/zones';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { loadProjectFile } from '../project-file.js';
import { checkSameGrid } from './flood-common.js';

export interface LoadedRun {
  project: PortProject;
  dem: RasterRead;
  result: ProjectResult;
  timings: { read: number; analyze: number };
}

export async function runProject(path: string, io: CliIo, label: string, setback = true): Promise<LoadedRun> {
  const t0 = performance.now();
  const project = loadProjectFile(path);
  const dem = await readRasterFile(project.dem, { signal: io.signal }).catch((err: unknown) => {
    if (err instanceof Error && err.name === 'InputError') throw new InputError(`dem: ${err.message.split('\n')[0]}`, 'dem');
    throw err;
  });
  let seaMask: Uint8Array | undefined;
  if (project.sea.kind === 'mask') {
    const m = await readRasterFile(project.sea.path, { signal: io.signal });
    checkSameGrid(m, dem, 'sea.mask');
    seaMask = new Uint8Array(m.data.length);
    for (let i = 0; i < seaMask.length; i++) seaMask[i] = m.data[i] !== 0 && m.data[i] === m.data[i] ? 1 : 0;
  }
  const t1 = performance.now();
  const bar = progressBar(io, label);
  const result = await analyzeProject(project, dem, { signal: io.signal, onProgress: bar, seaMask, setback });
  bar.end();
  return { project, dem, result, timings: { read: t1 - t0, analyze: performance.now() - t1 } };
}
