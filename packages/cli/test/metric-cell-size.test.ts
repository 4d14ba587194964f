// metricCellSize gives the ground metres that attenuation (m of level per m travelled) works in.
import { describe, expect, it } from 'vitest';
import { resolveCrs } from '@floodzone/raster';
import { metricCellSize } from '../src/commands/flood-common.js';

const grid = (code: number, transform: [number, number, number, number, number, number]) => ({
  data: new Float32Array(4),
  width: 2,
  height: 2,
  transform,
  crs: resolveCrs(code),
  nodata: null,
});

describe('metricCellSize', () => {
  it('projected: the cell size itself', () => {
    expect(metricCellSize(grid(6677, [0, 5, 0, 0, 0, -5]))).toEqual([5, 5]);
  });

  it('EPSG:3857: CRS metres × cosφ (they were taken as ground metres, 1/cosφ too long)', () => {
    // centre at y such that φ = 60°: y = R·asinh(tan 60°); the scale there is cos 60° = 0.5
    const R = 6378137;
    const yc = R * Math.asinh(Math.tan(Math.PI / 3));
    const [dx, dy] = metricCellSize(grid(3857, [0, 100, 0, yc + 100, 0, -100]));
    expect(dx).toBeCloseTo(50, 9);
    expect(dy).toBeCloseTo(50, 9);
  });
});
