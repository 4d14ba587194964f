import { niceTicks, OWNER_COLOURS } from './ramp.js';
import { esc, n2 } from './svg.js';

/**
 * Charts for report.html as standalone SVG strings (no script, no external font: the page's
 * font stack draws the text, so Japanese labels work).
 */

export interface LevelCurveRow {
  level_m: number;
  area_m2: number;
  volume_m3: number;
}

export interface ChartText {
  title: string;
  x: string;
  y: string;
  y2?: string;
}

interface Frame {
  w: number;
  h: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { w: 640, h: 320, left: 64, right: 70, top: 34, bottom: 46 };

function extent(vs: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vs) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

function axes(f: Frame, xd: [number, number], yd: [number, number], text: ChartText, y2?: [number, number], xFmt = (v: number) => String(v)): string {
  const pw = f.w - f.left - f.right;
  const ph = f.h - f.top - f.bottom;
  const sx = (v: number) => f.left + ((v - xd[0]) / (xd[1] - xd[0])) * pw;
  const sy = (v: number) => f.top + ph - ((v - yd[0]) / (yd[1] - yd[0])) * ph;
  const parts: string[] = [];
  parts.push(`<text x="${f.left}" y="18" class="ct">${esc(text.title)}</text>`);
  for (const v of niceTicks(yd[0], yd[1], 5)) {
    parts.push(`<line x1="${f.left}" x2="${f.left + pw}" y1="${n2(sy(v))}" y2="${n2(sy(v))}" class="grid"/>`);
    parts.push(`<text x="${f.left - 6}" y="${n2(sy(v) + 4)}" text-anchor="end">${esc(+v.toPrecision(6))}</text>`);
  }
  for (const v of niceTicks(xd[0], xd[1], 6)) {
    parts.push(`<line x1="${n2(sx(v))}" x2="${n2(sx(v))}" y1="${f.top + ph}" y2="${f.top + ph + 4}" class="axis"/>`);
    parts.push(`<text x="${n2(sx(v))}" y="${f.top + ph + 16}" text-anchor="middle">${esc(xFmt(v))}</text>`);
  }
  if (y2) {
    const sy2 = (v: number) => f.top + ph - ((v - y2[0]) / (y2[1] - y2[0])) * ph;
    for (const v of niceTicks(y2[0], y2[1], 5)) {
      parts.push(`<text x="${f.left + pw + 6}" y="${n2(sy2(v) + 4)}">${esc(+v.toPrecision(6))}</text>`);
    }
    if (text.y2) parts.push(`<text transform="translate(${f.w - 8},${f.top + ph / 2}) rotate(90)" text-anchor="middle">${esc(text.y2)}</text>`);
  }
  parts.push(`<rect x="${f.left}" y="${f.top}" width="${pw}" height="${ph}" class="frame"/>`);
  parts.push(`<text x="${f.left + pw / 2}" y="${f.h - 8}" text-anchor="middle">${esc(text.x)}</text>`);
  parts.push(`<text transform="translate(14,${f.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(text.y)}</text>`);
  return parts.join('');
}

function svgOpen(f: Frame, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${cls}" viewBox="0 0 ${f.w} ${f.h}" width="${f.w}" height="${f.h}" role="img">` +
    `<style>text{font:11px sans-serif;fill:#222}.ct{font-weight:bold;font-size:13px}.grid{stroke:#e4e4e4}.axis{stroke:#444}.frame{fill:none;stroke:#444}</style>`
  );
}

function path(pts: Array<[number, number]>): string {
  return pts.map(([x, y], i) => `${i ? 'L' : 'M'}${n2(x)},${n2(y)}`).join('');
}

/**
 * Flooded area (left axis, km²) and volume (right axis, million m³) against the water level,
 * the curve every spill-level analysis gives for free (one priority-flood answers every level).
 */
