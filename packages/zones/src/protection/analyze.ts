/**
 * `analyzeProject`: the single entry point of the protection analysis (guideline §4-4, §4-7).
 */
import type { FloatGrid } from '@floodzone/raster';
import type { RunOptions } from '@floodzone/core';
import type { PortProject } from '../project/types.js';
import type { ProjectResult } from './types.js';

/** Options of `analyzeProject`: abort signal and progress, plus what to skip. */
export interface AnalyzeOptions extends RunOptions {
  /** Sea mask on the DEM's grid when `project.sea.kind === 'mask'` (the caller reads the file). */
  seaMask?: Uint8Array;
  /** Compute setback lines (Figure 4-6); default true. */
  setback?: boolean;
}

/**
 * Runs the whole analysis of a validated project on its DEM (in the project datum): spill levels
 * with the existing lines as barriers, land at today's reference level, continuous flood areas and
 * candidate protection zones for today and each scenario/year, protection lines with their crest
 * requirements and adaptation years, the plan evaluation and setback lines.
 */
export async function analyzeProject(project: PortProject, dem: FloatGrid, options: AnalyzeOptions = {}): Promise<ProjectResult> {
  void project;
  void dem;
  void options;
  throw new Error('analyzeProject: signature only in this commit; the implementation lands next');
}
