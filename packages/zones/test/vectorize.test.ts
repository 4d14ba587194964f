import { describe, expect, it } from 'vitest';
import { cellAreas, resolveCrs, type Affine, type Crs } from '@floodzone/raster';
import { maskToPolygons, rasterizePolygons, type FloodAreaCollection } from '@floodzone/zones';
import { rng } from '../../../test-support/random.js';

/** Naive reference labelling: repeated relaxation until nothing changes (slow, obviously right). */
function naiveLabels(mask: Uint8Array, W: number, H: number, eight: boolean): { labels: Int32Array; n: number } {
  const lab = new Int32Array(W * H);
  for (let i = 0; i < W * H; i++) lab[i] = mask[i] ? i + 1 : 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const i = r * W + c;
        if (!lab[i]) continue;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            if ((dr === 0 && dc === 0) || (!eight && dr !== 0 && dc !== 0)) continue;
            const rr = r + dr;
            const cc = c + dc;
            if (rr < 0 || rr >= H || cc < 0 || cc >= W) continue;
            const j = rr * W + cc;
            if (lab[j] && lab[j] < lab[i]) {
              lab[i] = lab[j];
              changed = true;
            }
          }
        }
      }
    }
  }
  // Renumber 1..n in order of first cell.
  const map = new Map<number, number>();
  for (let i = 0; i < W * H; i++) if (lab[i] && !map.has(lab[i])) map.set(lab[i], map.size + 1);
  for (let i = 0; i < W * H; i++) if (lab[i]) lab[i] = map.get(lab[i])!;
  return { labels: lab, n: map.size };
}

/** Shoelace signed area in world coordinates (positive = counter-clockwise with y up). */
function signedArea(ring: number[][]): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++) s += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return s / 2;
}

function gridOf(W: number, H: number, transform: Affine, crs: Crs | null = null) {
  return { width: W, height: H, transform, crs, nodata: null, data: new Float32Array(W * H) };
}

function parse(rows: string[]): { mask: Uint8Array; W: number; H: number } {
  const H = rows.length;
  const W = rows[0].length;
  const mask = new Uint8Array(W * H);
  rows.forEach((row, r) => [...row].forEach((ch, c) => (mask[r * W + c] = ch === '#' ? 1 : 0)));
  return { mask, W, H };
}

const T: Affine = [1000, 5, 0, 2000, 0, -5];

