/**
 * Everything `floodzone run` writes for people and for GIS, assembled from a `ProjectResult`:
 * depth/spill/confidence rasters, area/zone/line GeoJSON, tables (CSV and Markdown), PNG maps,
 * SVG charts and report.html. Pure except for the encoders: returns the files, the caller stages
 * and commits them (OutputSet) so an interruption leaves nothing half-written.
 */
import { datum as verticalDatum, floodProbability, formatLevel as formatDatumLevel, levelCurve, throwIfAborted, type RunOptions } from '@floodzone/core';
import { cellAreas, type Affine, type FloatGrid } from '@floodzone/raster';
import { encodeGeoTiffNodeAsync } from '@floodzone/raster/node';
import { areasGeoJSON, crestCsv, crestTable, linesGeoJSON, zoneLabels, zonesGeoJSON, type CaseResult, type LineSegment, type PortProject, type ProjectResult } from '@floodzone/zones';
import { lineChartPng, type PngSeries } from './chart-png.js';
import { crestChart, levelCurveChart, worksTimeline, type CrestSeries, type WorkItem } from './charts.js';
import { renderReportHtml, type ReportCase, type ReportTable, type ReportVector } from './html.js';
import { textFor, type Lang } from './i18n.js';
import { depthRgba, displayDepth, displayGrid, displayLabels, labelRgba, terrainRgba, type DisplayGrid } from './layers.js';
import { pngLabel, renderFloodMap, type MapFeature, type MapGeometry } from './map.js';
import { encodePng } from './png.js';
import type { Rgba } from './canvas.js';
import { niceCeil, OWNER_COLOURS } from './ramp.js';

export interface BuildReportOptions extends RunOptions {
  lang?: Lang;
  /** Vertical RMSE of the DEM, m: when given, confidence rasters P(flood) (NOAA, Schmid et al. 2014) are written. */
  demRmse_m?: number;
  /** Longest side of the display grid (maps and report.html), pixels; default 1000. */
  maxPixels?: number;
}

export interface OutputFile {
  /** Path relative to the output folder, with `/`. */
  readonly path: string;
  readonly data: string | Uint8Array;
}

export interface BuildReport {
  readonly files: OutputFile[];
  /** Facts for summary.json and the command's one-line report. */
  readonly notes: string[];
}

/** `D.L.+4.20 m (T.P.+3.07 m)`: a level in the project datum with its T.P. equivalent (DESIGN.md). */
export function formatLevel(v: number, datum: PortProject['datum']): string {
  return formatDatumLevel(v, verticalDatum(datum.name, datum.toTP_m));
}

/**
 * Upper end of the depth colour ramp shared by every map: a nice ceiling of the 98th percentile of
 * depth over flooded land in all cases (so a few deep pits do not wash out the rest; deeper cells
 * take the darkest colour and the legend's top reads "≥").
 */
export function depthRampMax(result: ProjectResult): number {
  let max = 0;
  for (const c of result.cases) max = Math.max(max, c.flood.maxDepth_m);
  if (!(max > 0)) return 1;
  const bins = 1000;
  const hist = new Float64Array(bins + 1);
  let n = 0;
  for (const c of result.cases) {
    const d = c.depth.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v > 0 && result.land[i]) {
        hist[Math.min(bins, Math.floor((v / max) * bins))]!++;
        n++;
      }
    }
  }
  let acc = 0;
  for (let b = 0; b <= bins; b++) {
    acc += hist[b]!;
    if (acc >= 0.98 * n) return niceCeil(((b + 1) / bins) * max);
  }
  return niceCeil(max);
}

/** A safe file name part for a case id (`RCP8.5@2100` → `RCP8.5_2100`). */
export function caseFileName(id: string): string {
  return id.replace(/@/g, '_').replace(/[^A-Za-z0-9._+-]+/g, '-');
}

function csv(t: ReportTable): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [t.columns, ...t.rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

function markdown(t: ReportTable, title: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`## ${title}`, '', `| ${t.columns.map(cell).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`, ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''].join('\n');
}

const fmt = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '');

