import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { groundCellSize, resolveCrs, type Affine } from '@floodzone/raster';
import { Canvas } from '../src/report/canvas.js';
import { lineChartPng } from '../src/report/chart-png.js';
import { crestChart, levelCurveChart, worksTimeline } from '../src/report/charts.js';
import { ADVANCE, glyph, hasGlyph, textWidth } from '../src/report/font.js';
import { hillshadeHorn1981 } from '../src/report/hillshade.js';
import { displayDepth, displayGrid, displayLabels } from '../src/report/layers.js';
import { pngLabel, renderFloodMap } from '../src/report/map.js';
import { crc32, encodePng } from '../src/report/png.js';
import { BLUES, hexToRgba, niceCeil, niceFloor, niceTicks, rampColour } from '../src/report/ramp.js';
import { rng } from '../../../test-support/random.js';

/** A tiny PNG reader for the tests: checks every chunk CRC and undoes filters 0 and 2. */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array; chunks: string[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  const chunks: string[] = [];
  while (o < png.length) {
    const len = dv.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    chunks.push(type);
    expect(dv.getUint32(o + 8 + len)).toBe(crc32(png, o + 4, o + 8 + len));
    if (type === 'IHDR') {
      width = dv.getUint32(o + 8);
      height = dv.getUint32(o + 12);
      expect(png[o + 16]).toBe(8);
      expect(png[o + 17]).toBe(6);
    }
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i]!;
      if (f === 0) rgba[y * stride + i] = v;
      else if (f === 2) rgba[y * stride + i] = (v + (y ? rgba[(y - 1) * stride + i]! : 0)) & 0xff;
      else throw new Error(`filter ${f}`);
    }
  }
  return { width, height, rgba, chunks };
}

describe('PNG encoder', () => {
  it('matches the published CRC-32 check value', () => {
    // The CRC-32 "check" of the ASCII string 123456789 is 0xCBF43926 (zlib, PNG spec Annex D).
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips random pixels through IHDR, tEXt, IDAT and IEND with valid CRCs', () => {
    const r = rng(7);
    const w = 37;
    const h = 23;
    const px = new Uint8Array(w * h * 4);
    for (let i = 0; i < px.length; i++) px[i] = Math.floor(r() * 256);
    const png = encodePng(px, w, h, { Title: 'test' });
    const d = decodePng(png);
    expect(d.chunks).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
    expect([d.width, d.height]).toEqual([w, h]);
    expect(Buffer.from(d.rgba).equals(Buffer.from(px))).toBe(true);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow(/2×2×4 = 16 bytes, got 10/);
    expect(() => encodePng(new Uint8Array(0), 0, 1)).toThrow(/positive whole pixels/);
  });
});

