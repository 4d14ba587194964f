import { groundCellSize, type Affine, type Crs } from '@floodzone/raster';
import type { Rgba } from './canvas.js';
import { hillshadeHorn1981 } from './hillshade.js';
import { BLUES, rampColour } from './ramp.js';

/**
 * A DEM reduced for display: k×k blocks of the source become one display cell (k = 1 keeps the
 * grid), with the mean elevation of the block's valid cells and its shade.
 */
export interface DisplayGrid {
  /** Source size and georeferencing. */
  readonly width: number;
  readonly height: number;
  readonly transform: Affine;
  readonly geographic: boolean;
  /** Block size. */
  readonly k: number;
  /** Display size = ceil(source / k). */
  readonly W: number;
  readonly H: number;
  /** Display cell size in ground metres (`groundCellSize`: ellipsoidal for geographic grids, scaled for Web Mercator). */
  readonly cellX_m: number;
  readonly cellY_m: number;
  readonly z: Float32Array;
  /** 1 where at least half the block is water today. */
  readonly water: Uint8Array;
  /** Hillshade in [0, 1] (Horn 1981, north-west light, z × 3), NaN where no data. */
  readonly shade: Float32Array;
}

export function displayGrid(
  elevation: ArrayLike<number>,
  width: number,
  height: number,
  transform: Affine,
  crs: Crs | null,
  maxPixels: number,
  water?: ArrayLike<number>,
): DisplayGrid {
  if (width < 1 || height < 1 || elevation.length !== width * height) {
    throw new RangeError(`elevation must hold ${width}×${height} samples, got ${elevation.length}`);
  }
  const longest = Math.max(width, height);
  const k = longest > maxPixels ? Math.ceil(longest / maxPixels) : 1;
  const W = Math.ceil(width / k);
  const H = Math.ceil(height / k);
  const z = new Float32Array(W * H);
  const wet = new Uint8Array(W * H);
  for (let R = 0; R < H; R++) {
    for (let C = 0; C < W; C++) {
      let sum = 0;
      let n = 0;
      let w = 0;
      let all = 0;
      for (let r = R * k; r < Math.min(height, R * k + k); r++) {
        for (let c = C * k; c < Math.min(width, C * k + k); c++) {
          const i = r * width + c;
          const e = elevation[i]!;
          all++;
          if (!Number.isNaN(e)) {
            sum += e;
            n++;
          }
          if (water && water[i]) w++;
        }
      }
      z[R * W + C] = n ? sum / n : NaN;
      if (w * 2 >= all && w > 0) wet[R * W + C] = 1;
    }
  }
  const [dx_m, dy_m] = groundCellSize({ width, height, transform, crs });
  const cellX_m = dx_m * k;
  const cellY_m = dy_m * k;
  const geographic = crs?.geographic ?? false;
  const shade = hillshadeHorn1981(z, W, H, cellX_m, cellY_m, { zFactor: 3 });
  return { width, height, transform, geographic, k, W, H, cellX_m, cellY_m, z, water: wet, shade };
}

/** Block maximum of a depth grid (so no flooded block disappears), NaN where dry or water today. */
export function displayDepth(depth: ArrayLike<number>, g: DisplayGrid): { depth: Float32Array; max: number } {
  if (depth.length !== g.width * g.height) throw new RangeError(`depth must hold ${g.width}×${g.height} samples, got ${depth.length}`);
  const out = new Float32Array(g.W * g.H).fill(NaN);
  let max = 0;
  const { k, width, height } = g;
  for (let R = 0; R < g.H; R++) {
    for (let C = 0; C < g.W; C++) {
      const j = R * g.W + C;
      if (g.water[j]) continue;
      let dm = NaN;
      for (let r = R * k; r < Math.min(height, R * k + k); r++) {
        for (let c = C * k; c < Math.min(width, C * k + k); c++) {
          const v = depth[r * width + c]!;
          if (v > 0 && !(v <= dm)) dm = v;
        }
      }
      if (dm > 0) {
        out[j] = dm;
        if (dm > max) max = dm;
      }
    }
  }
  return { depth: out, max };
}

/**
 * Per display cell, the majority positive label of its block by the Boyer–Moore vote (the last one seen when none has a majority; 0 when the block has none): zone or area ids
 * from a label grid.
 */
export function displayLabels(labels: ArrayLike<number>, g: DisplayGrid): Int32Array {
  const out = new Int32Array(g.W * g.H);
  const { k, width, height } = g;
  for (let R = 0; R < g.H; R++) {
    for (let C = 0; C < g.W; C++) {
      let last = 0;
      let cur = 0;
      let curN = 0;
      // Blocks are small: a first-seen majority vote (Boyer–Moore) is enough for display.
      for (let r = R * k; r < Math.min(height, R * k + k); r++) {
        for (let c = C * k; c < Math.min(width, C * k + k); c++) {
          const v = labels[r * width + c]!;
          if (!(v > 0)) continue;
          if (curN === 0) {
            cur = v;
            curN = 1;
          } else if (v === cur) curN++;
          else curN--;
          last = v;
        }
      }
      out[R * g.W + C] = curN > 0 ? cur : last;
    }
  }
  return out;
}

