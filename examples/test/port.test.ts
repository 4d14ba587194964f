import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { floodFill, labelComponents } from '@floodzone/core';
import { readRasterFile } from '@floodzone/raster/node';
import { describe, expect, it } from 'vitest';
import {
  buildDem,
  FACILITY_CELLS,
  facilities,
  H,
  HEIGHT,
  lines,
  points,
  POINT_CELLS,
  portArea,
  R,
  SEED,
  sea,
  WIDTH,
} from '../port/model.js';

const sha = (b: ArrayBufferView) => createHash('sha256').update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).digest('hex');
const dem = buildDem();
const idx = (c: number, r: number) => r * WIDTH + c;
type Rect = readonly [number, number, number, number];
function* cells([c0, r0, c1, r1]: Rect): Generator<number> {
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) yield idx(c, r);
}
const count = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);
const rectCells = ([c0, r0, c1, r1]: Rect) => (c1 - c0 + 1) * (r1 - r0 + 1);
/** Land flooded at L = flooded(L) and not flooded at today's H.W.L. (DESIGN.md "Land"). */
const landFlooded = (L: number, conn: 4 | 8 = 8) => {
  const a = floodFill(dem, L, { connectivity: conn });
  const b = floodFill(dem, H.hwl, { connectivity: conn });
  const out = new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0; i < out.length; i++) out[i] = a[i] === 1 && b[i] !== 1 ? 1 : 0;
  return out;
};

describe('example port generator', () => {
  it('is deterministic: the same seed gives the same DEM bytes, another seed other bytes', () => {
    expect(sha(buildDem(SEED).data)).toBe(sha(buildDem(SEED).data));
    expect(sha(buildDem(SEED + 1).data)).not.toBe(sha(buildDem(SEED).data));
    expect(dem.data.every(Number.isFinite)).toBe(true);
    expect(dem.data.length).toBe(400 * 300);
  });

  it('has the hinterland partly below mean sea level (T.P. 0 = D.L.+1.134) and wholly below the seawall crest', () => {
    let below = 0;
    let max = -Infinity;
    for (const i of cells(R.hinterland)) {
      if (dem.data[i] < -H.toTP) below++;
      max = Math.max(max, dem.data[i]);
    }
    expect(below).toBeGreaterThan(0.05 * rectCells(R.hinterland));
    expect(below).toBeLessThan(0.6 * rectCells(R.hinterland));
    expect(max).toBeLessThan(H.seawall - 2);
  });

  it('writes GeoJSON rings counter-clockwise (RFC 7946) and lines on the walls with their crests', () => {
    const ringArea = (ring: number[][]) => ring.slice(1).reduce((a, p, i) => a + (ring[i][0] * p[1] - p[0] * ring[i][1]), 0) / 2;
    for (const f of facilities().features) expect(ringArea(f.geometry.coordinates[0])).toBeGreaterThan(0);
    for (const poly of portArea().features[0].geometry.coordinates) expect(ringArea(poly[0])).toBeGreaterThan(0);
    expect(ringArea(sea().features[0].geometry.coordinates[0])).toBeGreaterThan(0);
    // Every line runs along cell edges; the cells on the land side of it are the wall or quay with that crest.
    for (const f of lines().features) {
      const co = f.geometry.coordinates;
      expect(co.length).toBeGreaterThanOrEqual(2);
      for (const [x, y] of co) {
        expect((x - dem.transform[0]) % 5).toBe(0);
        expect((dem.transform[3] - y) % 5).toBe(0);
      }
    }
    const byId = Object.fromEntries(lines().features.map((f) => [f.properties.id, f.properties]));
    for (const i of cells(R.seawallSouth)) expect(dem.data[i]).toBe(byId['seawall-south'].crest);
    for (const i of cells(R.canalEastWall)) expect(dem.data[i]).toBe(byId['canal-east'].crest);
    for (const i of cells(R.apronA)) expect(dem.data[i]).toBe(byId['quay-a'].crest);
    for (const i of cells(R.apronB)) expect(dem.data[i]).toBe(byId['quay-b'].crest);
    expect(byId['quay-a'].owner).not.toBe(byId['quay-b'].owner);
    expect(facilities().features.filter((f) => f.properties.key).map((f) => f.properties.id)).toEqual(['substation']);
    expect(points().features).toHaveLength(3);
  });
});

