/**
 * Real data: the inner Tokyo port 50 m DEM (../shared/data/tokyo_bay_geoclaw, EPSG:6677, metres T.P.)
 * with facility polygons drawn for five real wharves.
 *
 * How the polygons are placed: each wharf starts from its approximate location read off a map
 * (longitude/latitude, given below, to about ±200 m), transformed to EPSG:6677; the seed is snapped to
 * the nearest DEM cell within 1 km whose 5 × 5 block of cells (250 m × 250 m) all lie between +1 and
 * +10 m T.P. (reclaimed wharf land, not water and not a building artefact), and the facility polygon
 * is that block, along cell edges. The test asserts the placement (every polygon cell is
 * land at today's H.W.L.) before asserting anything about the floods.
 */
import { describe, expect, it } from 'vitest';
import { crsTransformer, resolveCrs } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { missing, sharedFile } from '../../../test-support/shared-data.js';
import { TOKYO_WHARVES, wharfCell, wharfPolygon } from '../../../test-support/tokyo-wharves.js';
import { analyzeProject } from '../src/protection/analyze.js';
import { crestTable } from '../src/protection/outputs.js';
import { validateProject } from '../src/project/validate.js';

const DEM = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
const skip = missing(DEM);

describe.skipIf(skip)('Tokyo inner port 50 m DEM with real wharves', () => {
  it('finds flood areas and zones that touch the wharves, consistent with the spill levels', async () => {
    const dem = await readRasterFile(sharedFile(DEM));
    const toPlane = crsTransformer(resolveCrs(4326), resolveCrs(6677));
    const [x0, dx, , y0, , dy] = dem.transform;
    const features = TOKYO_WHARVES.map(({ id, name, en, owner, lon, lat }) => {
      const [x, y] = toPlane(lon, lat);
      const best = wharfCell(dem, x, y);
      expect([id, best >= 0]).toEqual([id, true]);
      return {
        type: 'Feature',
        properties: { id, name: `${name} (${en})`, owner, kind: 'wharf', damageThreshold_m: 0.5, key: id === 'ohi' },
        geometry: wharfPolygon(dem, best),
      };
    });
    const [sx, sy] = toPlane(139.85, 35.58); // open water of the bay
    const project = validateProject({
      name: 'Tokyo inner port (50 m)',
      crs: 'EPSG:6677',
      dem: DEM,
      datum: { name: 'T.P.', toTP_m: 0 },
      sea: { points: [[sx, sy]] },
      referenceLevel_m: 0.97,
      baseYear: 2020,
      years: [2020, 2050, 2100],
      scenarios: [{ name: 'RCP8.5', slr: [[2020, 0], [2100, 0.71]] }],
      forces: { design: { label: 'example surge', hwl_m: 0.97, surge_m: 2.0 } },
      facilities: { type: 'FeatureCollection', features },
    });
    const t0 = performance.now();
    const r = await analyzeProject(project, dem);
    const ms = performance.now() - t0;

    // Placement: every facility cell is land (dry at today's H.W.L.).
    const { land } = r;
    for (const f of project.facilities) {
      const ring = (f.geometry.coordinates as number[][][])[0];
      const cA = Math.round((ring[0][0] - x0) / dx), rA = Math.round((ring[0][1] - y0) / dy) - 5; // ring[0] is the (west, south) corner
      for (let rr = rA; rr < rA + 5; rr++) for (let cc = cA; cc < cA + 5; cc++) expect([f.id, land[rr * dem.width + cc]]).toEqual([f.id, 1]);
    }
    let prev = -1;
    for (const c of r.cases.slice(1)) {
      // Flooded land grows with the level.
      expect(c.flood.area_m2).toBeGreaterThanOrEqual(prev);
      prev = c.flood.area_m2;
      // Each labelled cell is land and floods: L_ref ≤ W < L.
      const L = c.level.level_m;
      const lab = c.areaLabels.data;
      for (let i = 0; i < lab.length; i++) if (lab[i] > 0) { if (!(r.spill.data[i] < L && land[i] === 1)) expect(i).toBe(-1); }
      // Zones partition the areas.
      expect(c.zones.flatMap((zn) => zn.areaIds).sort((a, b) => a - b)).toEqual(c.areas.map((a) => a.id));
    }
    const last = r.cases[r.cases.length - 1];
    const touched = new Set(last.zones.flatMap((zn) => zn.facilities));
    // Report what was measured (the numbers go to the final report; nothing here is hard-coded).
    console.log(
      `Tokyo 50 m (${dem.width}×${dem.height}): ${ms.toFixed(0)} ms; ` +
        r.cases.map((c) => `${c.id} L=${c.level.level_m.toFixed(2)}: ${c.areas.length} areas, ${(c.flood.area_m2 / 1e6).toFixed(2)} km², ${c.zones.length} zones`).join('; ') +
        `; timings ${JSON.stringify(r.summary.timings, (k, v) => (typeof v === "number" ? Math.round(v) : v))}; wharves in zones at ${last.id}: ${[...touched].join(', ') || 'none'}; setbacks ${JSON.stringify(r.setbacks.map(({ geometry: _g, ...s }) => s))}; waterfront segments ${r.lines.length}; crest rows ${crestTable(r, project).length}`,
    );
    expect(r.lines.every((l) => l.source === 'waterfront')).toBe(true);
  });
});
