import type { Affine } from '@floodzone/raster';
import { Canvas, type Rgba } from './canvas.js';
import { hasGlyph, textWidth } from './font.js';
import { depthRgba, displayDepth, labelRgba, terrainRgba, WATER_RGB, type DisplayGrid } from './layers.js';
import { BLUES, hexToRgba, niceCeil, niceFloor, niceTicks, OWNER_COLOURS, rampColour } from './ramp.js';

/** Minimal GeoJSON geometries the map draws (coordinates in the DEM's CRS). */
export type MapGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] };

export interface MapFeature {
  geometry: MapGeometry;
  /** Drawn on the map (ASCII; see `pngLabel`). */
  label: string;
  /** Colour key: features with the same key share a colour and one legend entry. */
  key: string;
}

export interface MapInput {
  /** The DEM prepared for display (`displayGrid`): share it across the maps of one project. */
  grid: DisplayGrid;
  /** Flood depth in metres on the source grid, NaN or ≤ 0 where dry; omitted for a terrain-only map. */
  depth?: ArrayLike<number>;
  /** `displayDepth(depth, grid)` when the caller already has it (saves a pass over the source grid). */
  displayDepth?: { depth: Float32Array; max: number };
  /** Upper end of the depth legend in metres (share it across scenarios to compare maps); default: nice ceiling of the largest depth. */
  depthMax_m?: number;
  zones?: MapFeature[];
  /**
   * Zones as labels on the display grid (`displayLabels` of a zone-id grid), drawn as outlined
   * areas: cheaper than polygons on large grids. `zoneText(id)` gives the label and legend entry.
   */
  zoneGrid?: { labels: Int32Array; text: (id: number) => { label: string; key: string } };
  lines?: MapFeature[];
  /** Set-back lines (Figure 4-6), drawn in dark grey on a white casing and labelled with their `label`. */
  setbacks?: MapFeature[];
  title: string;
  subtitle?: string;
  /** Legend headings, so the PNG can follow --lang where the font allows (ASCII only). */
  text?: Partial<MapText>;
}

export interface MapText {
  depth: string;
  water: string;
  zones: string;
  lines: string;
  north: string;
  setback: string;
}

/** Zones are outlined in one colour (not an owner's): owners are told by the lines and the legend. */
const ZONE_RGB: Rgba = [123, 50, 148, 255];

const DEFAULT_TEXT: MapText = { depth: 'Flood depth (m)', water: 'Water today', zones: 'Protection zones', lines: 'Protection lines', north: 'N', setback: 'Setback line (Fig. 4-6)' };

/** `text` (with − ‘ ’ “ ” … made ASCII) when the bitmap font can draw every character, otherwise `fallback` (e.g. "Owner 2"). */
export function pngLabel(text: string, fallback: string): string {
  // Typographic signs the font lacks but ASCII can say.
  const t = text.replace(/\u2212/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\u2026/g, '...');
  for (const ch of t) if (!hasGlyph(ch)) return fallback;
  return t;
}

export interface RenderedMap {
  canvas: Canvas;
  /** World → canvas pixel (for tests and overlays). */
  toPixel(x: number, y: number): [number, number];
  /** The depth at which the legend ends, metres. */
  depthMax_m: number;
  /** Labels left out because they would overlap others. */
  labelsSkipped: number;
}

const TITLE_H = 52;
const PANEL_W = 200;
const MARGIN = 10;

/**
 * Renders a flood map: hillshaded terrain (Horn 1981), water today, flood depth on the Blues ramp
 * with its legend, zones (translucent fills) and protection lines coloured and labelled by owner,
 * a scale bar, a north arrow and a title. Large grids are reduced by blocks (mean elevation, max
 * depth, so no flooded block disappears); small grids are enlarged by whole pixels.
 */
