import { Canvas, type Rgba } from './canvas.js';
import { pngLabel } from './map.js';
import { hexToRgba, niceTicks } from './ramp.js';

/** One line of a PNG chart: points in data units, drawn solid or dashed; an empty label gets no legend entry. */
export interface PngSeries {
  label: string;
  colour: string;
  points: ReadonlyArray<readonly [x: number, y: number]>;
  dashed?: boolean;
}

export interface PngChartText {
  title: string;
  x: string;
  y: string;
}

/**
 * A line chart as PNG for documents (the same data as the SVG charts of report.html): axes with
 * nice ticks, 2-pixel lines, a legend on the right. Labels use the ASCII bitmap font (a label it
 * cannot draw falls back to `series n`).
 */
export function lineChartPng(series: readonly PngSeries[], text: PngChartText, xFmt = (v: number) => String(+v.toPrecision(6))): Uint8Array {
  const W = 760;
  const H = 380;
  const left = 64;
  const top = 50;
  const legendW = 230;
  const pw = W - left - legendW - 20;
  const ph = H - top - 46;
  const cv = new Canvas(W, H, [255, 255, 255, 255]);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (!(x0 < x1)) [x0, x1] = [Number.isFinite(x0) ? x0 - 1 : 0, Number.isFinite(x0) ? x0 + 1 : 1];
  if (!(y0 < y1)) [y0, y1] = [Number.isFinite(y0) ? y0 - 0.5 : 0, Number.isFinite(y0) ? y0 + 0.5 : 1];
  const pad = (y1 - y0) * 0.06;
  y0 -= pad;
  y1 += pad;
  const sx = (v: number) => left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => top + ph - ((v - y0) / (y1 - y0)) * ph;
  const ink: Rgba = [30, 30, 30, 255];
  cv.text(left, 8, pngLabel(text.title, 'chart'), { scale: 2, color: ink });
  for (const v of niceTicks(y0, y1, 5)) {
    const y = Math.round(sy(v));
    cv.fillRect(left, y, pw, 1, [228, 228, 228, 255]);
    cv.text(left - 6, y, String(+v.toPrecision(6)), { align: 'right', baseline: 'middle', color: ink });
  }
  for (const v of niceTicks(x0, x1, 6)) {
    const x = Math.round(sx(v));
    cv.fillRect(x, top + ph, 1, 4, ink);
    cv.text(x, top + ph + 8, xFmt(v), { align: 'center', color: ink });
  }
  cv.strokeRect(left, top, pw + 1, ph + 1, ink);
  cv.text(left + pw / 2, H - 14, pngLabel(text.x, 'x'), { align: 'center', color: ink });
  cv.text(6, top - 16, pngLabel(text.y, 'y'), { color: ink });
  let legendRow = 0;
  series.forEach((s) => {
    const c = hexToRgba(s.colour);
    const xy: number[] = [];
    for (const [x, y] of s.points) if (Number.isFinite(x) && Number.isFinite(y)) xy.push(sx(x), sy(y));
    if (s.dashed) {
      for (let k = 2; k < xy.length; k += 2) {
        // Dashes measured along the whole segment (Bresenham restarts at each vertex).
        const n = Math.max(1, Math.round(Math.hypot(xy[k]! - xy[k - 2]!, xy[k + 1]! - xy[k - 1]!) / 6));
        for (let d = 0; d < n; d += 2) {
          const a = d / n;
          const b = Math.min(1, (d + 1) / n);
          cv.line(xy[k - 2]! + (xy[k]! - xy[k - 2]!) * a, xy[k - 1]! + (xy[k + 1]! - xy[k - 1]!) * a, xy[k - 2]! + (xy[k]! - xy[k - 2]!) * b, xy[k - 1]! + (xy[k + 1]! - xy[k - 1]!) * b, c, 1);
        }
      }
    } else {
      cv.polyline(xy, c, 2);
    }
    if (s.label === '') return; // no legend entry (e.g. a segment's existing crest, told by the title)
    const i = legendRow++;
    const ly = top + 6 + i * 14;
    if (s.dashed) for (let d = 0; d < 20; d += 6) cv.fillRect(left + pw + 16 + d, ly, 3, 1, c);
    else cv.fillRect(left + pw + 16, ly - 1, 20, 3, c);
    const label = pngLabel(s.label, `series ${i + 1}`);
    const max = Math.floor((legendW - 30) / 6);
    cv.text(left + pw + 42, ly, [...label].length > max ? `${[...label].slice(0, max - 1).join('')}~` : label, { baseline: 'middle', color: ink });
  });
  return cv.toPng({ Title: text.title, Software: 'floodzone' });
}
