import type { FloatGrid } from '@floodzone/raster';
import { InputError } from '../util/errors.js';
import type { EdgeBarriers, SeaSource } from './types.js';

/** Checks a DEM record once at a kernel's entry. */
export function checkDem(dem: FloatGrid, name = 'dem'): void {
  if (dem === null || typeof dem !== 'object' || !(dem.data instanceof Float32Array)) {
    throw new InputError(`${name} must be a grid with Float32Array data (read it with @floodzone/raster)`, name);
  }
  const { width, height } = dem;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InputError(`${name} must have a positive integer width and height, got ${width}×${height}`, name);
  }
  if (dem.data.length !== width * height) {
    throw new InputError(`${name}.data has ${dem.data.length} samples but ${width}×${height} = ${width * height} were expected`, name);
  }
}

export function checkLevel(level: unknown, name = 'level'): number {
  // Infinity would make every reached cell's depth, the volume and maxDepth Infinity (null in JSON)
  if (typeof level !== 'number' || !Number.isFinite(level)) {
    throw new InputError(`${name} must be a finite number of metres, got ${describeValue(level)}`, name);
  }
  return level;
}

/** A value for a message: numbers as written (`Infinity`, `NaN`; JSON would say `null`), others as JSON. */
export function describeValue(v: unknown): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v);
}

export function checkConnectivity(c: unknown): 4 | 8 {
  if (c === undefined) return 8;
  if (c !== 4 && c !== 8) throw new InputError(`connectivity must be 4 or 8, got ${JSON.stringify(c)}`, 'connectivity');
  return c;
}

export function checkSea(sea: SeaSource | undefined, width: number, height: number): SeaSource {
  if (sea === undefined) return { kind: 'border' };
  const n = width * height;
  switch (sea?.kind) {
    case 'border':
      return sea;
    case 'mask':
      if (!(sea.mask instanceof Uint8Array) || sea.mask.length !== n) {
        const got = sea.mask instanceof Uint8Array ? `${sea.mask.length} cells` : typeof sea.mask;
        throw new InputError(`sea mask must be a Uint8Array of ${width}×${height} = ${n} cells like the DEM, got ${got}`, 'sea');
      }
      return sea;
    case 'seeds': {
      const cells = sea.cells;
      if (cells === null || typeof cells !== 'object' || typeof cells.length !== 'number') {
        throw new InputError('sea seeds must be an array of linear cell indices (row * width + col)', 'sea');
      }
      for (let k = 0; k < cells.length; k++) {
        const v = cells[k]!;
        if (!Number.isInteger(v) || v < 0 || v >= n) {
          throw new InputError(`sea seed ${k} is ${v}, outside the ${width}×${height} grid: give indices row * width + col in [0, ${n - 1}]`, 'sea');
        }
      }
      return sea;
    }
    default:
      throw new InputError(`sea must be { kind: 'border' | 'mask' | 'seeds' }, got ${JSON.stringify((sea as { kind?: unknown } | undefined)?.kind)}`, 'sea');
  }
}

export function checkBarriers(b: EdgeBarriers | undefined, width: number, height: number): EdgeBarriers | undefined {
  if (b === undefined) return undefined;
  if (b.width !== width || b.height !== height || !(b.cells instanceof Int32Array) || !(b.crest instanceof Float32Array) || b.crest.length !== 8 * b.cells.length) {
    throw new InputError(`barriers were rasterized for a ${b?.width}×${b?.height} grid, not this ${width}×${height} DEM: call rasterizeBarriers with the DEM's size`, 'barriers');
  }
  return b.cells.length === 0 ? undefined : b;
}

export function checkCellAreas(cellAreas: Float64Array, height: number): void {
  if (!(cellAreas instanceof Float64Array) || cellAreas.length !== height) {
    throw new InputError(`cellAreas must be a Float64Array with one area in m² per row (${height} rows), got ${cellAreas?.length ?? typeof cellAreas}`, 'cellAreas');
  }
}

export function checkMask(mask: Uint8Array, n: number, name: string): void {
  if (!(mask instanceof Uint8Array) || mask.length !== n) {
    throw new InputError(`${name} must be a Uint8Array of ${n} cells like the DEM, got ${mask instanceof Uint8Array ? mask.length : typeof mask}`, name);
  }
}

/** Index of `cell` in the sorted `cells` array, or -1. */
export function findBarrierSlot(cells: Int32Array, cell: number): number {
  let lo = 0;
  let hi = cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = cells[mid]!;
    if (v < cell) lo = mid + 1;
    else if (v > cell) hi = mid - 1;
    else return mid;
  }
  return -1;
}