export function renderFloodMap(input: MapInput): RenderedMap {
  const g = input.grid;
  const t = g.transform;
  const text = { ...DEFAULT_TEXT, ...input.text };
  const { W, H, k } = g;
  const u = Math.max(1, Math.floor(800 / Math.max(W, H))); // enlargement of small grids
  const dd = input.displayDepth ?? (input.depth ? displayDepth(input.depth, g) : undefined);
  const depthMax = input.depthMax_m ?? niceCeil(dd?.max ?? 0);

  const mapW = W * u;
  const mapH = H * u;
  // Subtitle wrapped at '; ' to the map's width; the canvas widens for a long title.
  const subLines: string[] = [];
  for (const part of (input.subtitle ?? '').split('; ').filter(Boolean)) {
    const last = subLines[subLines.length - 1];
    if (last !== undefined && textWidth(`${last}; ${part}`) <= mapW + PANEL_W - 10) subLines[subLines.length - 1] = `${last}; ${part}`;
    else subLines.push(part);
  }
  const titleH = TITLE_H + Math.max(0, subLines.length - 1) * 11;
  const cw = Math.max(mapW + 2 * MARGIN + PANEL_W, textWidth(input.title, 2) + 2 * MARGIN, ...subLines.map((l) => textWidth(l) + 2 * MARGIN));
  const ch = Math.max(mapH + titleH + 2 * MARGIN, titleH + 420);
  const cv = new Canvas(cw, ch, [255, 255, 255, 255]);
  const ox = MARGIN;
  const oy = titleH + MARGIN;
  const base = terrainRgba(g);
  const flood = dd ? depthRgba(dd.depth, g, depthMax) : undefined;
  // Terrain, or the flood where there is one: each display cell becomes a u×u block.
  const px = cv.data;
  for (let R = 0; R < H; R++) {
    for (let C = 0; C < W; C++) {
      const j = (R * W + C) * 4;
      const src = flood && flood[j + 3]! > 0 ? flood : base;
      const r = src[j]!;
      const gg = src[j + 1]!;
      const b = src[j + 2]!;
      for (let y = 0; y < u; y++) {
        let o = ((oy + R * u + y) * cw + ox + C * u) * 4;
        for (let x = 0; x < u; x++, o += 4) {
          px[o] = r;
          px[o + 1] = gg;
          px[o + 2] = b;
          px[o + 3] = 255;
        }
      }
    }
  }

  // World → canvas pixel through the inverse affine (reduced by k, enlarged by u).
  const det = t[1] * t[5] - t[2] * t[4];
  const toPixel = (x: number, y: number): [number, number] => {
    const dx = x - t[0];
    const dy = y - t[3];
    const col = (t[5] * dx - t[2] * dy) / det;
    const row = (-t[4] * dx + t[1] * dy) / det;
    return [ox + (col / k) * u, oy + (row / k) * u];
  };

  const colourOf = new Map<string, Rgba>();
  const keyColour = (key: string): Rgba => {
    let c = colourOf.get(key);
    if (!c) {
      c = hexToRgba(OWNER_COLOURS[colourOf.size % OWNER_COLOURS.length]!);
      colourOf.set(key, c);
    }
    return c;
  };
  const ringsOf = (g: MapGeometry): number[][] => {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    const rings: number[][] = [];
    for (const p of polys) {
      for (const ring of p) {
        const flat: number[] = [];
        for (const pt of ring) flat.push(...toPixel(pt[0]!, pt[1]!));
        rings.push(flat);
      }
    }
    return rings;
  };
  const pathsOf = (g: MapGeometry): number[][] => {
    const paths = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    return paths.map((p) => p.flatMap((pt) => toPixel(pt[0]!, pt[1]!)));
  };

  // Clip drawing to the map area by drawing on a layer canvas of the map's size.
  const placed: Array<[number, number, number, number]> = [];
  const placedText: Array<[string, number, number]> = [];
  let skipped = 0;
  const labelScale = mapW >= 900 ? 2 : 1;
  const tryLabel = (x: number, y: number, s: string, colour: Rgba) => {
    const w = textWidth(s, labelScale) + 4;
    const h = 9 * labelScale + 4;
    const box: [number, number, number, number] = [x - w / 2, y - h / 2, w, h];
    const inside = box[0] >= ox && box[1] >= oy && box[0] + w <= ox + mapW && box[1] + h <= oy + mapH;
    const overlaps = placed.some((b) => b[0] < box[0] + w && box[0] < b[0] + b[2] && b[1] < box[1] + h && box[1] < b[1] + b[3]);
    // The same text again nearby adds nothing (an owner's consecutive segments).
    const repeats = placedText.some(([t, px, py]) => t === s && Math.hypot(px - x, py - y) < 160);
    if (!inside || overlaps || repeats) {
      skipped++;
      return;
    }
    placed.push(box);
    placedText.push([s, x, y]);
    cv.text(x, y, s, { scale: labelScale, color: colour, halo: [255, 255, 255, 255], align: 'center', baseline: 'middle' });
  };

  // [x, y, label, colour, area px², width px, longer label with owners]
  const zoneLabels: Array<[number, number, string, Rgba, number, number, string]> = [];
  const gridZoneKeys: string[] = [];
  if (input.zoneGrid) {
    const { labels, text: zt } = input.zoneGrid;
    const img = labelRgba(labels, W, () => ZONE_RGB, 30, u);
    cv.drawImage(img, W * u, H * u, ox, oy);
    // Label each zone at the centre of its cells' bounding box; its size decides whether it fits.
    const box = new Map<number, [number, number, number, number]>();
    for (let R = 0; R < H; R++) {
      for (let C = 0; C < W; C++) {
        const id = labels[R * W + C]!;
        if (id <= 0) continue;
        const b = box.get(id);
        if (!b) box.set(id, [C, R, C, R]);
        else {
          if (C < b[0]) b[0] = C;
          if (R < b[1]) b[1] = R;
          if (C > b[2]) b[2] = C;
          if (R > b[3]) b[3] = R;
        }
      }
    }
    for (const [id, b] of box) {
      const t = zt(id);
      gridZoneKeys.push(t.key);
      zoneLabels.push([ox + ((b[0] + b[2] + 1) / 2) * u, oy + ((b[1] + b[3] + 1) / 2) * u, t.label, ZONE_RGB, (b[2] - b[0] + 1) * u * (b[3] - b[1] + 1) * u, (b[2] - b[0] + 1) * u, t.key]);
    }
  }
  for (const f of input.zones ?? []) {
    const c = ZONE_RGB;
    const rings = ringsOf(f.geometry);
    cv.fillPolygon(rings, [c[0], c[1], c[2], 30]);
    cv.strokePolygon(rings, [c[0], c[1], c[2], 255], 2);
    // Label at the centre of the largest ring's bounding box.
    let best: number[] | undefined;
    let bestA = -1;
    for (const r of rings) {
      let a = 0;
      for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) a += r[j]! * r[i + 1]! - r[i]! * r[j + 1]!;
      if (Math.abs(a) > bestA) {
        bestA = Math.abs(a);
        best = r;
      }
    }
    if (best) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let i = 0; i < best.length; i += 2) {
        x0 = Math.min(x0, best[i]!);
        x1 = Math.max(x1, best[i]!);
        y0 = Math.min(y0, best[i + 1]!);
        y1 = Math.max(y1, best[i + 1]!);
      }
      zoneLabels.push([(x0 + x1) / 2, (y0 + y1) / 2, f.label, c, (x1 - x0) * (y1 - y0), x1 - x0, f.key]);
    }
  }
  const lineLabels: Array<[number, number, string, Rgba]> = [];
  const manyLines = (input.lines?.length ?? 0) > 100;
  for (const f of input.lines ?? []) {
    const c = keyColour(f.key);
    for (const p of pathsOf(f.geometry)) {
      if (!manyLines) cv.polyline(p, [255, 255, 255, 255], u >= 3 ? 5 : 4);
      cv.polyline(p, c, manyLines ? 1 : u >= 3 ? 3 : 2);
    }
    const p = pathsOf(f.geometry)[0];
    if (p && p.length >= 4) {
      const m = (p.length >> 2) << 1;
      const mx = p.length >= 6 ? p[m]! : (p[0]! + p[2]!) / 2;
      const my = p.length >= 6 ? p[m + 1]! : (p[1]! + p[3]!) / 2;
      lineLabels.push([mx, my, f.label, c]);
    }
  }
  for (const f of input.setbacks ?? []) {
    const paths = pathsOf(f.geometry);
    for (const p of paths) {
      cv.polyline(p, [255, 255, 255, 255], 4);
      cv.polyline(p, [40, 40, 40, 255], 2);
    }
    const p = paths[0];
    if (p && p.length >= 4) lineLabels.push([p[(p.length >> 2) << 1]!, p[((p.length >> 2) << 1) + 1]!, f.label, [60, 60, 60, 255]]);
  }
  // Wipe whatever vectors spilled outside the map frame.
  cv.fillRect(0, 0, cw, oy, [255, 255, 255, 255]);
  cv.fillRect(0, oy + mapH, cw, ch - oy - mapH, [255, 255, 255, 255]);
  cv.fillRect(0, oy, ox, mapH, [255, 255, 255, 255]);
  cv.fillRect(ox + mapW, oy, cw - ox - mapW, mapH, [255, 255, 255, 255]);
  for (const [x, y, s, c] of lineLabels) tryLabel(x, y - 8 * labelScale, s, [Math.round(c[0] * 0.6), Math.round(c[1] * 0.6), Math.round(c[2] * 0.6), 255]);
  // Zone labels, largest zones first, only where the zone is big enough on the map to carry one.
  zoneLabels.sort((a, b) => b[4] - a[4]);
  for (const [x, y, s, c, a, w, long] of zoneLabels.slice(0, 40)) {
    // The label with the owners where the zone is wide enough, else the short one.
    const text = textWidth(long, labelScale) + 12 <= w ? long : s;
    if (a >= (textWidth(text, labelScale) + 8) * 12 * labelScale) tryLabel(x, y, text, [Math.round(c[0] * 0.6), Math.round(c[1] * 0.6), Math.round(c[2] * 0.6), 255]);
  }
  cv.strokeRect(ox - 1, oy - 1, mapW + 2, mapH + 2, [60, 60, 60, 255]);

  // Title.
  cv.text(MARGIN, 8, input.title, { scale: 2, color: [10, 10, 10, 255] });
  subLines.forEach((l, i) => cv.text(MARGIN, 34 + 11 * i, l, { scale: 1, color: [60, 60, 60, 255] }));

  // Scale bar (bottom-left inside the map).
  const mPerPixel = g.cellX_m / u;
  const target = niceFloor((mapW / 4) * mPerPixel);
  if (target > 0) {
    const len = Math.round(target / mPerPixel);
    const sx = ox + 12;
    const sy = oy + mapH - 16;
    const label = target >= 1000 ? `${+(target / 1000).toPrecision(6)} km` : `${+target.toPrecision(6)} m`;
    cv.fillRect(sx - 6, sy - 18, Math.max(len, textWidth(label)) + 12, 30, [255, 255, 255, 220]);
    cv.fillRect(sx, sy, len, 5, [20, 20, 20, 255]);
    cv.fillRect(sx + Math.round(len / 2), sy + 1, Math.ceil(len / 2) - 1, 3, [255, 255, 255, 255]);
    cv.fillRect(sx, sy - 3, 1, 8, [20, 20, 20, 255]);
    cv.fillRect(sx + len - 1, sy - 3, 1, 8, [20, 20, 20, 255]);
    cv.text(sx, sy - 13, '0', { color: [20, 20, 20, 255] });
    cv.text(sx + len, sy - 13, label, { color: [20, 20, 20, 255], align: 'right' });
  }

  // North arrow (top-right inside the map), turned to where the grid's +Y (north in a projected
  // CRS, up to the meridian convergence) points on the canvas: ∂(col,row)/∂Y = (−rx, dx)/det.
  {
    const ax = ox + mapW - 24;
    const ay = oy + 26;
    const nx = -t[2] / det;
    const ny = t[1] / det;
    const len = Math.hypot(nx, ny) || 1;
    const ux = nx / len;
    const uy = ny / len; // unit vector towards north on the canvas
    const vx = -uy;
    const vy = ux; // perpendicular
    const pt = (a: number, b: number): [number, number] => [ax + ux * a + vx * b, ay + uy * a + vy * b];
    cv.fillRect(ax - 15, ay - 20, 30, 46, [255, 255, 255, 220]);
    const tip = pt(12, 0);
    const left = pt(-12, -8);
    const right = pt(-12, 8);
    const notch = pt(-6, 0);
    cv.fillPolygon([[...tip, ...left, ...notch]], [20, 20, 20, 255]);
    cv.fillPolygon([[...tip, ...right, ...notch]], [150, 150, 150, 255]);
    const lab = pt(-19, 0);
    cv.text(lab[0], lab[1], text.north, { align: 'center', baseline: 'middle', color: [20, 20, 20, 255], halo: [255, 255, 255, 255] });
  }

  // Legend panel.
  let ly = oy;
  const lx = ox + mapW + 16;
  if (dd) {
    cv.text(lx, ly, text.depth, { color: [20, 20, 20, 255] });
    ly += 14;
    const barH = 150;
    for (let i = 0; i < barH; i++) cv.fillRect(lx, ly + i, 18, 1, rampColour(BLUES, 1 - i / (barH - 1)));
    cv.strokeRect(lx - 1, ly - 1, 20, barH + 2, [60, 60, 60, 255]);
    const over = (dd.max > depthMax + 1e-9);
    for (const v of niceTicks(0, depthMax, 5)) {
      const y = ly + (1 - v / depthMax) * (barH - 1);
      cv.fillRect(lx + 19, Math.round(y), 4, 1, [20, 20, 20, 255]);
      cv.text(lx + 27, y, `${over && v === depthMax ? '≥' : ''}${+v.toFixed(2)}`, { baseline: 'middle', color: [20, 20, 20, 255] });
    }
    ly += barH + 14;
  }
  if (g.water.some((v) => v === 1)) {
    cv.fillRect(lx, ly, 18, 10, WATER_RGB);
    cv.strokeRect(lx - 1, ly - 1, 20, 12, [60, 60, 60, 255]);
    cv.text(lx + 26, ly + 5, text.water, { baseline: 'middle', color: [20, 20, 20, 255] });
    ly += 22;
  }
  const keysOf = (fs: MapFeature[] | undefined) => [...new Set((fs ?? []).map((f) => f.key))];
  const zoneKeys = [...new Set([...gridZoneKeys, ...keysOf(input.zones)])];
  if (zoneKeys.length) {
    cv.text(lx, ly, text.zones, { color: [20, 20, 20, 255] });
    ly += 14;
    const c = ZONE_RGB;
    cv.fillRect(lx, ly, 18, 10, [c[0], c[1], c[2], 30]);
    cv.strokeRect(lx, ly, 18, 10, c, 2);
    cv.text(lx + 26, ly + 5, `${zoneKeys.length}`, { baseline: 'middle', color: [20, 20, 20, 255] });
    ly += 14;
    // Zones that join facilities, with their owners (a zone without facilities has nothing to add).
    const told = zoneKeys.filter((k) => k.includes(':'));
    for (const key of told.slice(0, 8)) {
      cv.text(lx, ly + 5, clip(key, 31), { baseline: 'middle', color: [20, 20, 20, 255] });
      ly += 12;
    }
    if (told.length > 8) {
      cv.text(lx, ly + 5, `+${told.length - 8} more`, { baseline: 'middle', color: [90, 90, 90, 255] });
      ly += 12;
    }
    ly += 8;
  }
  const lineKeys = keysOf(input.lines);
  if (lineKeys.length) {
    cv.text(lx, ly, text.lines, { color: [20, 20, 20, 255] });
    ly += 14;
    for (const key of lineKeys.slice(0, 12)) {
      const c = keyColour(key);
      cv.fillRect(lx, ly + 4, 18, 3, c);
      cv.text(lx + 26, ly + 5, clip(key, 27), { baseline: 'middle', color: [20, 20, 20, 255] });
      ly += 14;
    }
    if (lineKeys.length > 12) {
      cv.text(lx, ly + 5, `+${lineKeys.length - 12} more owners`, { baseline: 'middle', color: [90, 90, 90, 255] });
      ly += 14;
    }
  }
  if (input.setbacks?.length) {
    cv.fillRect(lx, ly + 3, 18, 5, [255, 255, 255, 255]);
    cv.fillRect(lx, ly + 4, 18, 3, [40, 40, 40, 255]);
    cv.text(lx + 26, ly + 5, text.setback, { baseline: 'middle', color: [20, 20, 20, 255] });
  }
  return { canvas: cv, toPixel, depthMax_m: depthMax, labelsSkipped: skipped };
}

function clip(s: string, n: number): string {
  const cs = [...s];
  return cs.length <= n ? s : `${cs.slice(0, n - 1).join('')}~`;
}