export function levelCurveChart(rows: LevelCurveRow[], text: ChartText): string {
  const f = FRAME;
  const xs = rows.map((r) => r.level_m);
  const xd = extent(xs);
  const areaKm2 = rows.map((r) => r.area_m2 / 1e6);
  const volMm3 = rows.map((r) => r.volume_m3 / 1e6);
  const yd: [number, number] = [0, Math.max(1e-9, extent(areaKm2)[1]) * 1.05];
  const y2: [number, number] = [0, Math.max(1e-9, extent(volMm3)[1]) * 1.05];
  const pw = f.w - f.left - f.right;
  const ph = f.h - f.top - f.bottom;
  const sx = (v: number) => f.left + ((v - xd[0]) / (xd[1] - xd[0])) * pw;
  const sy = (v: number) => f.top + ph - ((v - yd[0]) / (yd[1] - yd[0])) * ph;
  const sy2 = (v: number) => f.top + ph - ((v - y2[0]) / (y2[1] - y2[0])) * ph;
  return (
    svgOpen(f, 'level-curve') +
    axes(f, xd, yd, text, y2) +
    `<path d="${path(rows.map((r, i) => [sx(r.level_m), sy(areaKm2[i]!)]))}" fill="none" stroke="#2171b5" stroke-width="2"/>` +
    `<path d="${path(rows.map((r, i) => [sx(r.level_m), sy2(volMm3[i]!)]))}" fill="none" stroke="#D55E00" stroke-width="2" stroke-dasharray="6 3"/>` +
    `<g transform="translate(${f.left + 8},${f.top + 8})"><rect width="150" height="36" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>` +
    `<line x1="6" x2="30" y1="12" y2="12" stroke="#2171b5" stroke-width="2"/><text x="36" y="16">${esc(text.y)}</text>` +
    `<line x1="6" x2="30" y1="27" y2="27" stroke="#D55E00" stroke-width="2" stroke-dasharray="6 3"/><text x="36" y="31">${esc(text.y2 ?? '')}</text></g>` +
    `</svg>`
  );
}

export interface CrestSeries {
  /** Segment id shown in the legend. */
  label: string;
  /** Existing crest in the chart's datum (m), drawn dashed; null when unknown. */
  existing_m: number | null;
  points: Array<{ year: number; required_m: number }>;
}

