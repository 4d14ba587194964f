import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/data` beside the repository: real DEMs, vectors and tides (never committed here). */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));

/** Absolute path of a file under ../shared/data. */
export function sharedFile(rel: string): string {
  return SHARED_DATA + rel;
}

/**
 * Why a test that needs `rel` must skip, or undefined when the file is there. Use as
 * `it.skipIf(missing('x.tif'))(...)`; the reason is printed once by `describeShared`.
 */
export function missing(...rels: string[]): string | undefined {
  for (const rel of rels) {
    if (!existsSync(sharedFile(rel))) return `skipped: ../shared/data/${rel} is absent (run beside the team's shared folder)`;
  }
  return undefined;
}
