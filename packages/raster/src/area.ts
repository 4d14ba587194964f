import { InputError } from './errors.js';
import { applyAffine, cellSize } from './affine.js';
import { crsEllipsoid } from './crs.js';
import type { Grid, GridData } from './grid.js';

/**
 * Area on the ellipsoid between the equator and geodetic latitude φ over the full 360° of longitude,
 * `S(φ) = π a² q(φ)` with Snyder's authalic `q` (Snyder 1987, Map Projections: A Working Manual, USGS
 * Professional Paper 1395, eq. 3-12), written with b² = a²(1 − e²):
 * `S(φ) = π b² [ sinφ / (1 − e² sin²φ) + (1 / 2e) · ln((1 + e sinφ) / (1 − e sinφ)) ]`.
 * Signed: negative south of the equator.
 */
function zoneArea(latDeg: number, a: number, e2: number): number {
  const e = Math.sqrt(e2);
  const s = Math.sin((latDeg * Math.PI) / 180);
  const b2 = a * a * (1 - e2);
  return Math.PI * b2 * (s / (1 - e2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e));
}

/**
 * Area in m² of one cell of each row (length `height`); cells in a row are equal, so consumers multiply
 * per row.
 * - Projected CRS (or none): `|dx·dy − rx·ry|` (CRS units², metres for every built-in projected CRS).
 * - Geographic CRS, north-up: the exact area of the cell on the ellipsoid (GRS80 when the CRS says
 *   GRS80, e.g. JGD2011; WGS84 otherwise): `|S(φ_top) − S(φ_bottom)| · |dx| / 360`, see `zoneArea`.
 * - Geographic and rotated: the parallelogram in degrees scaled by the local radii at the cell-centre
 *   latitude of the row's first cell (M·N·cosφ·(π/180)²), a first-order approximation.
 * - EPSG:3857 (Web Mercator, GSI tiles): not |dx·dy|, which overstates the ground by 1/cos²φ (×1.49 at
 *   35° N); see `webMercatorAreas`.
 */
export function cellAreas(grid: Pick<Grid<GridData>, 'height' | 'transform' | 'crs'>): Float64Array {
  const [, dx, rx, y0, ry, dy] = grid.transform;
  const out = new Float64Array(grid.height);
  if (grid.crs?.code === 'EPSG:3857') return webMercatorAreas(grid.height, grid.transform, out);
  if (!grid.crs || !grid.crs.geographic) {
    out.fill(Math.abs(dx * dy - rx * ry));
    return out;
  }
  const { a, e2 } = crsEllipsoid(grid.crs);
  if (rx === 0 && ry === 0) {
    const frac = Math.abs(dx) / 360;
    let sTop = zoneArea(y0, a, e2);
    for (let r = 0; r < grid.height; r++) {
      const latBottom = y0 + (r + 1) * dy;
      if (latBottom > 90.000001 || latBottom < -90.000001) {
        throw new InputError(`geographic grid reaches latitude ${latBottom.toFixed(6)}° beyond ±90°; check its transform`);
      }
      const sBottom = zoneArea(Math.max(-90, Math.min(90, latBottom)), a, e2);
      out[r] = Math.abs(sTop - sBottom) * frac;
      sTop = sBottom;
    }
    return out;
  }
  const det = Math.abs(dx * dy - rx * ry);
  const rad = Math.PI / 180;
  for (let r = 0; r < grid.height; r++) {
    const lat = (y0 + 0.5 * ry + (r + 0.5) * dy) * rad;
    const s = Math.sin(lat);
    const w = 1 - e2 * s * s;
    const N = a / Math.sqrt(w);
    const M = (a * (1 - e2)) / (w * Math.sqrt(w));
    out[r] = det * M * N * Math.cos(lat) * rad * rad;
  }
  return out;
}

/**
 * Cell areas of an EPSG:3857 grid. Its coordinates are spherical Mercator (R = 6378137 m) of WGS84
 * longitude and latitude, φ = atan(sinh(y / R)) (EPSG Guidance Note 7-2, method 1024), so a north-up
 * cell is the lon/lat rectangle between its edges' latitudes, |dx| / R radians wide: its exact WGS84
 * ellipsoid area is `|S(φ_top) − S(φ_bottom)| · |dx| / (2πR)` (see `zoneArea`). Rotated grids: the
 * parallelogram |dx·dy − rx·ry| times the spherical scale cos²φ at the centre of the row's first cell.
 */
function webMercatorAreas(height: number, transform: Grid<GridData>['transform'], out: Float64Array): Float64Array {
  const [, dx, rx, y0, ry, dy] = transform;
  const R = 6378137;
  const { a, e2 } = crsEllipsoid(null); // WGS84
  const latDeg = (y: number): number => (Math.atan(Math.sinh(y / R)) * 180) / Math.PI;
  if (rx === 0 && ry === 0) {
    const frac = Math.abs(dx) / (2 * Math.PI * R);
    let sTop = zoneArea(latDeg(y0), a, e2);
    for (let r = 0; r < height; r++) {
      const sBottom = zoneArea(latDeg(y0 + (r + 1) * dy), a, e2);
      out[r] = Math.abs(sTop - sBottom) * frac;
      sTop = sBottom;
    }
    return out;
  }
  const det = Math.abs(dx * dy - rx * ry);
  for (let r = 0; r < height; r++) {
    const c = Math.cos(Math.atan(Math.sinh((y0 + 0.5 * ry + (r + 0.5) * dy) / R)));
    out[r] = det * c * c;
  }
  return out;
}

/**
 * Ground size of a cell in metres (along columns, along rows), for lengths: attenuation, wall lengths,
 * scale bars. Projected CRS: the lengths of the affine's column and row vectors. Geographic CRS: those
 * lengths in degrees times the ellipsoid's radii of curvature at the grid's centre latitude (prime
 * vertical N·cosφ for columns, meridian M for rows). EPSG:3857 (GSI tiles): CRS metres × cosφ at the
 * centre latitude φ = atan(sinh(y / R)), R = 6378137 m. Local approximations, fine for port-sized grids.
 */
export function groundCellSize(grid: Pick<Grid<GridData>, 'width' | 'height' | 'transform' | 'crs'>): [dx_m: number, dy_m: number] {
  const [sx, sy] = cellSize(grid.transform);
  if (grid.crs?.code === 'EPSG:3857') {
    const [, y] = applyAffine(grid.transform, grid.width / 2, grid.height / 2);
    const k = Math.cos(Math.atan(Math.sinh(y / 6378137)));
    return [sx * k, sy * k];
  }
  if (!grid.crs?.geographic) return [sx, sy];
  const { a, e2 } = crsEllipsoid(grid.crs);
  const [, lat] = applyAffine(grid.transform, grid.width / 2, grid.height / 2);
  const phi = (lat * Math.PI) / 180;
  const s = Math.sin(phi);
  const w = 1 - e2 * s * s;
  const N = a / Math.sqrt(w);
  const M = (a * (1 - e2)) / (w * Math.sqrt(w));
  const rad = Math.PI / 180;
  return [sx * rad * N * Math.cos(phi), sy * rad * M];
}