/** Required crest against year per protection-line segment, each with its existing crest dashed. */
export function crestChart(series: CrestSeries[], text: ChartText): string {
  const f = { ...FRAME, w: 720, right: 250 };
  const years = series.flatMap((s) => s.points.map((p) => p.year));
  const xd = extent(years);
  const vals = series.flatMap((s) => [...s.points.map((p) => p.required_m), ...(s.existing_m === null ? [] : [s.existing_m])]);
  const [lo, hi] = extent(vals);
  const pad = (hi - lo) * 0.08 || 0.5;
  const yd: [number, number] = [lo - pad, hi + pad];
  const pw = f.w - f.left - f.right;
  const ph = f.h - f.top - f.bottom;
  const sx = (v: number) => f.left + ((v - xd[0]) / (xd[1] - xd[0])) * pw;
  const sy = (v: number) => f.top + ph - ((v - yd[0]) / (yd[1] - yd[0])) * ph;
  const parts = [svgOpen(f, 'crest'), axes(f, xd, yd, text, undefined, (v) => String(Math.round(v)))];
  const shown = series.slice(0, 12);
  shown.forEach((s, i) => {
    const c = OWNER_COLOURS[i % OWNER_COLOURS.length]!;
    const pts = s.points.map((p) => [sx(p.year), sy(p.required_m)] as [number, number]);
    parts.push(`<path d="${path(pts)}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${n2(x)}" cy="${n2(y)}" r="2.5" fill="${c}"/>`);
    if (s.existing_m !== null) {
      parts.push(`<line x1="${f.left}" x2="${f.left + pw}" y1="${n2(sy(s.existing_m))}" y2="${n2(sy(s.existing_m))}" stroke="${c}" stroke-dasharray="4 3"/>`);
    }
    const ly = f.top + 6 + i * 15;
    parts.push(`<line x1="${f.left + pw + 10}" x2="${f.left + pw + 30}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="2"/>`);
    parts.push(`<text x="${f.left + pw + 36}" y="${ly + 4}"><title>${esc(s.label)}</title>${esc(clip(s.label, 34))}</text>`);
  });
  if (series.length > shown.length) parts.push(`<text x="${f.left + pw + 10}" y="${f.top + 8 + shown.length * 15}">+${series.length - shown.length}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

export interface WorkItem {
  owner: string;
  work: string;
  /** First and last year of the works (inclusive). */
  start: number;
  end: number;
}

/**
 * The works timeline as the guideline's Table 5-4 bar chart: one row per work, grouped by
 * implementing body (実施主体), one column per year, a bar over the years of the works.
 */
export function worksTimeline(items: WorkItem[], text: { title: string; owner: string; work: string }, years?: [number, number]): string {
  const y0 = years?.[0] ?? Math.min(...items.map((i) => i.start));
  const y1 = years?.[1] ?? Math.max(...items.map((i) => i.end));
  const nY = Math.max(1, y1 - y0 + 1);
  const ownerW = 130;
  const workW = 290;
  const colW = Math.max(14, Math.min(40, Math.floor(560 / nY)));
  const rowH = 22;
  const top = 50;
  const w = ownerW + workW + nY * colW + 10;
  const h = top + Math.max(1, items.length) * rowH + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">`,
    `<style>text{font:11px sans-serif;fill:#222}.ct{font-weight:bold;font-size:13px}</style>`,
    `<text x="4" y="16" class="ct">${esc(text.title)}</text>`,
    `<text x="4" y="${top - 8}" font-weight="bold">${esc(text.owner)}</text>`,
    `<text x="${ownerW + 4}" y="${top - 8}" font-weight="bold">${esc(text.work)}</text>`,
  ];
  const labelEvery = colW >= 30 ? 1 : colW >= 20 ? 2 : 5;
  for (let k = 0; k < nY; k++) {
    const x = ownerW + workW + k * colW;
    parts.push(`<rect x="${x}" y="${top}" width="${colW}" height="${items.length * rowH}" fill="${k % 2 ? '#f6f6f6' : '#fff'}" stroke="#ddd"/>`);
    if ((y0 + k) % labelEvery === 0) parts.push(`<text x="${x + colW / 2}" y="${top - 8}" text-anchor="middle">${y0 + k}</text>`);
  }
  const owners = [...new Set(items.map((i) => i.owner))];
  let prevOwner = '';
  items.forEach((it, r) => {
    const y = top + r * rowH;
    const c = OWNER_COLOURS[owners.indexOf(it.owner) % OWNER_COLOURS.length]!;
    if (it.owner !== prevOwner) {
      parts.push(`<line x1="0" x2="${w}" y1="${y}" y2="${y}" stroke="#999"/>`);
      parts.push(`<text x="4" y="${y + 15}"><title>${esc(it.owner)}</title>${esc(clip(it.owner, 20))}</text>`);
      prevOwner = it.owner;
    }
    parts.push(`<text x="${ownerW + 4}" y="${y + 15}"><title>${esc(it.work)}</title>${esc(clip(it.work, 46))}</text>`);
    const a = Math.max(it.start, y0);
    const b = Math.min(it.end, y1);
    if (b >= a) {
      parts.push(`<rect x="${ownerW + workW + (a - y0) * colW + 1}" y="${y + 5}" width="${(b - a + 1) * colW - 2}" height="${rowH - 10}" fill="${c}" rx="2"/>`);
    }
  });
  parts.push(`<line x1="0" x2="${w}" y1="${top + items.length * rowH}" y2="${top + items.length * rowH}" stroke="#999"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/** `s` cut to `n` characters with an ellipsis (the full text stays in the element's <title>). */
function clip(s: string, n: number): string {
  const cs = [...s];
  return cs.length <= n ? s : `${cs.slice(0, n - 1).join('')}…`;
}
