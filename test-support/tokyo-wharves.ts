/**
 * Five real wharves of the inner Tokyo port for tests on the Tokyo 50 m DEM
 * (../shared/data/tokyo_bay_geoclaw, EPSG:6677, metres T.P.): each wharf's map location (lon/lat,
 * about ±200 m) is snapped to the nearest 5 × 5-cell block of land between +1 and +10 m T.P.
 */
import type { FloatGrid } from '@floodzone/raster';

export interface TokyoWharf {
  id: string;
  /** Japanese name. */
  name: string;
  /** English name. */
  en: string;
  owner: string;
  lon: number;
  lat: number;
}

export const TOKYO_WHARVES: readonly TokyoWharf[] = [
  { id: 'ohi', name: '大井コンテナふ頭', en: 'Ohi container terminal', owner: '東京港埠頭(株)', lon: 139.7665, lat: 35.6035 },
  { id: 'aomi', name: '青海コンテナふ頭', en: 'Aomi container terminal', owner: '東京港埠頭(株)', lon: 139.7745, lat: 35.6135 },
  { id: 'shinagawa', name: '品川コンテナふ頭', en: 'Shinagawa container terminal', owner: '東京港埠頭(株)', lon: 139.7545, lat: 35.6235 },
  { id: 'harumi', name: '晴海ふ頭', en: 'Harumi wharf', owner: '東京都', lon: 139.7745, lat: 35.6515 },
  { id: 'tatsumi', name: '辰巳ふ頭', en: 'Tatsumi wharf', owner: '東京都', lon: 139.8085, lat: 35.6445 },
];

/**
 * The centre cell (row-major index) of the 5 × 5 block of cells, all between +1 and +10 m, nearest
 * to the cell holding world point (x, y) and within 20 cells of it; -1 when there is none.
 */
export function wharfCell(dem: FloatGrid, x: number, y: number): number {
  const [x0, dx, , y0, , dy] = dem.transform;
  const c0 = Math.floor((x - x0) / dx);
  const r0 = Math.floor((y - y0) / dy);
  let best = -1;
  let bestD = Infinity;
  for (let r = r0 - 20; r <= r0 + 20; r++) {
    for (let c = c0 - 20; c <= c0 + 20; c++) {
      if (r < 2 || c < 2 || r >= dem.height - 2 || c >= dem.width - 2) continue;
      const d = (r - r0) ** 2 + (c - c0) ** 2;
      if (d >= bestD) continue;
      let all = true;
      for (let rr = r - 2; rr <= r + 2 && all; rr++) {
        for (let cc = c - 2; cc <= c + 2; cc++) {
          const v = dem.data[rr * dem.width + cc]!;
          if (!(v >= 1 && v <= 10)) all = false;
        }
      }
      if (all) {
        bestD = d;
        best = r * dem.width + c;
      }
    }
  }
  return best;
}

/** The GeoJSON Polygon (world coordinates) of the 5 × 5 cells centred on cell `centre`. */
export function wharfPolygon(dem: FloatGrid, centre: number): { type: 'Polygon'; coordinates: number[][][] } {
  const [x0, dx, , y0, , dy] = dem.transform;
  const c = centre % dem.width;
  const r = (centre - c) / dem.width;
  const X0 = x0 + (c - 2) * dx;
  const X1 = x0 + (c + 3) * dx;
  const Y0 = y0 + (r - 2) * dy;
  const Y1 = y0 + (r + 3) * dy;
  return { type: 'Polygon', coordinates: [[[X0, Y1], [X1, Y1], [X1, Y0], [X0, Y0], [X0, Y1]]] };
}
