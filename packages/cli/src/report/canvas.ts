import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font.js';
import { encodePng } from './png.js';

/** A colour as [red, green, blue, alpha], each 0–255 (straight alpha). */
export type Rgba = readonly [number, number, number, number];

export interface TextStyle {
  /** Integer magnification of the 5×9 bitmap font; default 1. */
  scale?: number;
  color?: Rgba;
  /** Outline drawn one font pixel around the ink so labels stay legible over any map. */
  halo?: Rgba;
  /** Where `x` sits on the text: default 'left'. */
  align?: 'left' | 'center' | 'right';
  /** Where `y` sits: 'top' (default) of the capitals, or 'middle'. */
  baseline?: 'top' | 'middle';
}

/**
 * An RGBA raster on a flat Uint8ClampedArray (row-major, 4 bytes per pixel) with the few drawing
 * operations a map needs: alpha-blended pixels, rectangles, Bresenham lines, scanline polygon
 * fill (even–odd, so holes work), bitmap text. Pixel (x, y) covers [x, x+1) × [y, y+1); polygon
 * edges are sampled at pixel centres.
 */
export class Canvas {
  readonly data: Uint8ClampedArray;
  constructor(readonly width: number, readonly height: number, background: Rgba = [255, 255, 255, 255]) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`canvas size must be positive whole pixels, got ${width}×${height}`);
    }
    this.data = new Uint8ClampedArray(width * height * 4);
    this.clear(background);
  }

  clear(c: Rgba): void {
    const d = this.data;
    for (let i = 0; i < d.length; i += 4) {
      d[i] = c[0];
      d[i + 1] = c[1];
      d[i + 2] = c[2];
      d[i + 3] = c[3];
    }
  }

  /** Source-over blend of one pixel; ignores pixels outside the canvas. */
  blend(x: number, y: number, r: number, g: number, b: number, a: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a <= 0) return;
    const i = (y * this.width + x) * 4;
    const d = this.data;
    if (a >= 255) {
      d[i] = r;
      d[i + 1] = g;
      d[i + 2] = b;
      d[i + 3] = 255;
      return;
    }
    const sa = a / 255;
    const da = d[i + 3]! / 255;
    const oa = sa + da * (1 - sa);
    d[i] = (r * sa + d[i]! * da * (1 - sa)) / oa;
    d[i + 1] = (g * sa + d[i + 1]! * da * (1 - sa)) / oa;
    d[i + 2] = (b * sa + d[i + 2]! * da * (1 - sa)) / oa;
    d[i + 3] = oa * 255;
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgba): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    if (c[3] >= 255) {
      const d = this.data;
      for (let yy = y0; yy < y1; yy++) {
        for (let i = (yy * this.width + x0) * 4, e = (yy * this.width + x1) * 4; i < e; i += 4) {
          d[i] = c[0];
          d[i + 1] = c[1];
          d[i + 2] = c[2];
          d[i + 3] = 255;
        }
      }
      return;
    }
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.blend(xx, yy, c[0], c[1], c[2], c[3]);
  }

  strokeRect(x: number, y: number, w: number, h: number, c: Rgba, width = 1): void {
    this.fillRect(x, y, w, width, c);
    this.fillRect(x, y + h - width, w, width, c);
    this.fillRect(x, y + width, width, h - 2 * width, c);
    this.fillRect(x + w - width, y + width, width, h - 2 * width, c);
  }

  /**
   * A straight line by Bresenham's algorithm (Bresenham 1965, IBM Systems Journal 4(1)) with a
   * square brush `width` pixels wide. Opaque colours draw exactly; translucent brushes overlap.
   */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgba, width = 1, dash?: readonly [number, number]): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const xe = Math.round(x1);
    const ye = Math.round(y1);
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    const h0 = -Math.floor((width - 1) / 2);
    const period = dash ? dash[0] + dash[1] : 0;
    let step = 0;
    // Bound the walk so absurd coordinates cannot spin forever.
    for (let guard = 0; guard <= dx - dy + 1; guard++) {
      if (!dash || step % period < dash[0]) {
        for (let oy = 0; oy < width; oy++) for (let ox = 0; ox < width; ox++) this.blend(x + h0 + ox, y + h0 + oy, c[0], c[1], c[2], c[3]);
      }
      step++;
      if (x === xe && y === ye) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /** A polyline through flat [x0, y0, x1, y1, …] pixel coordinates. */
  polyline(xy: ArrayLike<number>, c: Rgba, width = 1, dash?: readonly [number, number]): void {
    for (let i = 2; i + 1 < xy.length; i += 2) this.line(xy[i - 2]!, xy[i - 1]!, xy[i]!, xy[i + 1]!, c, width, dash);
  }

  /**
   * Fills polygons given as rings of flat [x, y, …] pixel coordinates (closing edge implied) by
   * the scanline method with the even–odd rule: holes subtract, and each pixel is blended once,
   * so a translucent fill stays even.
   */
  fillPolygon(rings: ReadonlyArray<ArrayLike<number>>, c: Rgba): void {
    let ymin = Infinity;
    let ymax = -Infinity;
    let edges = 0;
    for (const r of rings) {
      for (let i = 1; i < r.length; i += 2) {
        ymin = Math.min(ymin, r[i]!);
        ymax = Math.max(ymax, r[i]!);
      }
      edges += r.length >> 1;
    }
    if (!(ymin <= ymax) || edges === 0) return;
    const xs = new Float64Array(edges);
    const y0 = Math.max(0, Math.floor(ymin));
    const y1 = Math.min(this.height - 1, Math.ceil(ymax));
    for (let y = y0; y <= y1; y++) {
      const yc = y + 0.5;
      let n = 0;
      for (const r of rings) {
        const m = r.length >> 1;
        for (let i = 0, j = m - 1; i < m; j = i++) {
          const ay = r[2 * j + 1]!;
          const by = r[2 * i + 1]!;
          if (ay <= yc === by <= yc) continue;
          const ax = r[2 * j]!;
          const bx = r[2 * i]!;
          xs[n++] = ax + ((yc - ay) / (by - ay)) * (bx - ax);
        }
      }
      const row = xs.subarray(0, n).sort();
      for (let k = 0; k + 1 < n; k += 2) {
        const xa = Math.max(0, Math.ceil(row[k]! - 0.5));
        const xb = Math.min(this.width - 1, Math.ceil(row[k + 1]! - 0.5) - 1);
        for (let x = xa; x <= xb; x++) this.blend(x, y, c[0], c[1], c[2], c[3]);
      }
    }
  }

  /** Outlines of polygon rings. */
  strokePolygon(rings: ReadonlyArray<ArrayLike<number>>, c: Rgba, width = 1): void {
    for (const r of rings) {
      if (r.length < 4) continue;
      this.polyline(r, c, width);
      this.line(r[r.length - 2]!, r[r.length - 1]!, r[0]!, r[1]!, c, width);
    }
  }

  /** Copies (source-over) an RGBA image of w×h pixels with its top-left corner at (x, y). */
  drawImage(rgba: ArrayLike<number>, w: number, h: number, x: number, y: number): void {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const i = (yy * w + xx) * 4;
        this.blend(x + xx, y + yy, rgba[i]!, rgba[i + 1]!, rgba[i + 2]!, rgba[i + 3]!);
      }
    }
  }

  /** Draws one line of text with the bitmap font; returns its width in pixels. */
  text(x: number, y: number, text: string, style: TextStyle = {}): number {
    const s = Math.max(1, Math.round(style.scale ?? 1));
    const color = style.color ?? [20, 20, 20, 255];
    const w = textWidth(text, s);
    let left = Math.round(style.align === 'center' ? x - w / 2 : style.align === 'right' ? x - w : x);
    const top = Math.round(style.baseline === 'middle' ? y - (7 * s) / 2 : y);
    const chars = [...text];
    if (style.halo) {
      const h = style.halo;
      let cx = left;
      for (const ch of chars) {
        const g = glyph(ch);
        for (let r = 0; r < GLYPH_HEIGHT; r++) {
          for (let c = 0; c < GLYPH_WIDTH; c++) {
            if (!g[r * GLYPH_WIDTH + c]) continue;
            this.fillRect(cx + (c - 1) * s, top + (r - 1) * s, 3 * s, 3 * s, [h[0], h[1], h[2], 255]);
          }
        }
        cx += ADVANCE * s;
      }
    }
    for (const ch of chars) {
      const g = glyph(ch);
      for (let r = 0; r < GLYPH_HEIGHT; r++) {
        for (let c = 0; c < GLYPH_WIDTH; c++) {
          if (g[r * GLYPH_WIDTH + c]) this.fillRect(left + c * s, top + r * s, s, s, color);
        }
      }
      left += ADVANCE * s;
    }
    return w;
  }

  toPng(text?: Record<string, string>): Uint8Array {
    return encodePng(this.data, this.width, this.height, text);
  }
}
