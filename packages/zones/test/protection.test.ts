import { describe, expect, it } from 'vitest';
import { analyzeProject, landMask, prepare, runCase, spill } from '../src/protection/analyze.js';
import { barrierCrest, DIRECTIONS, rasterizeBarriers, spillLevels } from '@floodzone/core';
import { waveAllowance } from '../src/protection/forces.js';
import { cellsPolygon, fc, gridOf, project } from './protection-helpers.js';

const S = -5; // sea floor

/** 7 × 3: sea in cols 0–1, a seawall of crest 4 on x = 20 m, apron 1 m, yard 0.5 m, high ground 6 m. */
function seawallPort(extra: Record<string, unknown> = {}) {
  const dem = gridOf([
    [S, S, 1, 1, 0.5, 0.5, 6],
    [S, S, 1, 1, 0.5, 0.5, 6],
    [S, S, 1, 1, 0.5, 0.5, 6],
  ]);
  const p = project({
    sea: { points: [[5, 15]] },
    referenceLevel_m: 1.0,
    years: [2020, 2050, 2100],
    scenarios: [{ name: 'rise', slr: [[2020, 0], [2100, 1]] }],
    forces: { design: { hwl_m: 1.0, surge_m: 2.9 }, portPlan: { hwl_m: 1.0, surge_m: 4.0 } },
    facilities: fc([
      { geometry: cellsPolygon(4, 0, 6, 3, 3), properties: { owner: 'Yard Co', name: 'yard', key: true, damageThreshold_m: 0.5, assetValue: 1000 } },
    ]),
    lines: fc([
      { geometry: { type: 'LineString', coordinates: [[20, 0], [20, 30]] }, properties: { id: 'wall', owner: 'Prefecture', crest: 4 } },
    ]),
    points: fc([{ geometry: { type: 'Point', coordinates: [45, 15] }, properties: { name: 'P1' } }]),
    ...extra,
  });
  return { dem, p };
}

function levelCase(p: ReturnType<typeof project>, level: number) {
  return { id: `L=${level}`, scenario: null, year: 2020, force: 'design' as const, level: { level_m: level, tp_m: level - 1.134, components: [], hs_m: null, tm10_s: null } };
}