/** The scenario the plan adopts (Table 5-1): the first one in the project file. */
function adoptedScenario(p: PortProject): string | null {
  return p.scenarios[0]?.name ?? null;
}

/** Crest rows of one segment for one case id, or undefined. */
function crestAt(s: LineSegment, caseId: string) {
  return s.crest.find((c) => c.caseId === caseId);
}

/** RFC 4180 CSV text to rows of cells (quotes undone). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else if (ch !== '\r') cur += ch;
  }
  if (cur !== '' || row.length) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}

const CREST_HEADERS_JA: Record<string, string> = {
  owner: '実施主体',
  facility: '背後の施設',
  'adaptation level': '適応水準',
  line: 'ライン',
  'line name': '名称',
  kind: '種別',
  scenario: 'シナリオ',
  year: '年',
  'front water level': '前面水位（施設前面の外力）',
  'wave allowance (m)': '波浪による余裕 (m)',
  'required crest': '必要天端高',
  'existing crest': '現況天端高',
  'deficit (m)': '不足 (m)',
  'adaptation year': '適応年',
  works: '必要となる事業',
  formula: '支配式',
};

/**
 * The crest table of report.html: exactly the cells of crest.csv (`crestCsv` of @floodzone/zones,
 * the file `floodzone zones` writes too), with the header translated for --lang ja.
 */
export function crestReportTable(csvText: string, lang: Lang): ReportTable {
  const [head = [], ...rows] = parseCsv(csvText);
  return { columns: lang === 'ja' ? head.map((h) => CREST_HEADERS_JA[h] ?? h) : head, rows };
}

function worksTable(project: PortProject, result: ProjectResult, lang: Lang): { table: ReportTable; items: WorkItem[] } {
  const ja = lang === 'ja';
  const scen = adoptedScenario(project);
  const target = result.cases.find((c) => c.scenario === scen && c.year === project.targetYear) ?? result.cases.find((c) => result.targetCases.includes(c.id));
  const rows: string[][] = [];
  const items: WorkItem[] = [];
  const byOwner = new Map<string, LineSegment[]>();
  for (const s of result.lines) {
    const list = byOwner.get(s.owner) ?? [];
    list.push(s);
    byOwner.set(s.owner, list);
  }
  for (const [owner, segs] of byOwner) {
    let first = true;
    for (const s of segs) {
      const r = target ? crestAt(s, target.id) : undefined;
      if (!r) continue;
      const planned = project.plan?.crests[s.id];
      const need = planned ?? r.requiredCrest_m;
      if (!(need > s.existingCrest_m)) continue;
      const front = `${project.datum.name}${r.frontLevel_m >= 0 ? '+' : ''}${fmt(r.frontLevel_m)}m`;
      const name = s.name || s.id;
      const ay = s.adaptationYear[scen ?? ''] ?? null;
      const work = ja ? `${name}の嵩上 (${front})` : `Raise ${name} (${front})`;
      const crestTxt = `${project.datum.name}+${fmt(need)} m (${ja ? '現況' : 'existing'} ${fmt(s.existingCrest_m)} m)`;
      const remark = ay === null ? crestTxt : ja ? `${ay}年を目途に整備; 天端 ${crestTxt}` : `to be built by ${ay}; crest ${crestTxt}`;
      rows.push([first ? owner : '', work, remark]);
      first = false;
      const end = ay ?? project.targetYear;
      items.push({ owner, work, start: Math.min(project.baseYear, end), end });
    }
  }
  const t = textFor(lang);
  if (rows.length === 0) {
    const y = target?.year ?? project.targetYear;
    rows.push(['-', ja ? `${scen ?? ''} では ${y} 年までに嵩上げを要する防護ラインはない` : `no protection line needs raising under ${scen ?? '-'} by ${y}`, '-']);
  }
  return { table: { columns: [t.owner, t.work, t.remark], rows }, items };
}