describe('Canvas', () => {
  it('fills a polygon exactly where a naive point-in-polygon test of pixel centres says (seeded)', () => {
    const r = rng(42);
    for (let trial = 0; trial < 30; trial++) {
      const n = 3 + Math.floor(r() * 6);
      const rings = [Array.from({ length: 2 * n }, () => r() * 40 - 5)];
      if (trial % 3 === 0) rings.push(Array.from({ length: 8 }, () => r() * 30));
      const cv = new Canvas(32, 32, [0, 0, 0, 0]);
      cv.fillPolygon(rings, [255, 0, 0, 255]);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          // Even–odd crossing test over all rings (the reference).
          let inside = false;
          for (const ring of rings) {
            const m = ring.length / 2;
            for (let i = 0, j = m - 1; i < m; j = i++) {
              const [xi, yi, xj, yj] = [ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!];
              if (yi > y + 0.5 !== yj > y + 0.5 && x + 0.5 < ((xj - xi) * (y + 0.5 - yi)) / (yj - yi) + xi) inside = !inside;
            }
          }
          expect(cv.data[(y * 32 + x) * 4 + 3], `trial ${trial} pixel ${x},${y}`).toBe(inside ? 255 : 0);
        }
      }
    }
  });

  it('blends a translucent fill once per pixel, also where rings overlap edges', () => {
    const cv = new Canvas(10, 10, [255, 255, 255, 255]);
    cv.fillPolygon([[0, 0, 10, 0, 10, 10, 0, 10]], [0, 0, 0, 128]);
    const v = cv.data[(5 * 10 + 5) * 4]!;
    for (let i = 0; i < 100; i++) expect(cv.data[i * 4]).toBe(v);
    expect(v).toBe(127);
  });

  it('draws Bresenham lines through both end points, 8-connected, one pixel per step', () => {
    const r = rng(3);
    for (let trial = 0; trial < 50; trial++) {
      const [x0, y0, x1, y1] = [0, 0, 0, 0].map(() => Math.floor(r() * 20));
      const cv = new Canvas(20, 20, [0, 0, 0, 0]);
      cv.line(x0!, y0!, x1!, y1!, [0, 0, 0, 255]);
      let count = 0;
      for (let i = 0; i < 400; i++) if (cv.data[i * 4 + 3]) count++;
      expect(cv.data[(y0! * 20 + x0!) * 4 + 3]).toBe(255);
      expect(cv.data[(y1! * 20 + x1!) * 4 + 3]).toBe(255);
      expect(count).toBe(Math.max(Math.abs(x1! - x0!), Math.abs(y1! - y0!)) + 1);
    }
  });

  it('draws text with the bitmap font: ink count equals the glyph bits, width as measured', () => {
    const cv = new Canvas(100, 20, [255, 255, 255, 255]);
    const w = cv.text(2, 2, 'Hi 5m', { color: [0, 0, 0, 255] });
    expect(w).toBe(textWidth('Hi 5m'));
    expect(w).toBe(5 * ADVANCE - 1);
    let ink = 0;
    for (let i = 0; i < 2000; i++) if (cv.data[i * 4] === 0) ink++;
    const bits = [...'Hi 5m'].reduce((s, ch) => s + glyph(ch).reduce((a, b) => a + b, 0), 0);
    expect(ink).toBe(bits);
  });
});

describe('font', () => {
  it('has every printable ASCII character, distinct glyphs for letters and digits', () => {
    const seen = new Set<string>();
    for (let c = 33; c < 127; c++) {
      const ch = String.fromCharCode(c);
      expect(hasGlyph(ch), ch).toBe(true);
      const key = glyph(ch).join('');
      expect(seen.has(key), `glyph of ${ch} repeats another`).toBe(false);
      seen.add(key);
    }
    expect(hasGlyph('港')).toBe(false);
    expect(pngLabel('港湾局', 'Owner 1')).toBe('Owner 1');
    expect(pngLabel('Kaiun K.K.', 'Owner 1')).toBe('Kaiun K.K.');
    expect(pngLabel('Quay A (−12 m)', 'x')).toBe('Quay A (-12 m)');
  });
});