describe('hand-known answers (README.md), checked with core floodFill', () => {
  for (const conn of [8, 4] as const) {
    it(`the hinterland behind the D.L.+5.0 seawall floods exactly when the level passes 5.0 (${conn}-connected)`, () => {
      const dry = floodFill(dem, H.seawall - 0.01, { connectivity: conn });
      const wet = floodFill(dem, H.seawall + 0.01, { connectivity: conn });
      let anyDry = 0;
      let allWet = 1;
      for (const i of cells(R.hinterland)) {
        anyDry |= dry[i];
        allWet &= wet[i];
      }
      expect(anyDry).toBe(0);
      expect(allWet).toBe(1);
      // The wall itself floods too once the level passes its crest (z < L), and only then.
      expect(dry[idx(100, 160)]).toBe(0);
      expect(wet[idx(100, 160)]).toBe(1);
    });

    it(`no land floods up to D.L.+4.0; above it exactly the shared yard and both aprons (${conn}-connected)`, () => {
      expect(count(landFlooded(3.99, conn))).toBe(0);
      expect(count(landFlooded(H.quay, conn))).toBe(0); // z < L is strict: at exactly 4.0 the quays hold
      const m = landFlooded(4.01, conn);
      const expected = rectCells(R.yard) + rectCells(R.apronA) + rectCells(R.apronB);
      expect(expected).toBe(20_000);
      expect(count(m)).toBe(expected);
      for (const i of cells(R.yard)) expect(m[i]).toBe(1);
      expect(count(landFlooded(4.49, conn))).toBe(expected);
      // Above +4.5 the terrace (via the yard) and the island join.
      const at45 = expected + rectCells(R.terrace) + rectCells(R.island);
      expect(at45).toBe(40_000);
      expect(count(landFlooded(4.51, conn))).toBe(at45);
      // Above +5.0 the walls (2 cells thick; the seawall corner counted once) and the whole hinterland.
      const walls = rectCells(R.seawallSouth) + rectCells(R.seawallCanal) - 4 + rectCells(R.canalEastWall);
      expect(at45 + walls + rectCells(R.hinterland)).toBe(61_744);
      expect(count(landFlooded(5.01, conn))).toBe(61_744);
    });
  }

  it('two quays of different owners share one low yard: one continuous flood area at D.L.+4.2', () => {
    const m = landFlooded(4.2);
    const { labels } = labelComponents(m, WIDTH, HEIGHT, 8);
    const a = FACILITY_CELLS['container-yard-a'];
    const b = FACILITY_CELLS['warehouse-b'];
    const la = labels[idx(a[0], a[1])];
    const lb = labels[idx(b[0], b[1])];
    expect(la).toBeGreaterThan(0);
    expect(lb).toBe(la);
    const [pc, pr] = POINT_CELLS['p-yard'];
    expect(labels[idx(pc, pr)]).toBe(la);
    // The substation on the terrace stays dry until +4.5.
    const s = FACILITY_CELLS.substation;
    expect(m[idx(s[0], s[1])]).toBe(0);
  });

  it('the same answers hold with the explicit sea polygon (bay mouth) as the only source', () => {
    const mask = new Uint8Array(WIDTH * HEIGHT);
    for (const i of cells([0, 285, WIDTH - 1, HEIGHT - 1])) mask[i] = 1;
    const viaMask = floodFill(dem, 4.2, { sea: { kind: 'mask', mask } });
    const viaBorder = floodFill(dem, 4.2);
    expect(sha(viaMask)).toBe(sha(viaBorder));
  });

  it('a setback line on the terrace needs less wall than the waterfront (wall height × length by hand)', () => {
    // Both lines cross the east block from the canal east wall (+5.0) to the east upland (+8.0): 200 cells.
    const crossing = R.terrace[2] - R.terrace[0] + 1;
    expect(crossing).toBe(R.apronB[2] - R.apronA[0] + 1);
    for (const i of cells(R.terrace)) expect(dem.data[i]).toBe(H.terrace);
    for (const required of [4.8, 5.0, 5.5]) {
      const waterfront = (required - H.quay) * crossing * 5; // m² of wall (height × length)
      const setback = (required - H.terrace) * crossing * 5;
      expect(setback).toBeLessThan(waterfront);
    }
  });
});

describe('committed files', () => {
  const dir = fileURLToPath(new URL('../port/', import.meta.url));
  it('generation is byte-deterministic (the GeoTIFF included)', async () => {
    const { portFiles } = await import('../port/files.js');
    const a = portFiles();
    const b = portFiles();
    for (const name of Object.keys(a)) expect(sha(a[name]), name).toBe(sha(b[name]));
  });

  it.skipIf(!existsSync(`${dir}dem.tif`))('equal a fresh generation and stay under 1 MB', async () => {
    const { portFiles } = await import('../port/files.js');
    const files = portFiles();
    let total = 0;
    for (const [name, bytes] of Object.entries(files)) {
      const committed = readFileSync(`${dir}${name}`);
      total += committed.byteLength;
      // The GeoTIFF is compared by content (samples, grid, CRS), so that a change in the writer's
      // compression settings does not make it stale; the text files byte for byte.
      if (name === 'dem.tif') continue;
      expect(sha(committed), `${name} is stale: run pnpm --filter @floodzone/examples generate`).toBe(sha(bytes));
    }
    const read = await readRasterFile(`${dir}dem.tif`);
    const fresh = buildDem();
    expect(sha(read.data), 'dem.tif is stale: run pnpm --filter @floodzone/examples generate').toBe(sha(fresh.data));
    expect([read.width, read.height]).toEqual([fresh.width, fresh.height]);
    expect([...read.transform]).toEqual([...fresh.transform]);
    expect(read.crs?.code).toBe('EPSG:6677');
    expect(total).toBeLessThan(1 << 20);
  });
});