function targetsTable(project: PortProject, result: ProjectResult, lang: Lang): ReportTable {
  const ja = lang === 'ja';
  const t = textFor(lang);
  const scen = adoptedScenario(project);
  const tc = result.cases.find((c) => c.scenario === scen && c.year === project.targetYear);
  const force = (f: PortProject['designForce']) => `${f.label}${f.returnPeriod_yr ? (ja ? `（${f.returnPeriod_yr}年に1度）` : ` (1 in ${f.returnPeriod_yr} years)`) : ''}`;
  const rows: string[][] = [];
  rows.push([ja ? '採用する気候変動シナリオ' : 'Climate scenario adopted', [scen ?? '-', ...project.scenarios.slice(1).map((s) => (ja ? `比較: ${s.name}` : `compared: ${s.name}`))].join('; ')]);
  rows.push([ja ? '目標時期' : 'Target year', String(project.targetYear)]);
  rows.push([ja ? '港湾計画に記載した外力' : 'External force of the port plan', project.portPlanForce ? force(project.portPlanForce) : ja ? '施設で防護する外力と同じ' : 'same as the facility design force']);
  const lvl = tc
    ? `; DHWL ${formatLevel(tc.level.level_m, project.datum)} = ${tc.level.components.map((c) => `${c.name} ${fmt(c.value_m)}`).join(' + ')}`
    : '';
  rows.push([ja ? '施設で防護する外力' : 'External force the facilities protect against', force(project.designForce) + lvl]);
  const goals: string[] = [];
  for (const f of project.facilities) if (f.key && f.damageThreshold_m !== null) goals.push(ja ? `✓ ${f.name}: 浸水深 ${fmt(f.damageThreshold_m)} m 以下` : `✓ ${f.name}: depth ≤ ${fmt(f.damageThreshold_m)} m`);
  for (const p of project.points) goals.push(ja ? `✓ ${p.name}: 浸水深が現在以下` : `✓ ${p.name}: no deeper than today`);
  if (project.depthDamage?.limit != null) goals.push(ja ? `✓ 被害額 ${project.depthDamage.limit} 以下` : `✓ damage ≤ ${project.depthDamage.limit}`);
  if (result.plan) {
    const bad = result.plan.checks.filter((c) => !c.ok).length;
    goals.push(ja ? `計画天端での評価: ${result.plan.ok ? '全て満足' : `${bad} 項目が未達`}` : `Plan crests evaluated: ${result.plan.ok ? 'all met' : `${bad} not met`}`);
  }
  rows.push([ja ? '施設で防護する外力に対する防護目標（適応水準）' : 'Protection target against that force (adaptation levels)', goals.join('\n') || '-']);
  const residual = result.plan?.residual;
  rows.push([
    ja ? '港湾計画に記載した外力に対するソフト対策' : 'Soft measures against the port-plan force',
    residual
      ? ja
        ? `計画天端を越える残余浸水: 面積 ${fmt(residual.area_m2 / 1e4, 1)} ha, 最大浸水深 ${fmt(residual.maxDepth_m)} m（退避・止水板等の対象）`
        : `residual flood beyond the plan crests: ${fmt(residual.area_m2 / 1e4, 1)} ha, max depth ${fmt(residual.maxDepth_m)} m (evacuation, flood boards, …)`
      : ja
        ? '計画（plan）が未指定のため未評価'
        : 'not evaluated: the project gives no plan',
  ]);
  return { columns: [t.item, t.content], rows };
}

function casesTable(project: PortProject, result: ProjectResult, lang: Lang): ReportTable {
  const ja = lang === 'ja';
  const columns = ja
    ? ['ケース', 'シナリオ', '年', '設計高潮位 (DHWL)', '浸水面積 (ha)', '浸水量 (m³)', '最大浸水深 (m)', '連続浸水区域', '協働防護区域']
    : ['case', 'scenario', 'year', 'design still-water level (DHWL)', 'flooded area (ha)', 'volume (m³)', 'max depth (m)', 'flood areas', 'zones'];
  return {
    columns,
    rows: shownCases(result).map((c) => [
      c.id,
      caseGroup(c, lang) ?? (ja ? '現在' : 'today'),
      String(c.year),
      formatLevel(c.level.level_m, project.datum),
      fmt(c.flood.area_m2 / 1e4, 2),
      fmt(c.flood.volume_m3, 0),
      fmt(c.flood.maxDepth_m),
      String(c.areas.length),
      String(c.zones.length),
    ]),
  };
}