describe('flood areas behind a seawall', () => {
  it('the zone behind a seawall of crest 4 floods exactly when the level passes 4', () => {
    const { dem, p } = seawallPort();
    const prep = prepare(p, dem);
    const W = spill(prep, prep.lineBarriers);
    const land = landMask(dem.data, W, p.referenceLevel_m);
    // Behind the wall the spill level is the crest; the yard and apron are land.
    expect(Array.from(W.subarray(0, 7))).toEqual([S, S, 4, 4, 4, 4, 6]);
    expect(Array.from(land.subarray(0, 7))).toEqual([0, 0, 1, 1, 1, 1, 1]);
    const at4 = runCase(prep, W, land, prep.lineBarriers, levelCase(p, 4), true);
    expect(at4.areas).toHaveLength(0);
    const above = runCase(prep, W, land, prep.lineBarriers, levelCase(p, 4.0001), true);
    expect(above.areas).toHaveLength(1);
    expect(above.areas[0].cells).toBe(12);
    expect(above.areas[0].area_m2).toBe(1200);
    expect(above.areas[0].maxDepth_m).toBeCloseTo(4.0001 - 0.5, 5);
    expect(above.zones).toHaveLength(1);
    expect(above.zones[0].entryLines).toEqual(['wall']);
    expect(above.zones[0].owners).toEqual(['Yard Co']);
  });

  it('reports today and each scenario year, crest rows and the adaptation year by hand', async () => {
    const { dem, p } = seawallPort();
    const r = await analyzeProject(p, dem, { setback: false });
    expect(r.cases.map((c) => c.id)).toEqual(['today', 'rise@2020', 'rise@2050', 'rise@2100']);
    expect(r.cases.map((c) => c.areas.length)).toEqual([0, 0, 1, 1]);
    const c2050 = r.cases[2];
    expect(c2050.level.level_m).toBeCloseTo(1.0 + 0.375 + 2.9, 9);
    const wall = r.lines.find((l) => l.id === 'wall')!;
    expect(wall.zones).toEqual([1]);
    const row = wall.crest.find((x) => x.caseId === 'rise@2050')!;
    expect(row.requiredCrest_m).toBeCloseTo(4.275, 9);
    expect(row.requiredCrestTP_m).toBeCloseTo(4.275 - 1.134, 9);
    expect(row.deficit_m).toBeCloseTo(0.275, 9);
    expect(row.formula).toBe('still water (no waves)');
    // 3.9 + (t − 2020)/80 > 4  ⟺  t > 2028
    expect(wall.adaptationYear).toEqual({ rise: 2029 });
    // No automatic waterfront where the user's line borders the zone.
    expect(r.lines.filter((l) => l.source === 'waterfront')).toHaveLength(0);
  });

  it('evaluates a plan: raised crest holds the design force, the port-plan force leaves a residual flood', async () => {
    const { dem, p } = seawallPort({ plan: { crests: { wall: 5.5 } } });
    const r = await analyzeProject(p, dem, { setback: false });
    const plan = r.plan!;
    // design 2100: 1 + 1 + 2.9 = 4.9 < 5.5; port plan: 1 + 1 + 4.0 = 6.0 > 5.5
    expect(plan.design.flood.cells).toBe(0);
    expect(plan.portPlan.flood.cells).toBe(12);
    expect(plan.residual.area_m2).toBe(1200);
    expect(plan.checks.map((c) => [c.kind, c.ok])).toEqual([
      ['representative-point', true],
      ['key-facility', true],
    ]);
    expect(plan.ok).toBe(true);
    // Without the plan, 2100 floods the yard 4.4 m deep: the key facility check would fail.
    const noPlan = await analyzeProject({ ...p, plan: { crests: {} } }, dem, { setback: false });
    const kf = noPlan.plan!.checks.find((c) => c.kind === 'key-facility')!;
    expect(kf.value).toBeCloseTo(4.9 - 0.5, 5);
    expect(kf.ok).toBe(false);
  });

  it('checks damage with the depth–damage function: assetValue × mean ratio over the facility cells', async () => {
    const { dem, p } = seawallPort({ depthDamage: { curve: [[0, 0], [1, 0.5], [5, 1]], limit: 100 } });
    const noPlan = await analyzeProject({ ...p, plan: { crests: {} } }, dem, { setback: false });
    // 2100: the yard (6 cells at +0.5) is 4.4 m deep everywhere: ratio 0.5 + 3.4/4 × 0.5 = 0.925 → 925.
    const dmg = noPlan.plan!.checks.find((c) => c.kind === 'damage')!;
    expect(dmg.value).toBeCloseTo(925, 3);
    expect(dmg.ok).toBe(false);
    const withPlan = await analyzeProject({ ...p, plan: { crests: { wall: 5.5 } } }, dem, { setback: false });
    expect(withPlan.plan!.checks.find((c) => c.kind === 'damage')).toMatchObject({ value: 0, ok: true });
  });

  it('stops when the signal is aborted', async () => {
    const { dem, p } = seawallPort();
    const ac = new AbortController();
    ac.abort();
    await expect(analyzeProject(p, dem, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects facilities outside the DEM and a DEM in another CRS than the project', async () => {
    const { dem, p } = seawallPort();
    const far = { ...p, facilities: [{ ...p.facilities[0], geometry: { type: 'Polygon' as const, coordinates: [[[1e6, 1e6], [1e6 + 10, 1e6], [1e6, 1e6 + 10], [1e6, 1e6]]] } }] };
    await expect(analyzeProject(far, dem)).rejects.toThrow(/^facilities\[0\]: "yard" lies outside the DEM \[0, 0, 70, 30\]; is it in another CRS than EPSG:6677\?$/);
    const other = { ...dem, crs: { code: 'EPSG:6668', name: 'JGD2011', proj4: '+proj=longlat +ellps=GRS80 +no_defs', geographic: true } };
    await expect(analyzeProject(p, other)).rejects.toThrow(/^crs: the project says EPSG:6677 but the DEM is in EPSG:6668/);
  });
});

describe('candidate protection zones', () => {
  // Two basins (cols 1–3 and 5–7, z 0.5) split by a 9 m ridge, both open to the sea in row 4.
  const rows = [
    [9, 0.5, 0.5, 0.5, 9, 0.5, 0.5, 0.5, 9],
    [9, 0.5, 0.5, 0.5, 9, 0.5, 0.5, 0.5, 9],
    [9, 0.5, 0.5, 0.5, 9, 0.5, 0.5, 0.5, 9],
    [9, 0.5, 0.5, 0.5, 9, 0.5, 0.5, 0.5, 9],
    [S, S, S, S, S, S, S, S, S],
  ];
  const dem = gridOf(rows);
  const H = 5;
  const run = async (facilities: Array<[number, number, number, number, string]>, extra: Record<string, unknown> = {}, joinByOwner = true) => {
    const p = project({
      facilities: fc(facilities.map(([c0, r0, c1, r1, owner], i) => ({ geometry: cellsPolygon(c0, r0, c1, r1, H), properties: { owner, id: `f${i}` } }))),
      ...extra,
    });
    const r = await analyzeProject(p, dem, { setback: false, joinByOwner });
    return r.cases[0];
  };

  it('two quays of different owners sharing one low yard form one zone', async () => {
    const c = await run([[1, 3, 2, 4, 'A'], [3, 3, 4, 4, 'B']]);
    expect(c.areas).toHaveLength(2);
    const z = c.zones.find((x) => x.facilities.includes('f0'))!;
    expect(z.owners).toEqual(['A', 'B']);
    expect(z.facilities).toEqual(['f0', 'f1']);
    expect(z.cells).toBe(12);
  });

  it('a facility spanning both basins joins them; separate owners keep them apart', async () => {
    const joined = await run([[2, 0, 7, 1, 'X']]);
    expect(joined.zones).toHaveLength(1);
    expect(joined.zones[0].areaIds).toEqual([1, 2]);
    expect(joined.zones[0].area_m2).toBe(2400);
    const apart = await run([[1, 0, 2, 1, 'A'], [5, 0, 6, 1, 'B']]);
    expect(apart.zones).toHaveLength(2);
  });

  it('the same owner on both basins joins them unless joinByOwner is off; areas no facility touches stay zones of their own', async () => {
    const same = await run([[1, 0, 2, 1, 'A'], [5, 0, 6, 1, 'A']]);
    expect(same.zones).toHaveLength(1);
    const off = await run([[1, 0, 2, 1, 'A'], [5, 0, 6, 1, 'A']], {}, false);
    expect(off.zones).toHaveLength(2);
    const none = await run([]);
    expect(none.zones.map((z) => z.facilities.length)).toEqual([0, 0]);
  });

  it('clips zones to the port area', async () => {
    const c = await run([[2, 0, 7, 1, 'X']], { portArea: fc([{ geometry: cellsPolygon(0, 0, 4, 5, H), properties: {} }]) });
    expect(c.zones).toHaveLength(1);
    expect(c.zones[0].cells).toBe(12);
    expect(c.zones[0].area_m2).toBe(1200);
    const outside = await run([[5, 0, 6, 1, 'B']], { portArea: fc([{ geometry: cellsPolygon(0, 0, 4, 5, H), properties: {} }]) });
    // Only the basin inside the port area is a zone.
    expect(outside.zones).toHaveLength(1);
    expect(outside.zones[0].facilities).toEqual([]);
  });
});

describe('waterfront lines and setback', () => {
  // Sea cols 0–1; apron cols 2–3 (0.5 m); ridge col 4 (2.5 m); low col 5 (1 m); facilities cols 6–7 (1 m);
  // high ground col 8 and rows 0 and 6 (6 m). Level 3 m, no waves, no margin: required crest 3 m.
  const body = [S, S, 0.5, 0.5, 2.5, 1, 1, 1, 6];
  const high = [S, S, 6, 6, 6, 6, 6, 6, 6];
  const dem = gridOf([high, body, body, body, body, body, high]);
  const H = 7;
  const p = project({
    sea: { points: [[5, 35]] },
    facilities: fc([
      { geometry: cellsPolygon(6, 1, 7, 4, H), properties: { owner: 'North Co', id: 'n' } },
      { geometry: cellsPolygon(6, 4, 8, 6, H), properties: { owner: 'South Co', id: 's' } },
    ]),
  });

  it('splits the waterfront by the owner of the land behind, with the lowest ground as existing crest', async () => {
    const r = await analyzeProject(p, dem);
    const wf = r.lines.filter((l) => l.source === 'waterfront');
    expect(wf.map((l) => l.owner).sort()).toEqual(['North Co', 'South Co']);
    expect(wf.reduce((s, l) => s + l.length_m, 0)).toBe(50);
    expect(r.cases[0].zones[0].entryLines).toEqual(wf.map((l) => l.id).sort());
    for (const l of wf) {
      expect(l.existingCrest_m).toBe(0.5);
      expect(l.crest[0].requiredCrest_m).toBe(3);
      expect(l.crest[0].deficit_m).toBe(2.5);
      expect(l.geometry.type).toBe('LineString');
    }
  });

  it('a setback line on the ridge needs less wall than the waterfront', async () => {
    const single = project({
      sea: { points: [[5, 35]] },
      facilities: fc([{ geometry: cellsPolygon(6, 1, 8, 6, H), properties: { owner: 'Co', id: 'f' } }]),
    });
    const r = await analyzeProject(single, dem);
    expect(r.setbacks).toHaveLength(1);
    const s = r.setbacks[0];
    // Waterfront: 5 edges × (3 − 0.5) m × 10 m. Setback: along the ridge, 5 cells × (3 − 2.5) m × 10 m,
    // tied to high ground at rows 0 and 6 (free).
    expect(s.waterfrontWallArea_m2).toBeCloseTo(125, 9);
    expect(s.wallArea_m2).toBeCloseTo(25, 9);
    expect(s.wallArea_m2).toBeLessThan(s.waterfrontWallArea_m2);
    expect(s.wallLength_m).toBeCloseTo(50, 9);
    expect(s.waterfrontWallLength_m).toBe(50);
    expect(s.length_m).toBeGreaterThanOrEqual(s.wallLength_m);
  });
});

/** A DEM of w × h cells with unit cells and the origin at the top-left corner. */
const unitGrid = (z: Float32Array, w: number, h: number) => ({ data: z, width: w, height: h, transform: [0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number], crs: null, nodata: null });

describe('spill levels with edge barriers (core model)', () => {
  it('matches a naive flood at every level on seeded random grids with random lines', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 30; trial++) {
      const w = 6 + Math.floor(rnd() * 8), h = 5 + Math.floor(rnd() * 8), n = w * h;
      const z = new Float32Array(n);
      for (let i = 0; i < n; i++) z[i] = rnd() < 0.05 ? NaN : Math.round(rnd() * 40) / 10;
      const lines = [];
      for (let k = 0; k < 3; k++) {
        const pts = [rnd() * w, rnd() * h, rnd() * w, rnd() * h, Math.round(rnd() * w), Math.round(rnd() * h)];
        lines.push({ points: pts, crest: Math.round(rnd() * 40) / 10 });
      }
      const b = rasterizeBarriers(lines, w, h);
      const conn = trial % 2 ? 4 : 8;
      const W = spillLevels(unitGrid(z, w, h), { connectivity: conn, sea: { kind: 'border' }, nodataIsSea: false, barriers: b }).level;
      for (let L = -0.05; L < 4.2; L += 0.1) {
        // naive BFS flood at level L
        const f = new Uint8Array(n);
        const q: number[] = [];
        for (let i = 0; i < n; i++) {
          const c = i % w, r = (i - c) / w;
          if ((c === 0 || r === 0 || c === w - 1 || r === h - 1) && z[i] < L) { f[i] = 1; q.push(i); }
        }
        while (q.length) {
          const i = q.pop()!;
          const c = i % w, r = (i - c) / w;
          for (let d = 0; d < 8; d += conn === 4 ? 2 : 1) {
            const nc = c + DIRECTIONS[d][0], nr = r + DIRECTIONS[d][1];
            if (nc < 0 || nr < 0 || nc >= w || nr >= h) continue;
            const j = nr * w + nc;
            if (f[j] || !(z[j] < L) || barrierCrest(b, i, d) >= L) continue;
            f[j] = 1;
            q.push(j);
          }
        }
        for (let i = 0; i < n; i++) expect([trial, L, i, W[i] < L]).toEqual([trial, L, i, f[i] === 1]);
      }
    }
  });

  it('a one-cell diagonal wall does not leak with 8-connectivity', () => {
    // A line from the top-left to the bottom-right corner through cell corners only.
    const w = 5, h = 5;
    const z = new Float32Array(w * h).fill(0);
    const b = rasterizeBarriers([{ points: [0, 0, 5, 5], crest: 10 }], w, h);
    const sea = new Uint8Array(w * h);
    sea[w * (h - 1)] = 1; // bottom-left corner cell, below the diagonal
    const W = spillLevels(unitGrid(z, w, h), { connectivity: 8, sea: { kind: 'mask', mask: sea }, nodataIsSea: false, barriers: b }).level;
    expect(W[w - 1]).toBe(10); // top-right, across the line
    expect(W[w * (h - 1)]).toBe(0);
  });
});