/** Water today: a pale teal, a different hue from the depth blues. */
export const WATER_RGB: Rgba = [216, 238, 232, 255];
export const NODATA_RGB: Rgba = [240, 240, 240, 255];

const terrainCache = new WeakMap<DisplayGrid, Uint8ClampedArray>();

/** Grey hillshaded terrain with water today flat; one RGBA pixel per display cell (cached per grid). */
export function terrainRgba(g: DisplayGrid): Uint8ClampedArray {
  const cached = terrainCache.get(g);
  if (cached) return cached;
  const out = new Uint8ClampedArray(g.W * g.H * 4);
  for (let j = 0, o = 0; j < g.W * g.H; j++, o += 4) {
    if (g.water[j]) {
      out[o] = WATER_RGB[0];
      out[o + 1] = WATER_RGB[1];
      out[o + 2] = WATER_RGB[2];
    } else if (Number.isNaN(g.z[j]!)) {
      out[o] = NODATA_RGB[0];
      out[o + 1] = NODATA_RGB[1];
      out[o + 2] = NODATA_RGB[2];
    } else {
      const v = 120 + 120 * g.shade[j]!;
      out[o] = v * 0.97;
      out[o + 1] = v * 0.96;
      out[o + 2] = v * 0.9;
    }
    out[o + 3] = 255;
  }
  terrainCache.set(g, out);
  return out;
}

/** 256 colours of the depth ramp, so the per-cell loop allocates nothing. */
let depthLut: Uint8Array | undefined;
function rampLut(): Uint8Array {
  if (depthLut) return depthLut;
  depthLut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) depthLut.set(rampColour(BLUES, k / 255).slice(0, 3), k * 3);
  return depthLut;
}

/**
 * Flood depth on the Blues ramp, 0 → `depthMax`, transparent where dry; `relief` (0..1) darkens
 * the colour by the hillshade so the ground stays readable under the flood.
 */
export function depthRgba(depth: Float32Array, g: DisplayGrid, depthMax: number, relief = 0.2): Uint8ClampedArray {
  const out = new Uint8ClampedArray(g.W * g.H * 4);
  const lut = rampLut();
  const k = 255 / depthMax;
  for (let j = 0; j < g.W * g.H; j++) {
    const d = depth[j]!;
    if (!(d > 0)) continue;
    const i = Math.min(255, Math.round(d * k)) * 3;
    const s = g.shade[j]!;
    const m = s === s ? 1 - relief + relief * s : 1;
    out[j * 4] = lut[i]! * m;
    out[j * 4 + 1] = lut[i + 1]! * m;
    out[j * 4 + 2] = lut[i + 2]! * m;
    out[j * 4 + 3] = 255;
  }
  return out;
}

/**
 * Label cells tinted by `colour(label)` (null = transparent), enlarged `scale` times: the pixels
 * along a label's outline (where the 4-neighbour cell has another label, or at the grid edge) are
 * opaque, `edge` pixels thick, the inside is drawn at `insideAlpha`, so zones read as outlined
 * areas over the depth colours. Returns an image of (width·scale) × (height·scale) pixels.
 */
export function labelRgba(labels: Int32Array, width: number, colour: (label: number) => Rgba | null, insideAlpha = 50, scale = 1): Uint8ClampedArray {
  const height = labels.length / width;
  const s = Math.max(1, Math.floor(scale));
  const e = Math.max(Math.min(2, s), Math.round(s / 5));
  const OW = width * s;
  const out = new Uint8ClampedArray(labels.length * s * s * 4);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const j = r * width + c;
      const l = labels[j]!;
      if (l <= 0) continue;
      const col = colour(l);
      if (!col) continue;
      const w = c === 0 || labels[j - 1] !== l;
      const east = c === width - 1 || labels[j + 1] !== l;
      const n = r === 0 || labels[j - width] !== l;
      const south = r === height - 1 || labels[j + width] !== l;
      for (let y = 0; y < s; y++) {
        for (let x = 0; x < s; x++) {
          const edge = (w && x < e) || (east && x >= s - e) || (n && y < e) || (south && y >= s - e);
          const o = ((r * s + y) * OW + c * s + x) * 4;
          out[o] = col[0];
          out[o + 1] = col[1];
          out[o + 2] = col[2];
          out[o + 3] = edge ? 255 : insideAlpha;
        }
      }
    }
  }
  return out;
}
