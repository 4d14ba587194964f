/**
 * Vector and tabular outputs of `analyzeProject`: GeoJSON of flood areas, zones and lines (world
 * coordinates in the DEM's CRS, RFC 7946 winding, units in property names) and the crest table of
 * Tables 4-5 and 5-2 (one row per protection line segment and scenario at the target year).
 */
import { datum, formatLevel } from '@floodzone/core';
import { cellAreas } from '@floodzone/raster';
import type { PortProject } from '../project/types.js';
import { maskToPolygons } from '../vectorize/index.js';
import type { CaseResult, ProjectResult } from './types.js';

type FC = { type: 'FeatureCollection'; features: Array<{ type: 'Feature'; geometry: unknown; properties: Record<string, unknown> }> };

/** Continuous flood areas of the given cases (default: every case), one feature per area. */
export function areasGeoJSON(result: ProjectResult, project: PortProject, caseIds?: readonly string[]): FC {
  const features: FC['features'] = [];
  for (const c of result.cases) {
    if (caseIds && !caseIds.includes(c.id)) continue;
    if (c.areas.length === 0) continue;
    caseFeatures(features, c, c.areaLabels.data, c.areas, project.connectivity, (a) => ({
      area: a.id,
      cells: a.cells, area_m2: a.area_m2, volume_m3: a.volume_m3, maxDepth_m: a.maxDepth_m, meanDepth_m: a.meanDepth_m,
      floodsAbove_m: a.floodsAbove_m, facilities: a.facilities,
    }));
  }
  return { type: 'FeatureCollection', features };
}

/**
 * One feature per polygon of `labels` (ids of `items`) in case `c`, with the case's keys first and
 * then `props` of the item the polygon belongs to.
 */
function caseFeatures<T extends { readonly id: number }>(out: FC['features'], c: CaseResult, labels: Int32Array, items: readonly T[], connectivity: 4 | 8, props: (item: T) => Record<string, unknown>): void {
  const polys = maskToPolygons(labels, c.areaLabels, { connectivity, depth: c.depth.data, rowAreas: cellAreas(c.areaLabels) });
  const byId = new Map(items.map((x) => [x.id, x]));
  for (const f of polys.features) {
    out.push({
      type: 'Feature',
      geometry: f.geometry,
      properties: { case: c.id, scenario: c.scenario, year: c.year, level_m: c.level.level_m, ...props(byId.get(f.properties.id)!) },
    });
  }
}

/** Zone labels of one case: zone id per cell, clipped to the port area when `portArea` is given. */
export function zoneLabels(c: CaseResult, portArea: Uint8Array | null): Int32Array {
  const zoneOfArea = new Int32Array(c.areas.length + 1);
  for (const z of c.zones) for (const a of z.areaIds) zoneOfArea[a] = z.id;
  const src = c.areaLabels.data;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const k = src[i];
    if (k > 0 && (!portArea || portArea[i])) out[i] = zoneOfArea[k];
  }
  return out;
}

/** Candidate protection zones of the given cases (default: the target-year cases). */
export function zonesGeoJSON(result: ProjectResult, project: PortProject, caseIds: readonly string[] = result.targetCases): FC {
  const portArea = result.portArea;
  const features: FC['features'] = [];
  for (const c of result.cases) {
    if (!caseIds.includes(c.id) || c.zones.length === 0) continue;
    caseFeatures(features, c, zoneLabels(c, portArea), c.zones, project.connectivity, (z) => ({
      zone: z.id,
      areas: z.areaIds, facilities: z.facilities, owners: z.owners, entryLines: z.entryLines,
      cells: z.cells, area_m2: z.area_m2, volume_m3: z.volume_m3, maxDepth_m: z.maxDepth_m, meanDepth_m: z.meanDepth_m,
    }));
  }
  return { type: 'FeatureCollection', features };
}