describe('crest rows from core design forces', () => {
  it('carry core requiredCrest: the governing formula, flags and the components that sum to the crest', async () => {
    const { adaptationYear: coreAdaptation, requiredCrest } = await import('@floodzone/core');
    const { dem, p } = seawallPort({
      forces: { design: { hwl_m: 1.0, surge_m: 2.9, waves: { hs_m: 1.5, tm10_s: 4 } } },
      lines: fc([
        { geometry: { type: 'LineString', coordinates: [[20, 0], [20, 30]] }, properties: { id: 'wall', owner: 'Prefecture', crest: 4, toeDepth: 0.5 } },
      ]),
    });
    const r = await analyzeProject(p, dem, { setback: false });
    const wall = r.lines.find((l) => l.id === 'wall')!;
    const row = wall.crest.find((x) => x.caseId === 'rise@2050')!;
    // Toe depth h = DHWL + 0.5 = 4.775 m, Hm0 = 1.5 m: h/Hm0 ≤ 4, h²/(Hm0·L) > 0.23 → non-impulsive (eq 7.5).
    expect(row.formula).toBe('EurOtop 2018 eq 7.5 (vertical wall, non-impulsive)');
    expect(row.flags!.some((f) => f.startsWith('regime-criterion'))).toBe(true);
    const sum = row.components!.reduce((a, c) => a + c.value_m, 0);
    expect(sum).toBeCloseTo(row.requiredCrest_m, 9);
    // The same numbers as core for the mapped section and forces.
    const scenario = { name: 'rise', label: 'rise', source: 'test', status: 'user' as const, baseline: [2020, 2020] as const, points: [{ year: 2100, median_m: 1 }], validTo: 2100 };
    const section = { structure: { kind: 'vertical' as const }, allowance: { kind: 'overtopping' as const, q_m3s_per_m: 0.01 }, margin_m: 0, toeLevel_m: -0.5 };
    const forces = { level: { hwl_m: 1.0, surge_m: 2.9, datum: 'D.L.', scenario }, waves: { hm0_m: 1.5, tm10_s: 4 } };
    const core = requiredCrest(section, forces, 2050);
    expect(row.requiredCrest_m).toBeCloseTo(core.required_m, 12);
    expect(row.waveAllowance_m).toBeCloseTo(core.allowance_m, 12);
    expect(wall.adaptationYear.rise).toBe(coreAdaptation(section, forces, 4, { fromYear: 2020, toYear: 2100 }).year);
  });
});