describe('hillshade (Horn 1981)', () => {
  it('gives sin(altitude) on flat ground and the Lambert cosine on a tilted plane', () => {
    const w = 6;
    const h = 5;
    const flat = new Float32Array(w * h).fill(3);
    const s0 = hillshadeHorn1981(flat, w, h, 10, 10);
    for (const v of s0) expect(v).toBeCloseTo(Math.sin(Math.PI / 4), 6);
    // Plane rising to the east with slope 0.5: normal (-0.5, 0, 1)/|.|; light from azimuth 315°, altitude 45°.
    const plane = new Float32Array(w * h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) plane[r * w + c] = 0.5 * 10 * c;
    const s1 = hillshadeHorn1981(plane, w, h, 10, 10);
    const L = [Math.sin((315 * Math.PI) / 180) * Math.cos(Math.PI / 4), Math.cos((315 * Math.PI) / 180) * Math.cos(Math.PI / 4), Math.sin(Math.PI / 4)];
    expect(s1[2 * w + 2]).toBeCloseTo((-0.5 * L[0]! + L[2]!) / Math.hypot(0.5, 1), 6);
    expect(L[1]).toBeCloseTo(Math.SQRT1_2 * Math.SQRT1_2, 9);
    // A slope facing the light (rising to the south-east) is brighter than flat ground.
    const facing = new Float32Array(w * h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) facing[r * w + c] = 2 * (c + r);
    expect(hillshadeHorn1981(facing, w, h, 10, 10)[2 * w + 2]!).toBeGreaterThan(s0[0]!);
  });

  it('keeps NaN cells NaN and shades their neighbours from the centre value', () => {
    const z = new Float32Array([1, 1, 1, 1, NaN, 1, 1, 1, 1]);
    const s = hillshadeHorn1981(z, 3, 3, 1, 1);
    expect(Number.isNaN(s[4]!)).toBe(true);
    expect(s[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('rejects a non-positive cell size', () => {
    expect(() => hillshadeHorn1981(new Float32Array(4), 2, 2, 0, 1)).toThrow(/positive metres/);
  });
});

describe('ramps and nice numbers', () => {
  it('the depth ramp darkens monotonically (relative luminance, sRGB)', () => {
    const lum = (t: number) => {
      const [r, g, b] = rampColour(BLUES, t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let i = 1; i <= 20; i++) expect(lum(i / 20)).toBeLessThan(lum((i - 1) / 20));
    expect(rampColour(BLUES, -1)).toEqual(hexToRgba(BLUES[0]!));
    expect(rampColour(BLUES, 2)).toEqual(hexToRgba(BLUES[BLUES.length - 1]!));
  });

  it('nice bounds and ticks', () => {
    expect(niceCeil(1.7)).toBe(2);
    expect(niceCeil(2.2)).toBe(2.5);
    expect(niceCeil(0.031)).toBeCloseTo(0.05);
    expect(niceFloor(4850)).toBe(2000);
    expect(niceFloor(730)).toBe(500);
    expect(niceTicks(0, 2.5, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(2020, 2100, 6)).toEqual([2020, 2040, 2060, 2080, 2100]);
  });
});

describe('flood map', () => {
  const W = 60;
  const H = 40;
  const z = new Float32Array(W * H);
  const water = new Uint8Array(W * H);
  const depth = new Float32Array(W * H).fill(NaN);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      z[r * W + c] = c < 10 ? -3 : (c - 10) * 0.1;
      if (c < 10) water[r * W + c] = 1;
      else if (z[r * W + c]! < 2) depth[r * W + c] = 2 - z[r * W + c]!;
    }
  }
  const t = [1000, 10, 0, 9000, 0, -10] as const;

  it('draws deep water dark blue, shallow pale, dry ground grey, and places lines where their coordinates say', () => {
    const g = displayGrid(z, W, H, t, null, 1000, water);
    const m = renderFloodMap({
      grid: g,
      depth,
      title: 'Test',
      lines: [{ geometry: { type: 'LineString', coordinates: [[1100, 8950], [1100, 8700]] }, label: 'Owner A', key: 'Owner A' }],
    });
    expect(m.depthMax_m).toBe(2);
    const px = (x: number, y: number) => {
      const [cx, cy] = m.toPixel(x, y).map(Math.floor) as [number, number];
      const i = (cy * m.canvas.width + cx) * 4;
      return [m.canvas.data[i]!, m.canvas.data[i + 1]!, m.canvas.data[i + 2]!];
    };
    const deep = px(1105, 8645); // column 10: depth 2 m
    const shallow = px(1295, 8645); // column 29: depth 0.1 m
    const dry = px(1500, 8645); // column 50: dry
    expect(deep[2]! - deep[0]!).toBeGreaterThan(60); // blue
    expect(shallow[0]! + shallow[1]!).toBeGreaterThan(deep[0]! + deep[1]! + 150); // paler
    expect(Math.abs(dry[0]! - dry[2]!)).toBeLessThan(30); // grey
    // The line's first colour of the owner palette (#E69F00) at its middle.
    expect(px(1100, 8800)).toEqual([0xe6, 0x9f, 0x00]);
    const png = decodePng(m.canvas.toPng());
    expect(png.width).toBe(m.canvas.width);
  });

  it('turns the north arrow with the grid: the light half of the arrow lies lower on a north-up map than on a south-up one', () => {
    const greyMeanY = (dy: number) => {
      const g = displayGrid(z, W, H, [1000, 10, 0, 9000, 0, dy], null, 1000, water);
      const m = renderFloodMap({ grid: g, title: 'N' });
      const cv = m.canvas;
      let sum = 0;
      let n = 0;
      for (let y = 0; y < cv.height; y++) {
        for (let x = 0; x < cv.width; x++) {
          const i = (y * cv.width + x) * 4;
          if (cv.data[i] === 150 && cv.data[i + 1] === 150 && cv.data[i + 2] === 150) {
            sum += y;
            n++;
          }
        }
      }
      expect(n).toBeGreaterThan(20);
      return sum / n;
    };
    // Centroid of the light triangle: 2 px behind the centre along the arrow, so 4 px apart.
    expect(greyMeanY(-10) - greyMeanY(10)).toBeGreaterThan(3);
  });

  it('outlines zones from a label grid: opaque edge, translucent inside, one legend entry per zone', () => {
    const g = displayGrid(z, W, H, t, null, 1000, water);
    const labels = new Int32Array(g.W * g.H);
    for (let r = 10; r < 20; r++) for (let c = 30; c < 45; c++) labels[r * g.W + c] = 3;
    const plain = renderFloodMap({ grid: g, title: 'Z' });
    const m = renderFloodMap({ grid: g, title: 'Z', zoneGrid: { labels, text: (id) => ({ label: `Zone ${id}`, key: `Zone ${id}: Owner A` }) } });
    const at = (mm: typeof m, x: number, y: number) => {
      const [cx, cy] = mm.toPixel(x, y).map(Math.floor) as [number, number];
      const i = (cy * mm.canvas.width + cx) * 4;
      return [mm.canvas.data[i]!, mm.canvas.data[i + 1]!, mm.canvas.data[i + 2]!];
    };
    // West edge of the zone (column 30 starts at x = 1300) and a point inside it, away from the label.
    expect(at(m, 1300.5, 8850)).toEqual([123, 50, 148]);
    const inside = at(m, 1320, 8880);
    const base = at(plain, 1320, 8880);
    expect(inside).not.toEqual(base);
    expect(Math.abs(inside[0]! - base[0]!)).toBeLessThan(40); // translucent, the ground still shows
    expect(at(m, 1280, 8850)).toEqual(at(plain, 1280, 8850)); // outside untouched
  });

  it('measures geographic and Web Mercator grids in ground metres (groundCellSize), for the scale bar', () => {
    // 0.001° cells from 35.02° N down to 34.98° N: the middle latitude is 35.00°.
    const geo: Affine = [139.7, 0.001, 0, 35.02, 0, -0.001];
    const g = displayGrid(z.subarray(0, 60 * 40), 60, 40, geo, resolveCrs(6668), 1000);
    expect([g.cellX_m, g.cellY_m]).toEqual(groundCellSize({ width: 60, height: 40, transform: geo, crs: resolveCrs(6668) }));
    expect(g.cellX_m).toBeCloseTo(91.3, 1); // 0.001° of longitude at 35° N
    // Web Mercator at 60° N: 100 m of CRS is 50 m on the ground
    const yc = 6378137 * Math.asinh(Math.tan(Math.PI / 3));
    const m = displayGrid(z.subarray(0, 4), 2, 2, [0, 100, 0, yc + 100, 0, -100], resolveCrs(3857), 1000);
    expect(m.cellX_m).toBeCloseTo(50, 6);
  });

  it('reduces large grids by blocks: mean elevation, max depth, majority label', () => {
    const g = displayGrid(z, W, H, t, null, 20, water);
    expect(g.k).toBe(3);
    expect([g.W, g.H]).toEqual([20, 14]);
    expect(g.z[0]).toBeCloseTo(-3, 6);
    const d = displayDepth(depth, g);
    // Block column 3 covers source columns 9..11: column 9 is water (block not majority water), max depth at column 10 = 2 m.
    expect(d.depth[3]).toBeCloseTo(2, 6);
    expect(d.max).toBeCloseTo(2, 6);
    const labels = new Int32Array(W * H);
    labels.fill(7, 0, 2);
    labels.fill(9, W, W + 3);
    expect(displayLabels(labels, g)[0]).toBe(9);
  });
});

describe('PNG charts', () => {
  it('draw each series in its colour inside the plot, with a legend entry only for labelled series', () => {
    const png = lineChartPng(
      [
        { label: 'required', colour: '#009E73', points: [[2020, 4], [2100, 5]] },
        { label: '', colour: '#D55E00', dashed: true, points: [[2020, 4.5], [2100, 4.5]] },
      ],
      { title: 'Crest', x: 'year', y: 'crest (m)' },
    );
    const d = decodePng(png);
    expect([d.width, d.height]).toEqual([760, 380]);
    const count = (r: number, g: number, b: number) => {
      let n = 0;
      for (let i = 0; i < d.rgba.length; i += 4) if (d.rgba[i] === r && d.rgba[i + 1] === g && d.rgba[i + 2] === b) n++;
      return n;
    };
    // The solid series: a 2-px line across the plot (≥ 2 × plot width) plus its 20×3 legend swatch.
    expect(count(0x00, 0x9e, 0x73)).toBeGreaterThan(2 * 400);
    // The dashed one: about half the plot width in 1-px dashes, and no legend swatch.
    const dashed = count(0xd5, 0x5e, 0x00);
    expect(dashed).toBeGreaterThan(150);
    expect(dashed).toBeLessThan(400);
  });
});

describe('charts', () => {
  it('plot one point per level, escape text, and keep the timeline bars inside their years', () => {
    const rows = [0, 1, 2, 3].map((l) => ({ level_m: l, area_m2: l * l * 1e6, volume_m3: l ** 3 * 1e6 }));
    const svg = levelCurveChart(rows, { title: 'A & B <x>', x: 'Level', y: 'Area', y2: 'Volume' });
    expect(svg).toContain('A &amp; B &lt;x&gt;');
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    expect(paths[0]!.split(/[ML]/).filter(Boolean)).toHaveLength(4);
    const crest = crestChart([{ label: 'L1', existing_m: 4, points: [{ year: 2020, required_m: 3.5 }, { year: 2100, required_m: 5 }] }], { title: 'c', x: 'Year', y: 'Crest' });
    expect(crest.match(/<circle/g)).toHaveLength(2);
    expect(crest).toContain('stroke-dasharray="4 3"');
    const tl = worksTimeline(
      [
        { owner: 'Pref', work: 'Raise A', start: 2030, end: 2032 },
        { owner: 'Pref', work: 'Raise B', start: 2025, end: 2025 },
        { owner: 'Co', work: 'Wall', start: 2040, end: 2045 },
      ],
      { title: 't', owner: 'Owner', work: 'Work' },
      [2025, 2045],
    );
    const bars = [...tl.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="12" fill="#/g)].map((m) => [+m[1]!, +m[2]!]);
    expect(bars).toHaveLength(3);
    const colW = +tl.match(/<rect x="[\d.]+" y="50" width="(\d+)"/)![1]!;
    expect(bars[0]![1]).toBe(3 * colW - 2);
    expect(bars[1]![1]).toBe(colW - 2);
    expect(bars[2]![1]).toBe(6 * colW - 2);
  });
});