/** Table 4-4 checks of the plan (§4-7), or null without a plan. */
function planTable(result: ProjectResult, lang: Lang): ReportTable | null {
  const p = result.plan;
  if (!p) return null;
  const ja = lang === 'ja';
  const kind = (k: string) =>
    ja ? ({ 'representative-point': '代表地点の浸水深 (m)', 'key-facility': '主要施設の浸水深 (m)', damage: '被害額' } as Record<string, string>)[k] ?? k : ({ 'representative-point': 'depth at a representative point (m)', 'key-facility': 'depth at a key facility (m)', damage: 'damage' } as Record<string, string>)[k] ?? k;
  return {
    columns: ja ? ['適応水準', '対象', 'ケース', '値', '上限', '判定'] : ['adaptation level', 'subject', 'case', 'value', 'limit', 'met'],
    rows: p.checks.map((c) => [kind(c.kind), c.subject, c.caseId, fmt(c.value, c.kind === 'damage' ? 0 : 2), fmt(c.limit, c.kind === 'damage' ? 0 : 2), c.ok ? '✓' : '✗']),
  };
}

/** Setback lines against the waterfront they replace (Figure 4-6), or null when there are none. */
function setbackTable(result: ProjectResult, lang: Lang): ReportTable | null {
  if (result.setbacks.length === 0) return null;
  const ja = lang === 'ja';
  return {
    columns: ja
      ? ['区域', '置き換える水際線', 'ケース', '必要天端高', 'セットバック延長 (m)', '壁が必要な延長 (m)', '壁面積 (m²)', '水際線延長 (m)', '水際線で壁が必要な延長 (m)', '水際線の壁面積 (m²)']
      : ['zone', 'replaces', 'case', 'required crest', 'setback length (m)', 'wall length (m)', 'wall area (m²)', 'waterfront length (m)', 'waterfront wall length (m)', 'waterfront wall area (m²)'],
    rows: result.setbacks.map((b) => [String(b.zone), b.segment, b.caseId, fmt(b.requiredCrest_m), fmt(b.length_m, 0), fmt(b.wallLength_m, 0), fmt(b.wallArea_m2, 0), fmt(b.waterfrontLength_m, 0), fmt(b.waterfrontWallLength_m, 0), fmt(b.waterfrontWallArea_m2, 0)]),
  };
}

/** Every case shown: today and each scenario × year, then the plan's two cases (§4-7) when there is a plan. */
function shownCases(result: ProjectResult): CaseResult[] {
  return [...result.cases, ...(result.plan ? [result.plan.design, result.plan.portPlan] : [])];
}

/** The scenario/year switch groups plan cases under their own name: `RCP2.6 + plan crests (port-plan force)`. */
function caseGroup(c: CaseResult, lang: Lang): string | null {
  if (!c.id.includes('+plan')) return c.scenario;
  const ja = lang === 'ja';
  const force = c.force === 'portPlan' ? (ja ? '・港湾計画の外力' : ', port-plan force') : '';
  return ja ? `${c.scenario ?? ''}＋計画天端${force}` : `${c.scenario ?? ''} + plan crests${force}`;
}

/** Outline colour of continuous flood areas in report.html (dark teal, apart from zones' purple). */
const AREA_RGB: Rgba = [1, 102, 94, 255];

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Builds every output of `floodzone run`. Reports progress per case and stops (AbortError) between
 * steps when `signal` fires, before anything is returned.
 */
