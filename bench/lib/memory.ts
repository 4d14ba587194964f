/**
 * Peak memory of one benchmark case beyond its input, measured in a fresh child process:
 *
 * 1. the child imports the suite and runs the case's `setup()` (the input DEM is then resident);
 * 2. it forces two full GCs (`--expose-gc`) and resets the kernel's peak-RSS counter by writing `5`
 *    to `/proc/self/clear_refs` (Linux ≥ 4.0: VmHWM := current RSS), then reads VmRSS: the baseline;
 * 3. it runs the case once and reads VmHWM, the highest resident set size since the reset.
 *
 * extra = VmHWM − baseline: every byte the work touched (typed arrays, JS heap growth, output),
 * whether freed before the end or kept. It is resident memory, so pages allocated but never written
 * do not count (a zero-filled typed array that is only partly written costs only what is written).
 * Noise: V8 heap growth and allocator slack add about 1–3 MB, i.e. up to ~3 bytes/cell at 1 M cells
 * and ~0.2 at 16 M: trust the large cases. Linux only; elsewhere the figure is reported as absent.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SuiteOptions } from './suite.js';

export interface MemoryResult {
  readonly baselineBytes: number;
  readonly peakBytes: number;
  /** peak − baseline. */
  readonly extraBytes: number;
}

/** VmRSS and VmHWM of this process in bytes, or null where /proc is not there. */
export function procMemory(): { rss: number; hwm: number } | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
  const kb = (key: string) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets VmHWM to the current RSS; false when the kernel does not allow it. */
export function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/**
 * Runs case `caseName` of the suite module at `suiteFile` once in a child process and returns its
 * peak memory beyond the input (see the file comment), or an error string.
 */
export function measureMemory(
  suiteFile: string,
  caseName: string,
  options: SuiteOptions,
): Promise<MemoryResult | string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, suiteFile, caseName, JSON.stringify(options)],
      { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 15 * 60_000, cwd: fileURLToPath(new URL('../../', import.meta.url)) },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          const r = JSON.parse(line) as MemoryResult | { error: string };
          resolve('error' in r ? r.error : r);
        } catch {
          resolve(`memory child failed: ${(err?.message ?? stderr).split('\n')[0]}`);
        }
      },
    );
  });
}
