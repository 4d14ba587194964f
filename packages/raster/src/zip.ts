/** Zip helpers over fflate (browser-safe). */
import { unzipSync } from 'fflate';
import { InputError } from './errors.js';

/** True when the bytes start with a zip local-file header (or an empty-archive end record). */
export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
}

/** All entries of a zip (directories left out), as name → bytes. Nested zips are not expanded here. */
export function unzipAll(bytes: Uint8Array, name: string, filter?: (entry: string) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && (filter ? filter(f.name) : true) });
  } catch (err) {
    throw new InputError(`${name}: corrupt or truncated zip (${err instanceof Error ? err.message : String(err)}); download it again`, name);
  }
}