export async function buildReport(project: PortProject, dem: FloatGrid, result: ProjectResult, options: BuildReportOptions = {}): Promise<BuildReport> {
  const lang = options.lang ?? 'en';
  const { signal, onProgress } = options;
  const files: OutputFile[] = [];
  const notes: string[] = [];
  const cases_ = shownCases(result);
  const total = cases_.length * 2 + 4;
  let done = 0;
  const step = async (phase: string) => {
    done++;
    onProgress?.(done, total, phase);
    await tick();
    throwIfAborted(signal);
  };
  const ja = lang === 'ja';
  const { width, height, transform, crs } = dem;
  const g: DisplayGrid = displayGrid(dem.data, width, height, transform, crs, options.maxPixels ?? 1000, waterToday(result));
  const dispTransform: Affine = [transform[0], transform[1] * g.k, transform[2] * g.k, transform[3], transform[4] * g.k, transform[5] * g.k];
  const depthMax = depthRampMax(result);

  // Rasters.
  const grid = (data: Float32Array): FloatGrid => ({ data, width, height, transform, crs, nodata: null });
  files.push({ path: 'spill.tif', data: await encodeGeoTiffNodeAsync(result.spill, { signal }) });
  for (const c of cases_) {
    files.push({ path: `depth/${caseFileName(c.id)}.tif`, data: await encodeGeoTiffNodeAsync(c.depth, { signal }) });
    await step(`rasters ${c.id}`);
  }
  if (options.demRmse_m !== undefined) {
    for (const id of result.targetCases) {
      const c = result.cases.find((k) => k.id === id);
      if (!c) continue;
      files.push({ path: `confidence/${caseFileName(c.id)}.tif`, data: await encodeGeoTiffNodeAsync(grid(floodProbability(result.spill.data, c.level.level_m, options.demRmse_m)), { signal }) });
    }
  } else {
    notes.push('confidence rasters not written: give --dem-rmse <m> (the DEM vertical RMSE) to map P(flood)');
  }

  // Owner labels for the PNGs (the bitmap font is ASCII): non-ASCII owners become "Owner n".
  const owners = [...new Set([...result.lines.map((l) => l.owner), ...project.facilities.map((f) => f.owner)])];
  const ownerPng = new Map(owners.map((o, i) => [o, pngLabel(o, `Owner ${i + 1}`)]));

  // Vectors (the same files `floodzone zones` writes): areas and zones of today and the target
  // cases, lines with their setbacks. The maps draw zones from the label grids, not from these.
  const vectorCases = result.cases.filter((c) => c.scenario === null || result.targetCases.includes(c.id)).map((c) => c.id);
  const crsMember = crs?.code ? { crs: { type: 'name', properties: { name: crs.code } } } : {};
  const areasFc = areasGeoJSON(result, project, vectorCases);
  throwIfAborted(signal);
  const zonesFc = zonesGeoJSON(result, project, vectorCases);
  throwIfAborted(signal);
  files.push({ path: 'areas.geojson', data: JSON.stringify({ ...areasFc, ...crsMember }) + '\n' });
  files.push({ path: 'zones.geojson', data: JSON.stringify({ ...zonesFc, ...crsMember }) + '\n' });
  files.push({ path: 'lines.geojson', data: JSON.stringify({ ...linesGeoJSON(result), ...crsMember }) + '\n' });
  await step('vectors');

  // Tables.
  const tx = textFor(lang);
  const crestText = crestCsv(crestTable(result, project));
  const crest = crestReportTable(crestText, lang);
  const works = worksTable(project, result, lang);
  const targets = targetsTable(project, result, lang);
  const cases = casesTable(project, result, lang);
  files.push({ path: 'crest.csv', data: crestText }, { path: 'crest.md', data: markdown(crest, tx.crest) });
  files.push({ path: 'works.csv', data: csv(works.table) }, { path: 'works.md', data: markdown(works.table, tx.works) + `\n${tx.worksNote}\n` });
  files.push({ path: 'targets.md', data: markdown(targets, tx.targets) });
  files.push({ path: 'cases.csv', data: csv(cases) }, { path: 'cases.md', data: markdown(cases, tx.caseTable) });
  const plan = planTable(result, lang);
  if (plan) files.push({ path: 'plan.csv', data: csv(plan) }, { path: 'plan.md', data: markdown(plan, tx.plan) });
  const setbacks = setbackTable(result, lang);
  if (setbacks) files.push({ path: 'setbacks.csv', data: csv(setbacks) }, { path: 'setbacks.md', data: markdown(setbacks, tx.setbacks) });
  await step('tables');

  // Charts.
  const landW = new Float32Array(result.spill.data.length);
  for (let i = 0; i < landW.length; i++) landW[i] = result.land[i] ? result.spill.data[i]! : NaN;
  let hi = project.referenceLevel_m;
  for (const c of result.cases) hi = Math.max(hi, c.level.level_m);
  hi += 0.5;
  const lo = project.referenceLevel_m;
  const levels = Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40);
  const curve = levelCurve(landW, dem.data, cellAreas(dem), width, levels);
  const dn = project.datum.name;
  const levelSvg = levelCurveChart(
    curve.map((p) => ({ level_m: p.level, area_m2: p.floodedArea_m2, volume_m3: p.volume_m3 })),
    { title: tx.levelCurve, x: `${tx.level} (${dn}, m)`, y: ja ? '浸水面積 (km²)' : 'flooded area (km²)', y2: ja ? '浸水量 (百万 m³)' : 'volume (million m³)' },
  );
  const scen = adoptedScenario(project);
  // Required crest by year, one chart per scenario; with many segments, the 12 furthest short.
  const crestSvgs: Array<[string, string]> = [];
  for (const sc of project.scenarios) {
    const series: Array<CrestSeries & { short: number }> = result.lines
      .map((s) => {
        const points = s.crest.filter((r) => r.scenario === sc.name).map((r) => ({ year: r.year, required_m: r.requiredCrest_m }));
        const short = Math.max(-Infinity, ...points.map((p) => p.required_m - s.existingCrest_m));
        return { label: `${s.name || s.id} (${s.owner})`, existing_m: s.existingCrest_m, points, short };
      })
      .filter((s) => s.points.length > 0)
      .sort((a, b) => b.short - a.short);
    if (series.length === 0) continue;
    const title = `${tx.crestChart} — ${sc.name}${series.length > 12 ? (ja ? `（不足の大きい 12 区間 / ${series.length}）` : ` (12 furthest short of ${series.length})`) : ''}`;
    crestSvgs.push([sc.name, crestChart(series.slice(0, 12), { title, x: tx.year, y: ja ? `天端高 (${dn}, m)` : `crest (${dn}, m)` })]);
    // The same as PNG for documents (English labels: the bitmap font is ASCII).
    const pngSeries: PngSeries[] = series.slice(0, 12).flatMap((s, i) => {
      const colour = OWNER_COLOURS[i % OWNER_COLOURS.length]!;
      const years = s.points.map((p) => p.year);
      const own: PngSeries = { label: s.label, colour, points: s.points.map((p) => [p.year, p.required_m] as const) };
      return s.existing_m === null ? [own] : [own, { label: '', colour, dashed: true, points: [[Math.min(...years), s.existing_m], [Math.max(...years), s.existing_m]] as const }];
    });
    files.push({
      path: `charts/crest-${caseFileName(sc.name)}.png`,
      data: lineChartPng(pngSeries.map((p) => (p.label === '' ? p : { ...p, label: pngLabel(p.label, 'segment') })), {
        title: `Required crest by year, ${pngLabel(sc.name, 'scenario')} (dashed: existing)`,
        x: 'year',
        y: `crest (${pngLabel(dn, 'datum')}, m)`,
      }, (v) => String(Math.round(v))),
    });
  }
  const crestSvg = crestSvgs.map(([, svg]) => svg).join('\n');
  const timelineSvg = works.items.length
    ? worksTimeline(works.items, { title: tx.timeline, owner: tx.owner, work: tx.work }, [Math.min(project.baseYear, ...works.items.map((i) => i.start)), Math.max(project.targetYear, ...works.items.map((i) => i.end))])
    : '';
  files.push({ path: 'charts/level-curve.svg', data: levelSvg });
  const dnPng = pngLabel(dn, 'datum');
  files.push({
    path: 'charts/level-area.png',
    data: lineChartPng([{ label: 'flooded land', colour: '#2171b5', points: curve.map((p) => [p.level, p.floodedArea_m2 / 1e6] as const) }], { title: 'Flooded area against water level', x: `water level (${dnPng}, m)`, y: 'flooded area (km²)' }),
  });
  files.push({
    path: 'charts/level-volume.png',
    data: lineChartPng([{ label: 'flood volume', colour: '#D55E00', points: curve.map((p) => [p.level, p.volume_m3 / 1e6] as const) }], { title: 'Flood volume against water level', x: `water level (${dnPng}, m)`, y: 'volume (million m³)' }),
  });
  for (const [name, svg] of crestSvgs) files.push({ path: `charts/crest-${caseFileName(name)}.svg`, data: svg });
  if (timelineSvg) files.push({ path: 'charts/timeline.svg', data: timelineSvg });
  await step('charts');

  // Maps (PNG) and the report's layers.
  const lineMap: MapFeature[] = result.lines.map((s) => ({ geometry: s.geometry as MapGeometry, label: ownerPng.get(s.owner)!, key: ownerPng.get(s.owner)! }));
  const reportCases: ReportCase[] = [];
  // Zone outlines are drawn on a finer image so a small grid's outline stays a thin line.
  // (at most ~0.6 M pixels per layer image, so encoding stays cheap).
  const zoneScale = Math.max(1, Math.min(8, Math.floor(Math.sqrt(600_000 / (g.W * g.H)))));
  const zoneColour = (): Rgba => [123, 50, 148, 255]; // one colour for zones, as on the PNG maps
  const datumNote = dn === 'T.P.' && project.datum.toTP_m === 0 ? '; datum T.P.' : `; datum ${dn} (T.P. = ${dn} ${project.datum.toTP_m >= 0 ? '+' : '-'} ${Math.abs(project.datum.toTP_m).toFixed(3)} m)`;
  for (const c of cases_) {
    const planTxt = c.id.includes('+plan') ? ` + plan crests${c.force === 'portPlan' ? ', port-plan force' : ''}` : '';
    const scenarioTxt = `${c.scenario ?? 'today'} ${c.year}${planTxt}`;
    const zl = displayLabels(zoneLabels(c, result.portArea), g);
    const dd = displayDepth(c.depth.data, g);
    const zoneById = new Map(c.zones.map((z) => [z.id, z]));
    const zoneText = (id: number) => {
      const owners = zoneById.get(id)?.owners ?? [];
      return { label: `Zone ${id}`, key: owners.length ? `Zone ${id}: ${owners.map((o) => ownerPng.get(o) ?? o).join(', ')}` : `Zone ${id}` };
    };
    const m = renderFloodMap({
      grid: g,
      depth: c.depth.data,
      displayDepth: dd,
      depthMax_m: depthMax,
      zoneGrid: { labels: zl, text: zoneText },
      lines: lineMap,
      setbacks: result.setbacks.filter((b) => b.caseId === c.id).map((b) => ({ geometry: b.geometry as MapGeometry, label: 'setback', key: 'setback' })),
      title: pngLabel(`${project.name}: ${scenarioTxt}`, scenarioTxt),
      subtitle: pngLabel(
        `Design still-water level ${formatLevel(c.level.level_m, project.datum)}; depth above ground; ${crs?.code ?? 'local grid'}${datumNote}`,
        `DHWL ${c.level.level_m.toFixed(2)} m; depth above ground`,
      ),
    });
    files.push({ path: `maps/${caseFileName(c.id)}.png`, data: m.canvas.toPng({ Title: scenarioTxt, Software: 'floodzone' }) });
    const deficits: Record<string, number> = {};
    for (const s of result.lines) {
      const r = crestAt(s, c.id);
      if (r) deficits[s.id] = +r.deficit_m.toFixed(3);
    }
    reportCases.push({
      id: c.id,
      scenario: caseGroup(c, lang),
      year: c.year,
      levelText: formatLevel(c.level.level_m, project.datum),
      depthPng: encodePng(depthRgba(dd.depth, g, depthMax, 0.15), g.W, g.H),
      zonesPng: encodePng(labelRgba(zl, g.W, zoneColour, 50, zoneScale), g.W * zoneScale, g.H * zoneScale),
      areasPng: encodePng(labelRgba(displayLabels(c.areaLabels.data, g), g.W, () => AREA_RGB, 0, zoneScale), g.W * zoneScale, g.H * zoneScale),
      facts: [
        [ja ? '設計高潮位' : 'DHWL', formatLevel(c.level.level_m, project.datum)],
        [tx.area, `${fmt(c.flood.area_m2 / 1e4, 2)} ha`],
        [tx.volume, `${fmt(c.flood.volume_m3, 0)} m³`],
        [ja ? '最大浸水深' : 'max depth', `${fmt(c.flood.maxDepth_m)} m`],
        [tx.zones, String(c.zones.length)],
        [ja ? '嵩上げが必要なライン' : 'lines to raise', String(Object.values(deficits).filter((d) => d > 0).length)],
      ],
      deficits,
    });
    await step(`maps ${c.id}`);
  }

  const vec = (geom: { type: string; coordinates: unknown }): Array<Array<[number, number]>> => {
    const pts = (ring: number[][]) => ring.map((p) => [p[0]!, p[1]!] as [number, number]);
    if (geom.type === 'LineString') return [pts(geom.coordinates as number[][])];
    if (geom.type === 'MultiLineString' || geom.type === 'Polygon') return (geom.coordinates as number[][][]).map(pts);
    if (geom.type === 'MultiPolygon') return (geom.coordinates as number[][][][]).flatMap((p) => p.map(pts));
    return [];
  };
  const lines: ReportVector[] = result.lines.map((s) => ({
    id: s.id,
    owner: s.owner,
    name: s.name,
    parts: vec(s.geometry),
    info: [[tx.existingCrest, formatLevel(s.existingCrest_m, project.datum)]],
  }));
  const facilities: ReportVector[] = project.facilities.map((f) => ({
    id: f.id,
    owner: f.owner,
    name: f.name,
    parts: vec(f.geometry),
    info: [[f.kind, ''], ...(f.damageThreshold_m === null ? [] : [[tx.threshold, `${f.damageThreshold_m} m`] as [string, string]])],
  }));
  const portArea: ReportVector[] = project.portArea ? [{ id: 'port-area', owner: '', name: 'port area', parts: vec(project.portArea) }] : [];
  const pngKey = owners.filter((o) => ownerPng.get(o) !== o);
  const subtitle = [
    `${tx.datum}: ${datumNote.replace(/^; datum /, '')} · ${crs?.code ?? crs?.name ?? 'local grid'} · DEM ${width}×${height}`,
    ...(pngKey.length ? [`PNG: ${pngKey.map((o) => `${ownerPng.get(o)} = ${o}`).join(', ')}`] : []),
  ];
  const initial = result.targetCases.find((id) => result.cases.some((c) => c.id === id && c.scenario === scen)) ?? result.cases[result.cases.length - 1]!.id;
  const html = renderReportHtml({
    lang,
    title: project.name,
    subtitle,
    map: { width: g.W, height: g.H, transform: dispTransform, cell_m: g.cellX_m, terrainPng: encodePng(terrainRgba(g), g.W, g.H) },
    depthMax_m: depthMax,
    depthOverflow: result.cases.some((c) => c.flood.maxDepth_m > depthMax),
    cases: reportCases,
    initialCase: initial,
    lines,
    setbacks: result.setbacks.map((b) => ({ id: `setback-${b.segment}`, owner: '', name: `${tx.setback} (${b.segment})`, caseId: b.caseId, parts: vec(b.geometry) })),
    facilities,
    portArea,
    tables: { targets, works: works.table, crest, cases, plan, setbacks },
    charts: { levelCurve: levelSvg, crest: crestSvg, timeline: timelineSvg },
  });
  files.push({ path: 'report.html', data: html });
  await step('report.html');
  return { files, notes };
}

/** Cells that are water today: not land (W < L_ref) and valid. */
function waterToday(result: ProjectResult): Uint8Array {
  const w = new Uint8Array(result.land.length);
  const W = result.spill.data;
  for (let i = 0; i < w.length; i++) w[i] = !result.land[i] && !Number.isNaN(W[i]!) ? 1 : 0;
  return w;
}
