import { InputError } from './errors.js';

/** Largest grid one read returns: 2^30 cells (4 GiB of Float32). */
export const MAX_CELLS = 2 ** 30;

/** A Float32Array for a w × h grid, or an InputError when it is absurdly large or memory runs out. */
export function allocateGrid(w: number, h: number, name: string): Float32Array {
  const n = w * h;
  if (!(n <= MAX_CELLS)) {
    throw new InputError(`${name}: ${w} × ${h} cells is more than one grid can hold (${MAX_CELLS} cells); read a window, or the header is corrupt`, name);
  }
  try {
    return new Float32Array(n);
  } catch {
    throw new InputError(`${name}: not enough memory for ${w} × ${h} Float32 cells; read a window`, name);
  }
}
