/**
 * Shared by `zones` and `crest`: load the project file, read its DEM (and sea mask), run the analysis.
 */
import { InputError, type RasterRead } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { analyzeProject, type AnalyzeOptions, type PortProject, type ProjectResult } from '@floodzone/zones';
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

export interface ProjectInputs {
  project: PortProject;
  dem: RasterRead;
  /** The project's sea mask raster on the DEM's grid (1 = sea), when it gives one. */
  seaMask: Uint8Array | undefined;
}

/**
 * Loads and checks everything a project names before any work: the project file, its DEM, and its sea
 * mask (on the DEM's grid; non-zero, valid cells are sea). Shared by `zones`, `crest` and `run`.
 */
export async function loadProjectInputs(path: string, io: CliIo): Promise<ProjectInputs> {
  const project = loadProjectFile(path);
  const dem = await readRasterFile(project.dem, { signal: io.signal }).catch((err: unknown) => {
    if (err instanceof Error && err.name === 'InputError') throw new InputError(`dem: ${err.message.split('\n')[0]}`, 'dem');
    throw err;
  });
  let seaMask: Uint8Array | undefined;
  if (project.sea.kind === 'mask') {
    const m = await readRasterFile(project.sea.path, { signal: io.signal });
    checkSameGrid(m, dem, `sea.mask "${project.sea.path}"`);
    seaMask = new Uint8Array(m.data.length);
    for (let i = 0; i < seaMask.length; i++) seaMask[i] = m.data[i] !== 0 && m.data[i] === m.data[i] ? 1 : 0;
  }
  return { project, dem, seaMask };
}

/** `analyzeProject`, with its bad-input messages (which name a field) prefixed by the project file. */
export async function analyzeProjectFile(path: string, inputs: ProjectInputs, options: Omit<AnalyzeOptions, 'seaMask'>): Promise<ProjectResult> {
  try {
    return await analyzeProject(inputs.project, inputs.dem, { ...options, ...(inputs.seaMask ? { seaMask: inputs.seaMask } : {}) });
  } catch (err) {
    if (err instanceof Error && err.name === 'InputError' && !err.message.includes(path)) throw new InputError(`${path}: ${err.message}`, path);
    throw err;
  }
}

export async function runProject(path: string, io: CliIo, label: string, setback = true): Promise<LoadedRun> {
  const t0 = performance.now();
  const inputs = await loadProjectInputs(path, io);
  const t1 = performance.now();
  const bar = progressBar(io, label);
  const result = await analyzeProjectFile(path, inputs, { signal: io.signal, onProgress: bar, setback });
  bar.end();
  return { project: inputs.project, dem: inputs.dem, result, timings: { read: t1 - t0, analyze: performance.now() - t1 } };
}
