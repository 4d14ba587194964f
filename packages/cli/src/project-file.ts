/**
 * Reads a project file (`port.json`) from disk: parses it, reads the GeoJSON layers it names
 * (relative to the project file's folder) and validates everything with `validateProject`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validateProject, type PortProject } from '@floodzone/zones';
import { UsageError } from './errors.js';

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} "${path}" cannot be read (${code ?? (err as Error).message}); check the path`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} "${path}" is not valid JSON (${(err as Error).message.split('\n')[0]}); fix the file`);
  }
}

/** Loads and validates `path`; every relative path inside is resolved against the file's folder. */
export function loadProjectFile(path: string): PortProject {
  const abs = resolve(path);
  const json = readJson(abs, 'project file');
  try {
    return validateProject(json, { baseDir: dirname(abs), readJson: (p) => readJson(p, 'layer') });
  } catch (err) {
    // validateProject names the field; the user also needs to know which file holds it.
    if (err instanceof Error && err.name === 'InputError' && !err.message.includes(path)) {
      throw new UsageError(`${path}: ${err.message}`);
    }
    throw err;
  }
}
