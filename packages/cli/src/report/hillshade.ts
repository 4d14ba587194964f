/**
 * Analytical hillshade by Horn's method: the surface gradient from the 3×3 neighbourhood with
 * weights 1-2-1 (Horn, B.K.P. 1981, "Hill shading and the reflectance map", Proc. IEEE 69(1),
 * 14–47, eq. on the "Sobel-like" estimator), lit by a distant source; the shade is the cosine of
 * the angle between the surface normal and the light (Lambert).
 */
export interface HillshadeOptions {
  /** Direction the light comes from, degrees clockwise from north; default 315 (north-west). */
  azimuth_deg?: number;
  /** Light elevation above the horizon, degrees; default 45. */
  altitude_deg?: number;
  /** Vertical exaggeration; default 1. */
  zFactor?: number;
}

/**
 * Shade in [0, 1] for each cell of a row-major elevation array (rows run north → south).
 * `cellX_m`, `cellY_m` are the cell width and height in metres. NaN cells give NaN; a NaN
 * neighbour is replaced by the centre value, and the grid edge is clamped, so coasts shade cleanly.
 */
export function hillshadeHorn1981(
  z: ArrayLike<number>,
  width: number,
  height: number,
  cellX_m: number,
  cellY_m: number,
  options: HillshadeOptions = {},
): Float32Array {
  if (!(cellX_m > 0) || !(cellY_m > 0)) throw new RangeError(`hillshade cell size must be positive metres, got ${cellX_m}×${cellY_m}`);
  const az = ((options.azimuth_deg ?? 315) * Math.PI) / 180;
  const alt = ((options.altitude_deg ?? 45) * Math.PI) / 180;
  const zf = options.zFactor ?? 1;
  const lx = Math.sin(az) * Math.cos(alt);
  const ly = Math.cos(az) * Math.cos(alt);
  const lz = Math.sin(alt);
  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const rn = r > 0 ? r - 1 : r;
    const rs = r < height - 1 ? r + 1 : r;
    for (let c = 0; c < width; c++) {
      const e = z[r * width + c]!;
      if (Number.isNaN(e)) {
        out[r * width + c] = NaN;
        continue;
      }
      const cw = c > 0 ? c - 1 : c;
      const ce = c < width - 1 ? c + 1 : c;
      let a = z[rn * width + cw]!, b = z[rn * width + c]!, cc = z[rn * width + ce]!;
      let d = z[r * width + cw]!, f = z[r * width + ce]!;
      let g = z[rs * width + cw]!, h = z[rs * width + c]!, i = z[rs * width + ce]!;
      if (a !== a) a = e;
      if (b !== b) b = e;
      if (cc !== cc) cc = e;
      if (d !== d) d = e;
      if (f !== f) f = e;
      if (g !== g) g = e;
      if (h !== h) h = e;
      if (i !== i) i = e;
      const dzdx = (zf * (cc + 2 * f + i - (a + 2 * d + g))) / (8 * cellX_m); // towards east
      const dzdn = (zf * (a + 2 * b + cc - (g + 2 * h + i))) / (8 * cellY_m); // towards north
      const n = Math.sqrt(dzdx * dzdx + dzdn * dzdn + 1);
      const s = (-dzdx * lx - dzdn * ly + lz) / n;
      out[r * width + c] = s > 0 ? s : 0;
    }
  }
  return out;
}
