// groundCellSize gives the ground metres that attenuation (m of level per m travelled), wall lengths and
// scale bars work in.
import { describe, expect, it } from 'vitest';
import { groundCellSize, resolveCrs } from '@floodzone/raster';

const grid = (code: number, transform: [number, number, number, number, number, number]) => ({
  data: new Float32Array(4),
  width: 2,
  height: 2,
  transform,
  crs: resolveCrs(code),
  nodata: null,
});

describe('groundCellSize', () => {
  it('projected: the cell size itself', () => {
    expect(groundCellSize(grid(6677, [0, 5, 0, 0, 0, -5]))).toEqual([5, 5]);
  });

  it('EPSG:3857: CRS metres × cosφ (they were taken as ground metres, 1/cosφ too long)', () => {
    // centre at y such that φ = 60°: y = R·asinh(tan 60°); the scale there is cos 60° = 0.5
    const R = 6378137;
    const yc = R * Math.asinh(Math.tan(Math.PI / 3));
    const [dx, dy] = groundCellSize(grid(3857, [0, 100, 0, yc + 100, 0, -100]));
    expect(dx).toBeCloseTo(50, 9);
    expect(dy).toBeCloseTo(50, 9);
  });

  it('geographic: degrees times the radii of curvature at the centre latitude (GRS80 for JGD2011)', () => {
    // 0.001° cells centred on 35° N; N and M of GRS80 there, by hand: N = a/√(1−e²sin²φ), M = a(1−e²)/(1−e²sin²φ)^1.5
    const a = 6378137;
    const e2 = 0.00669438002290;
    const s2 = Math.sin((35 * Math.PI) / 180) ** 2;
    const N = a / Math.sqrt(1 - e2 * s2);
    const M = (a * (1 - e2)) / (1 - e2 * s2) ** 1.5;
    const [dx, dy] = groundCellSize(grid(6668, [139.7, 0.001, 0, 35.001, 0, -0.001]));
    expect(dx).toBeCloseTo(N * Math.cos((35 * Math.PI) / 180) * 0.001 * (Math.PI / 180), 6);
    expect(dy).toBeCloseTo(M * 0.001 * (Math.PI / 180), 6);
  });
});