describe('wave allowance', () => {
  // DOMAIN.md §10 test vectors (EurOtop 2018, Hm0 = 2 m, Tm-1,0 = 8 s).
  it('inverts eq 5.10/5.11 for a 1:3 slope and q = 0.01 to Rc = 4.152 m', () => {
    const r = waveAllowance({ structure: 'slope', slope: 3, roughness: 1, allowableQ_m3sm: 0.01 }, 2, 8);
    expect(r.rc_m).toBeCloseTo(4.152, 3);
  });
  it('inverts eq 7.1 for a vertical wall: Rc = 3 m gives back q = 2.429e-3', () => {
    const r = waveAllowance({ structure: 'vertical', slope: null, roughness: 1, allowableQ_m3sm: 2.429e-3 }, 2, 8);
    expect(r.rc_m).toBeCloseTo(3, 3);
  });
});

describe('cell size in ground metres', () => {
  it('EPSG:3857: CRS metres × cosφ (10 m cells at 60° N are 5 m on the ground; were taken as 10)', async () => {
    const { resolveCrs } = await import('@floodzone/raster');
    const R = 6378137;
    const yc = R * Math.asinh(Math.tan(Math.PI / 3));
    const base = gridOf([
      [S, S, 1, 6],
      [S, S, 1, 6],
    ]);
    const dem = { ...base, transform: [0, 10, 0, yc + 10, 0, -10] as typeof base.transform, crs: resolveCrs(3857) };
    const prep = prepare(project({ crs: 'EPSG:3857' }), dem);
    // 5 on the sphere; the WGS84 ellipsoid area of the cell makes it 5.008
    expect(prep.cellSize).toBeCloseTo(5, 1);
  });
});