/** Protection line segments (user and waterfront) with their target-year requirement, and setback lines. */
export function linesGeoJSON(result: ProjectResult): FC {
  const features: FC['features'] = [];
  for (const l of result.lines) {
    const rows = l.crest.filter((r) => result.targetCases.includes(r.caseId));
    const worst = rows.reduce((a, r) => (a === null || r.requiredCrest_m > a.requiredCrest_m ? r : a), null as (typeof rows)[number] | null);
    features.push({
      type: 'Feature',
      geometry: l.geometry,
      properties: {
        id: l.id, source: l.source, owner: l.owner, name: l.name, kind: l.kind, zones: l.zones, facilities: l.facilities,
        length_m: l.length_m, existingCrest_m: l.existingCrest_m,
        requiredCrest_m: worst?.requiredCrest_m ?? null, deficit_m: worst?.deficit_m ?? null, governingCase: worst?.caseId ?? null,
        adaptationYear: l.adaptationYear,
      },
    });
  }
  for (const s of result.setbacks) {
    features.push({
      type: 'Feature',
      geometry: s.geometry,
      properties: {
        id: `setback-${s.segment}`, source: 'setback', zone: s.zone, replaces: s.segment, case: s.caseId, requiredCrest_m: s.requiredCrest_m,
        length_m: s.length_m, wallArea_m2: s.wallArea_m2, wallLength_m: s.wallLength_m,
        waterfrontLength_m: s.waterfrontLength_m, waterfrontWallArea_m2: s.waterfrontWallArea_m2, waterfrontWallLength_m: s.waterfrontWallLength_m,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** One row of the crest table (Tables 4-5 and 5-2 in columns). */
export interface CrestTableRow {
  owner: string;
  line: string;
  lineName: string;
  kind: string;
  facility: string;
  adaptationLevel: string;
  scenario: string;
  year: number;
  frontLevel: string;
  frontLevel_m: number;
  waveAllowance_m: number;
  requiredCrest: string;
  requiredCrest_m: number;
  existingCrest: string;
  existingCrest_m: number;
  deficit_m: number;
  adaptationYear: number | null;
  /** Table 5-2 "必要となる事業": `raise <line> to D.L.+x m by <year>` or `maintain`. */
  works: string;
  formula: string;
}

/**
 * The crest table: per line segment and scenario, at the target year: owner (実施主体), facility and
 * adaptation level (Table 4-5: the depth each facility behind must stay under), the water level at the
 * front (施設前面外力, `D.L.+x m (T.P.+y m)`), required and existing crest, deficit, adaptation year.
 */
export function crestTable(result: ProjectResult, project: PortProject): CrestTableRow[] {
  const d = datum(project.datum.name, project.datum.toTP_m, 'project file');
  const facs = new Map(project.facilities.map((f) => [f.id, f]));
  const rows: CrestTableRow[] = [];
  // Segments of one zone share its facility list: describe each list once.
  const described = new Map<readonly string[], [string, string]>();
  for (const l of result.lines) {
    let text = described.get(l.facilities);
    if (!text) {
      const fl = l.facilities.map((id) => facs.get(id)!).filter(Boolean);
      text = [
        fl.map((f) => f.name).join('; '),
        fl.filter((f) => f.damageThreshold_m !== null).map((f) => `${f.name} depth ≤ ${f.damageThreshold_m} m`).join('; '),
      ];
      described.set(l.facilities, text);
    }
    const [facility, adaptationLevel] = text;
    for (const sc of project.scenarios) {
      const r = l.crest.find((x) => x.caseId === `${sc.name}@${project.targetYear}`);
      if (!r) continue;
      rows.push({
        owner: l.owner, line: l.id, lineName: l.name, kind: l.kind, facility, adaptationLevel: adaptationLevel || '—',
        scenario: sc.name, year: r.year,
        frontLevel: formatLevel(r.frontLevel_m, d), frontLevel_m: r.frontLevel_m, waveAllowance_m: r.waveAllowance_m,
        requiredCrest: formatLevel(r.requiredCrest_m, d), requiredCrest_m: r.requiredCrest_m,
        existingCrest: formatLevel(r.existingCrest_m, d), existingCrest_m: r.existingCrest_m,
        deficit_m: r.deficit_m, adaptationYear: l.adaptationYear[sc.name] ?? null,
        works: r.deficit_m > 0
          ? `raise ${l.name} to ${formatLevel(r.requiredCrest_m, d)}${l.adaptationYear[sc.name] != null ? ` by ${l.adaptationYear[sc.name]}` : ''}`
          : 'maintain (existing crest suffices)',
        formula: r.formula,
      });
    }
  }
  return rows;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toFixed(3))) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_COLUMNS: Array<[keyof CrestTableRow, string]> = [
  ['owner', 'owner'], ['facility', 'facility'], ['adaptationLevel', 'adaptation level'], ['line', 'line'], ['lineName', 'line name'],
  ['kind', 'kind'], ['scenario', 'scenario'], ['year', 'year'], ['frontLevel', 'front water level'], ['waveAllowance_m', 'wave allowance (m)'],
  ['requiredCrest', 'required crest'], ['existingCrest', 'existing crest'], ['deficit_m', 'deficit (m)'], ['adaptationYear', 'adaptation year'],
  ['works', 'works'], ['formula', 'formula'],
];

/** The crest table as CSV (UTF-8, header row, RFC 4180 quoting). */
export function crestCsv(rows: readonly CrestTableRow[]): string {
  const lines = [CSV_COLUMNS.map(([, h]) => csvCell(h)).join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map(([k]) => csvCell(r[k])).join(','));
  return `${lines.join('\n')}\n`;
}