/** Every invariant of one vectorization of `mask` against the naive labels. */
function checkInvariants(fc: FloodAreaCollection, mask: Uint8Array, W: number, H: number, eight: boolean, t: Affine, cellArea: number) {
  const { labels, n } = naiveLabels(mask, W, H, eight);
  const pieces = naiveLabels(mask, W, H, false).labels;
  expect(fc.features.length).toBe(n);
  const grid = gridOf(W, H, t);
  for (const f of fc.features) {
    const polys = f.geometry.coordinates;
    let net = 0;
    for (const poly of polys) {
      poly.forEach((ring, k) => {
        expect(ring.length).toBeGreaterThanOrEqual(5);
        expect(ring[ring.length - 1]).toEqual(ring[0]);
        // Simple: no vertex repeats (OGC validity).
        const seen = new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`));
        expect(seen.size).toBe(ring.length - 1);
        const a = signedArea(ring as number[][]);
        if (k === 0) expect(a).toBeGreaterThan(0); // outer CCW
        else expect(a).toBeLessThan(0); // holes CW
        net += a;
      });
    }
    expect(net).toBe(f.properties.cells * cellArea); // exact: integer pixel corners, integer transforms
    expect(f.properties.area_m2).toBe(f.properties.cells * cellArea);
    // Rasterizing the feature back gives exactly its component.
    const back = rasterizePolygons(f, grid);
    const firstCell = back.indexOf(1);
    const L = labels[firstCell];
    expect(L).toBeGreaterThan(0);
    let cells = 0;
    for (let i = 0; i < W * H; i++) {
      if ((labels[i] === L) !== (back[i] === 1)) throw new Error(`feature ${f.properties.id}: cell ${i} differs`);
      if (labels[i] === L) cells++;
    }
    expect(cells).toBe(f.properties.cells);
    // One polygon per 4-connected piece of the area (its interior must be edge-connected).
    const own = new Set<number>();
    for (let i = 0; i < W * H; i++) if (labels[i] === L) own.add(pieces[i]!);
    expect(polys.length).toBe(own.size);
  }
}

describe('maskToPolygons on tiny grids', () => {
  it('one cell: a closed CCW square through the cell corners', () => {
    const fc = maskToPolygons(new Uint8Array([1]), gridOf(1, 1, T), { rowAreas: new Float64Array([25]) });
    expect(fc.features).toHaveLength(1);
    const ring = fc.features[0].geometry.coordinates[0][0];
    expect(ring).toHaveLength(5);
    expect(signedArea(ring as number[][])).toBe(25);
    const xs = ring.map((p) => p[0]).sort((a, b) => a - b);
    const ys = ring.map((p) => p[1]).sort((a, b) => a - b);
    expect([xs[0], xs[4], ys[0], ys[4]]).toEqual([1000, 1005, 1995, 2000]);
  });

  it('a ring of cells has one hole, clockwise', () => {
    const { mask, W, H } = parse(['#####', '#...#', '#.#.#', '#...#', '#####']);
    const fc = maskToPolygons(mask, gridOf(W, H, T));
    // The centre cell is its own component; the frame has one hole.
    expect(fc.features).toHaveLength(2);
    const frame = fc.features.find((f) => f.properties.cells === 16)!;
    expect(frame.geometry.coordinates[0]).toHaveLength(2);
    expect(signedArea(frame.geometry.coordinates[0][1] as number[][])).toBe(-9 * 25);
    checkInvariants(fc, mask, W, H, true, T, 25);
  });

  it('a diagonal pair is one area under 8-connectivity and two under 4', () => {
    const { mask, W, H } = parse(['#.', '.#']);
    const fc8 = maskToPolygons(mask, gridOf(W, H, T));
    expect(fc8.features).toHaveLength(1);
    // One area of two squares touching at a corner: two simple polygons in one MultiPolygon.
    expect(fc8.features[0].geometry.coordinates).toHaveLength(2);
    expect(fc8.features[0].geometry.coordinates.map((p) => p.length)).toEqual([1, 1]);
    expect(fc8.features[0].properties.cells).toBe(2);
    checkInvariants(fc8, mask, W, H, true, T, 25);
    const fc4 = maskToPolygons(mask, gridOf(W, H, T), { connectivity: 4 });
    expect(fc4.features).toHaveLength(2);
    checkInvariants(fc4, mask, W, H, false, T, 25);
  });

  it('a hole that touches the outside diagonally stays a hole: a simple shell and a hole touching it at a vertex', () => {
    const { mask, W, H } = parse(['.###', '#..#', '#..#', '####']);
    const fc = maskToPolygons(mask, gridOf(W, H, T));
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].geometry.coordinates).toHaveLength(1);
    const [shell, hole] = fc.features[0].geometry.coordinates[0];
    expect(hole).toBeDefined();
    expect(signedArea(hole as number[][])).toBe(-4 * 25);
    // They share exactly the corner at pixel (1, 1).
    const key = (p: number[]) => `${p[0]},${p[1]}`;
    const shared = shell!.slice(0, -1).map(key).filter((k) => hole!.slice(0, -1).map(key).includes(k));
    expect(shared).toEqual(['1005,1995']);
    checkInvariants(fc, mask, W, H, true, T, 25);
  });

  it('a C of cells closed by a diagonal: the notch becomes a hole touching the shell (OGC), not a self-touching shell', () => {
    const { mask, W, H } = parse(['.###', '.#.#', '..##']);
    for (const conn of [8, 4] as const) {
      const fc = maskToPolygons(mask, gridOf(W, H, T), { connectivity: conn });
      expect(fc.features).toHaveLength(1);
      expect(fc.features[0].geometry.coordinates).toHaveLength(1);
      expect(fc.features[0].geometry.coordinates[0]).toHaveLength(2);
      checkInvariants(fc, mask, W, H, conn === 8, T, 25);
    }
  });

  it('depth statistics per area', () => {
    const { mask, W, H } = parse(['##..', '....', '..##']);
    const depth = new Float32Array(W * H).fill(NaN);
    depth[0] = 1;
    depth[1] = 0.5;
    depth[10] = 2;
    depth[11] = 0.25;
    const fc = maskToPolygons(mask, gridOf(W, H, T), { depth });
    const [a, b] = fc.features.map((f) => f.properties);
    expect(a).toMatchObject({ id: 1, cells: 2, area_m2: 50, volume_m3: 1.5 * 25, maxDepth_m: 1, meanDepth_m: 0.75 });
    expect(b).toMatchObject({ id: 2, cells: 2, area_m2: 50, volume_m3: 2.25 * 25, maxDepth_m: 2, meanDepth_m: 1.125 });
  });

  it('labels that are not connected: one MultiPolygon with each hole in its own polygon', () => {
    // Label 1 is two separate frames, each with a hole; label 2 sits in one hole.
    const rows = ['###.###', '#.#.#.#', '###.###'];
    const W = 7;
    const H = 3;
    const labels = new Int32Array(W * H);
    rows.forEach((row, r) => [...row].forEach((ch, c) => (labels[r * W + c] = ch === '#' ? 1 : 0)));
    labels[1 * W + 5] = 2;
    const fc = maskToPolygons(labels, gridOf(W, H, T));
    expect(fc.features).toHaveLength(2);
    const polys = fc.features[0].geometry.coordinates;
    expect(polys).toHaveLength(2);
    expect(polys.map((p) => p.length)).toEqual([2, 2]);
    for (const p of polys) {
      expect(signedArea(p[0] as number[][]) + signedArea(p[1] as number[][])).toBe(8 * 25);
    }
  });

  it('keeps RFC 7946 winding on south-up and rotated transforms', () => {
    const { mask, W, H } = parse(['###', '#.#', '###', '.#.']);
    for (const t of [[0, 5, 0, 0, 0, 5], [100, 4, 3, 50, 3, -4], [100, -5, 0, 0, 0, -5]] as Affine[]) {
      const cellArea = Math.abs(t[1] * t[5] - t[2] * t[4]);
      const fc = maskToPolygons(mask, gridOf(W, H, t));
      checkInvariants(fc, mask, W, H, true, t, cellArea);
    }
  });

  it('any non-zero mask value is flooded', () => {
    const { mask, W, H } = parse(['#.#', '##.', '..#']);
    const mixed = mask.map((v, i) => (v ? 1 + (i % 3) * 127 : 0));
    expect(maskToPolygons(mixed, gridOf(W, H, T))).toEqual(maskToPolygons(mask, gridOf(W, H, T)));
  });

  it('rejects a mask of another size', () => {
    expect(() => maskToPolygons(new Uint8Array(5), gridOf(2, 2, T))).toThrow(/mask has 5 cells but the grid is 2×2/);
  });
});

describe('maskToPolygons on seeded random masks', () => {
  for (const eight of [true, false]) {
    it(`matches the naive labelling, areas exact, rasterizes back (${eight ? 8 : 4}-connectivity)`, () => {
      const rand = rng(eight ? 42 : 43);
      for (let trial = 0; trial < 60; trial++) {
        const W = 1 + Math.floor(rand() * 24);
        const H = 1 + Math.floor(rand() * 24);
        const p = 0.2 + rand() * 0.6;
        const mask = new Uint8Array(W * H);
        for (let i = 0; i < W * H; i++) mask[i] = rand() < p ? 1 : 0;
        const fc = maskToPolygons(mask, gridOf(W, H, T), { connectivity: eight ? 8 : 4 });
        checkInvariants(fc, mask, W, H, eight, T, 25);
        // The same from a label grid (the per-cell path) gives the same features.
        const fromLabels = maskToPolygons(naiveLabels(mask, W, H, eight).labels, gridOf(W, H, T), { connectivity: eight ? 8 : 4 });
        checkInvariants(fromLabels, mask, W, H, eight, T, 25);
        expect(fromLabels).toEqual(fc);
      }
    });
  }
});

describe('maskToPolygons on a geographic grid', () => {
  it('areas come from the geodesic row areas', () => {
    const crs = resolveCrs(4326);
    const t: Affine = [139.7, 0.001, 0, 35.7, 0, -0.001];
    const { mask, W, H } = parse(['##.', '.##', '...', '###']);
    const grid = gridOf(W, H, t, crs);
    const rows = cellAreas(grid);
    const fc = maskToPolygons(mask, grid);
    const total = fc.features.reduce((s, f) => s + f.properties.area_m2, 0);
    let expected = 0;
    for (let i = 0; i < W * H; i++) if (mask[i]) expected += rows[Math.floor(i / W)];
    expect(total).toBeCloseTo(expected, 6);
    // about 100 m × 90 m per cell at 35.7° N
    expect(rows[0]).toBeGreaterThan(8000);
    expect(rows[0]).toBeLessThan(11000);
  });
});
