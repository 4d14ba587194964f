/**
 * Protection zones (issue 6): `analyzeProject` with the spill levels already computed (passed in, as
 * after `floodzone spill`): rasterizing 10 000 facility polygons and 500 protection line segments,
 * the continuous flood areas and candidate zones of today and the target year, the protection lines
 * with crest rows and adaptation years, setback lines, then the crest table. Target: < 10 s on the
 * 21 M-cell Tokyo 5 m DEM.
 *
 * Inputs (seeded, mulberry32): facilities are squares of 3–10 cells centred on random land cells
 * (ground between L_ref and L_ref + 4 m), 300 owners; lines are straight segments of 10–60 cells
 * through random land cells with crests between L_ref and L + 1 m. The spill levels are computed in
 * setup (untimed) with the same lines as barriers.
 */
import type { FloatGrid } from '@floodzone/raster';
import { analyzeProject, crestTable, validateProject, type PortProject } from '@floodzone/zones';
import {
  benchCase,
  loadCached,
  mulberry32,
  terrainFile,
  TERRAIN_LEVEL,
  tokyo5m,
  tokyoUnavailable,
  type BenchCase,
  type Suite,
} from './lib/index.js';

interface Input {
  dem: FloatGrid;
  project: PortProject;
  W: Float32Array;
}

/** A project on `dem`: `nf` facilities, `nl` line segments, design level `level`, L_ref `ref`. */
export async function benchProject(dem: FloatGrid, ref: number, level: number, nf: number, nl: number, seed = 7): Promise<Input> {
  const rnd = mulberry32(seed);
  const { width: w, height: h, transform: t, data: z } = dem;
  const xy = (c: number, r: number) => [t[0] + c * t[1] + r * t[2], t[3] + c * t[4] + r * t[5]];
  const pick = (lo: number, hi: number): number => {
    for (let k = 0; k < 10_000; k++) {
      const i = Math.floor(rnd() * w * h);
      if (z[i] >= lo && z[i] < hi) return i;
    }
    return Math.floor(rnd() * w * h);
  };
  const features: unknown[] = [];
  for (let k = 0; k < nf; k++) {
    const i = pick(ref, ref + 4);
    const c = i % w, r = (i - c) / w, s = 3 + Math.floor(rnd() * 8);
    const c0 = Math.max(0, c - (s >> 1)), r0 = Math.max(0, r - (s >> 1)), c1 = Math.min(w, c0 + s), r1 = Math.min(h, r0 + s);
    features.push({
      type: 'Feature',
      properties: { id: `f${k}`, owner: `owner ${Math.floor(rnd() * 300)}`, damageThreshold_m: 0.5, key: k % 50 === 0 },
      geometry: { type: 'Polygon', coordinates: [[xy(c0, r1), xy(c1, r1), xy(c1, r0), xy(c0, r0), xy(c0, r1)]] },
    });
  }
  const lines: unknown[] = [];
  for (let k = 0; k < nl; k++) {
    const i = pick(ref, level + 1);
    const c = i % w, r = (i - c) / w, len = 10 + rnd() * 50, a = rnd() * Math.PI;
    const ca = Math.min(w, Math.max(0, c - Math.cos(a) * len / 2)), ra = Math.min(h, Math.max(0, r - Math.sin(a) * len / 2));
    const cb = Math.min(w, Math.max(0, c + Math.cos(a) * len / 2)), rb = Math.min(h, Math.max(0, r + Math.sin(a) * len / 2));
    lines.push({
      type: 'Feature',
      properties: { id: `l${k}`, owner: `owner ${Math.floor(rnd() * 300)}`, crest: ref + rnd() * (level + 1 - ref), structure: k % 2 ? 'vertical' : 'slope', slope: 2 },
      geometry: { type: 'LineString', coordinates: [xy(ca, ra), xy(cb, rb)] },
    });
  }
  const project = validateProject({
    name: 'bench', crs: 'EPSG:6677', dem: 'bench', datum: { name: 'D.L.', toTP_m: -1.134 },
    referenceLevel_m: ref, baseYear: 2020, years: [2100],
    scenarios: [{ name: 'RCP8.5', slr: [[2020, 0], [2100, 0.71]] }],
    forces: { design: { hwl_m: ref, surge_m: level - ref - 0.71, waves: { hs_m: 1, tm10_s: 4 } } },
    facilities: { type: 'FeatureCollection', features },
    lines: { type: 'FeatureCollection', features: lines },
  });
  // The spill levels with the lines as barriers, as an earlier run leaves them (untimed).
  const first = await analyzeProject(project, dem, { setback: false });
  return { dem, project, W: first.spill.data };
}

function run({ dem, project, W }: Input) {
  return analyzeProject(project, dem, { spill: W }).then((r) => ({ r, rows: crestTable(r, project) }));
}

function check(out: unknown) {
  const { r, rows } = out as Awaited<ReturnType<typeof run>>;
  const last = r.cases[r.cases.length - 1];
  return { areas: last.areas.length, zones: last.zones.length, segments: r.lines.length, crestRows: rows.length, setbacks: r.setbacks.length };
}

export const suite: Suite = {
  name: 'zones',
  description: 'analyzeProject after the spill levels exist: 10 000 facilities, 500 lines, zones + lines + crest table; target < 10 s at 21 M cells',
  cases({ sizes, real, quick }) {
    const cases: BenchCase<any>[] = [];
    for (const m of sizes) {
      const f = terrainFile('noisy', m);
      const L = TERRAIN_LEVEL.noisy;
      cases.push(
        benchCase<Input>({
          name: `noisy ${m}M, 10k facilities, 500 lines`,
          cells: f.width * f.height,
          setup: () => benchProject(loadCached(f), L - 2, L, 10_000, 500),
          run,
          check,
          runs: quick ? 1 : 3,
          memory: false,
          note: `L_ref = ${L - 2} m, design level ${L} m (today) and ${L} m + ΔMSL 0.71 m (2100)`,
        }),
      );
    }
    if (real && !quick && !tokyoUnavailable()) {
      const t = tokyo5m();
      cases.push(
        benchCase<Input>({
          name: 'Tokyo 5 m (21 M cells), 10k facilities, 500 lines',
          cells: t.width * t.height,
          setup: () => benchProject(loadCached(t), 0.97, 2.97, 10_000, 500),
          run,
          check,
          runs: 3,
          memory: false,
          note: 'L_ref = T.P.+0.97 (H.W.L.), design level T.P.+2.97 today and +3.68 in 2100 (RCP8.5); sea = border',
        }),
      );
    }
    return cases;
  },
};
