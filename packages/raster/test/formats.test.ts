import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { missing, sharedFile } from '../../../test-support/shared-data.js';
import { decodePng, gsiPngHeight, gridStats, InputError, readRaster, tileFromName, tileTransform } from '../src/index.js';
import { readRasterFile } from '../src/node.js';
import { countDiffs } from './gdal.js';
import { rng } from '../../../test-support/random.js';
import { rgbPng } from './png.js';

/** A hand-built GSI DEM mesh XML. */
function meshXml(opts: { lower: string; upper: string; high: string; start: string; tuples: string[] }): Uint8Array {
  return strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<Dataset xmlns:gml="http://www.opengis.net/gml/3.2" xmlns="http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema" gml:id="Dataset1">
<DEM gml:id="DEM001"><type>5mメッシュ（標高）</type><mesh>52387400</mesh>
<coverage gml:id="DEM001-3"><gml:boundedBy><gml:Envelope srsName="fguuid:jgd2011.bl">
<gml:lowerCorner>${opts.lower}</gml:lowerCorner><gml:upperCorner>${opts.upper}</gml:upperCorner></gml:Envelope></gml:boundedBy>
<gml:gridDomain><gml:Grid dimension="2"><gml:limits><gml:GridEnvelope><gml:low>0 0</gml:low><gml:high>${opts.high}</gml:high></gml:GridEnvelope></gml:limits></gml:Grid></gml:gridDomain>
<gml:rangeSet><gml:DataBlock><gml:rangeParameters><gml:QuantityList uom="DEM構成点"/></gml:rangeParameters>
<gml:tupleList>
${opts.tuples.join('\n')}
</gml:tupleList></gml:DataBlock></gml:rangeSet>
<gml:coverageFunction><gml:GridFunction><gml:sequenceRule order="+x-y">Linear</gml:sequenceRule><gml:startPoint>${opts.start}</gml:startPoint></gml:GridFunction></gml:coverageFunction>
</coverage></DEM></Dataset>
`);
}

describe('GSI JPGIS-GML meshes written in the test', () => {
  it('startPoint, +x-y order, early end, データなし and water -9999 are placed and masked', async () => {
    // 4 × 3 grid, first tuple at (2, 0); list ends after 6 tuples
    const xml = meshXml({ lower: '35.0 139.0', upper: '35.3 139.4', high: '3 2', start: '2 0', tuples: ['地表面,1.50', '地表面,2.25', 'データなし,-9999.', '内水面,-9999.', '地表面,-0.40', '表層面,12.00'] });
    const r = await readRaster(xml, { name: 'mesh.xml' });
    expect(r.format).toBe('GSI-JPGIS-GML');
    expect([r.width, r.height]).toEqual([4, 3]);
    expect(Array.from(r.data)).toEqual([NaN, NaN, 1.5, 2.25, NaN, NaN, Math.fround(-0.4), 12, NaN, NaN, NaN, NaN]);
    expect(Array.from(r.bands!.pointType!.data)).toEqual([0, 0, 1, 1, 0, 4, 1, 2, 0, 0, 0, 0]);
    expect(r.crs?.code).toBe('EPSG:6668');
    expect(r.transform[0]).toBe(139.0);
    expect(r.transform[3]).toBe(35.3);
    expect(r.transform[1]).toBeCloseTo(0.1, 12);
    expect(r.transform[5]).toBeCloseTo(-0.1, 12);
  });
  it('JGD2024 meshes (DEM1A) read as a GRS80 geographic CRS named JGD2024; unknown datums are InputErrors', async () => {
    const xml = new TextDecoder().decode(meshXml({ lower: '30.5 130.9', upper: '30.5083333 130.9125', high: '1 1', start: '1 1', tuples: ['地表面,3.5'] }));
    const r = await readRaster(strToU8(xml.replace('jgd2011', 'jgd2024')), { name: 'dem1a.xml' });
    expect(r.crs).toMatchObject({ code: null, name: 'JGD2024', geographic: true });
    expect(r.data[3]).toBe(3.5);
    await expect(readRaster(strToU8(xml.replace('fguuid:jgd2011.bl', 'tokyo.bl')), { name: 'old.xml' })).rejects.toThrow(/old\.xml: GSI DEM with srsName "tokyo\.bl" is not supported/);
  });
  it('a window of a mesh equals the same cells of the whole mesh', async () => {
    const xml = meshXml({ lower: '35.0 139.0', upper: '35.3 139.4', high: '3 2', start: '0 0', tuples: Array.from({ length: 12 }, (_, i) => `地表面,${i}`) });
    const r = await readRaster(xml, { name: 'mesh.xml', window: [1, 1, 3, 3] });
    expect([r.width, r.height]).toEqual([2, 2]);
    expect(Array.from(r.data)).toEqual([5, 6, 9, 10]);
    expect(Array.from(r.bands!.pointType!.data)).toEqual([1, 1, 1, 1]);
    expect(r.transform[0]).toBeCloseTo(139.1, 12);
    expect(r.transform[3]).toBeCloseTo(35.2, 12);
    await expect(readRaster(xml, { name: 'mesh.xml', window: [0, 0, 5, 1] })).rejects.toThrow(/mesh\.xml: window/);
  });
  it('a zip of meshes mosaics them by their envelopes', async () => {
    const west = meshXml({ lower: '35.0 139.0', upper: '35.2 139.2', high: '1 1', start: '0 0', tuples: ['地表面,1', '地表面,2', '地表面,3', '地表面,4'] });
    const east = meshXml({ lower: '34.8 139.2', upper: '35.0 139.4', high: '1 1', start: '1 1', tuples: ['地表面,9'] });
    const zip = zipSync({ 'a/FG-GML-0000-00-DEM5A-20200101.xml': west, 'FG-GML-0000-01-DEM5A-20200101.xml': east, 'FG-GML-0000-00-meta.xml': strToU8('<meta/>') });
    const r = await readRaster(zip, { name: 'two.zip' });
    expect([r.width, r.height]).toEqual([4, 4]);
    expect(Array.from(r.data)).toEqual([1, 2, NaN, NaN, 3, 4, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 9]);
  });
  it('bad input: broken tupleList, too many tuples, zip with no DEM', async () => {
    const broken = meshXml({ lower: '35 139', upper: '35.1 139.1', high: '1 1', start: '0 0', tuples: ['地表面,1.0', '地表面 2.0'] });
    await expect(readRaster(broken, { name: 'broken.xml' })).rejects.toThrow(/broken\.xml: broken tupleList at tuple 2/);
    const nan = meshXml({ lower: '35 139', upper: '35.1 139.1', high: '1 1', start: '0 0', tuples: ['地表面,abc'] });
    await expect(readRaster(nan, { name: 'nan.xml' })).rejects.toThrow(InputError);
    const many = meshXml({ lower: '35 139', upper: '35.1 139.1', high: '0 0', start: '0 0', tuples: ['地表面,1', '地表面,2'] });
    await expect(readRaster(many, { name: 'many.xml' })).rejects.toThrow(/more than the 1 cells/);
    const empty = zipSync({ 'readme.txt': strToU8('hello'), 'a.csv': strToU8('1,2') });
    await expect(readRaster(empty, { name: 'nodem.zip' })).rejects.toThrow(/nodem\.zip: the zip holds no DEM/);
    const metaOnly = zipSync({ 'FG-GML-0000-meta.xml': strToU8('<x/>'), 'other.xml': strToU8('<?xml version="1.0"?><root/>') });
    await expect(readRaster(metaOnly, { name: 'meta.zip' })).rejects.toThrow(/meta\.zip: the zip holds no GSI DEM XML/);
    const allNodata = meshXml({ lower: '35 139', upper: '35.1 139.1', high: '1 1', start: '0 0', tuples: ['データなし,-9999.'] });
    await expect(readRaster(allNodata, { name: 'sea.xml' })).rejects.toThrow(/sea\.xml: every one of the 4 cells is no data/);
  });
});

describe('GSI JPGIS-GML real files (against the GDAL-converted derived tifs)', () => {
  const d10 = 'gsi_jpgis/FG-GML-3926-76-DEM10B-20161001.xml';
  const d10tif = 'gsi_jpgis/derived_FG-GML-3926-76-DEM10B.tif';
  it.skipIf(missing(d10, d10tif, 'gsi_jpgis/FG-GML-3926-76-DEM10B.zip'))('DEM10B 3926-76: 1125 × 750, startPoint (743, 639), 297 points, equal to the derived tif', async () => {
    const r = await readRasterFile(sharedFile(d10));
    const ref = await readRasterFile(sharedFile(d10tif));
    expect([r.width, r.height]).toEqual([1125, 750]);
    expect(gridStats(r).validCells).toBe(297);
    expect(r.data[639 * 1125 + 743]).toBeCloseTo(1.2, 6);
    expect(countDiffs(r.data, ref.data)).toBe(0);
    for (let i = 0; i < 6; i++) expect(r.transform[i]).toBeCloseTo(ref.transform[i]!, 12);
    const z = await readRasterFile(sharedFile('gsi_jpgis/FG-GML-3926-76-DEM10B.zip'));
    expect(countDiffs(z.data, r.data)).toBe(0);
  });
  const d5 = 'gsi_jpgis/FG-GML-3624-30-DEM5B.zip';
  const d5tif = 'gsi_jpgis/derived_FG-GML-3624-30-DEM5B_mosaic.tif';
  const d5pt = 'gsi_jpgis/derived_FG-GML-3624-30-DEM5B_mosaic_pointtype.tif';
  it.skipIf(missing(d5, d5tif, d5pt))('DEM5B 3624-30 zip: 8 meshes mosaic to 675 × 450 equal to the derived tif, point types too', async () => {
    const r = await readRasterFile(sharedFile(d5));
    const ref = await readRasterFile(sharedFile(d5tif));
    const pt = await readRasterFile(sharedFile(d5pt));
    expect([r.width, r.height]).toEqual([675, 450]);
    expect(countDiffs(r.data, ref.data)).toBe(0);
    expect(countDiffs(Float32Array.from(r.bands!.pointType!.data), pt.data)).toBe(0);
    for (let i = 0; i < 6; i++) expect(r.transform[i]).toBeCloseTo(ref.transform[i]!, 12);
    const s = gridStats(r);
    expect(s.nodataCells).toBe(169120);
    expect(s.min).toBeCloseTo(-0.1, 6);
    expect(s.max).toBeCloseTo(20.21, 5);
  });
});

describe('GSI elevation tiles', () => {
  it('PNG pixel decoding matches the GSI examples (notes/DOMAIN.md §10)', () => {
    expect(gsiPngHeight(0, 0, 0)).toBe(0);
    expect(gsiPngHeight(0, 3, 255)).toBeCloseTo(10.23, 10);
    expect(gsiPngHeight(128, 0, 0)).toBeNaN();
    expect(gsiPngHeight(255, 255, 255)).toBeCloseTo(-0.01, 10);
    expect(gsiPngHeight(0, 1, 0)).toBeCloseTo(2.56, 10);
    expect(gsiPngHeight(1, 0, 0)).toBeCloseTo(655.36, 10);
    expect(gsiPngHeight(1, 2, 3, 0)).toBeNaN();
  });
  it('decodes PNGs that use every filter type (seeded image, filters applied in the test)', () => {
    const rnd = rng(5);
    const w = 37;
    const h = 23;
    const img = new Uint8Array(w * h * 3).map(() => Math.floor(rnd() * 256));
    const bpp = 3;
    const stride = w * bpp;
    const raw = new Uint8Array(h * (stride + 1));
    for (let y = 0; y < h; y++) {
      const f = y % 5;
      raw[y * (stride + 1)] = f;
      for (let i = 0; i < stride; i++) {
        const x = img[y * stride + i]!;
        const a = i >= bpp ? img[y * stride + i - bpp]! : 0;
        const b = y > 0 ? img[(y - 1) * stride + i]! : 0;
        const c = i >= bpp && y > 0 ? img[(y - 1) * stride + i - bpp]! : 0;
        const p = a + b - c;
        const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        const pred = [0, a, b, (a + b) >> 1, pr][f]!;
        raw[y * (stride + 1) + 1 + i] = (x - pred) & 0xff;
      }
    }
    const png = rgbPng(w, h, raw);
    const { rgba } = decodePng(png, 'synthetic.png');
    for (let i = 0; i < w * h; i++) {
      expect([rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]]).toEqual([img[3 * i], img[3 * i + 1], img[3 * i + 2], 255]);
    }
    expect(() => decodePng(png.subarray(0, 60), 'cut.png')).toThrow(/cut\.png: truncated PNG/);
  });
  it('tile index from names and tile georeferencing (z0 covers the Web Mercator square)', () => {
    expect(tileFromName('gsi-dem-z8-x229-y94.png')).toEqual({ z: 8, x: 229, y: 94 });
    expect(tileFromName('/tiles/dem_png/14/14547/6463.png')).toEqual({ z: 14, x: 14547, y: 6463 });
    expect(tileFromName('elevation.png')).toBeUndefined();
    const t0 = tileTransform({ z: 0, x: 0, y: 0 });
    expect(t0[0]).toBeCloseTo(-20037508.342789244, 6);
    expect(t0[3]).toBeCloseTo(20037508.342789244, 6);
    expect(t0[1] * 256).toBeCloseTo(2 * 20037508.342789244, 6);
  });
  const png = 'gsi_tiles/gsi-dem-z8-x229-y94.png';
  const txt = 'gsi_tiles/gsi-dem-z8-x229-y94.txt';
  const tif = 'gsi_tiles/derived_gsi-dem-z8-x229-y94.tif';
  it.skipIf(missing(png, txt, tif))('z8/229/94: PNG decodes to the text tile within 0.01 m, same no-data mask; text equals the derived tif', async () => {
    const p = await readRasterFile(sharedFile(png));
    const t = await readRasterFile(sharedFile(txt));
    const ref = await readRasterFile(sharedFile(tif));
    expect(p.format).toBe('GSI-tile-png');
    expect(t.format).toBe('GSI-tile-txt');
    let maxDiff = 0;
    let maskDiff = 0;
    for (let i = 0; i < p.data.length; i++) {
      const a = p.data[i]!;
      const b = t.data[i]!;
      if (Number.isNaN(a) !== Number.isNaN(b)) maskDiff++;
      else if (!Number.isNaN(a)) maxDiff = Math.max(maxDiff, Math.abs(a - b));
    }
    expect(maskDiff).toBe(0);
    expect(maxDiff).toBeLessThanOrEqual(0.01 + 1e-4);
    expect(gridStats(t).nodataCells).toBe(12527);
    expect(countDiffs(t.data, ref.data)).toBe(0);
    for (let i = 0; i < 6; i++) expect(p.transform[i]).toBeCloseTo(ref.transform[i]!, 6);
    // a tile without z/x/y in its name needs options.tile
    const bytes = readFileSync(sharedFile(png));
    await expect(readRaster(bytes, { name: 'tile.png' })).rejects.toThrow(/needs its z\/x\/y/);
    const again = await readRaster(bytes, { name: 'tile.png', tile: { z: 8, x: 229, y: 94 } });
    expect(countDiffs(again.data, p.data)).toBe(0);
  });
});

describe('ESRI ASCII grid', () => {
  it('tiny grid with xllcenter and NODATA_value', async () => {
    const asc = strToU8('ncols 3\nnrows 2\nxllcenter 100.5\nyllcenter 200.5\ncellsize 1\nNODATA_value -9999\n1 2.5 -9999\n-3.25 1e2 0\n');
    const r = await readRaster(asc, { name: 'tiny.asc' });
    expect(r.format).toBe('ESRI-ASCII');
    expect(Array.from(r.data)).toEqual([1, 2.5, NaN, -3.25, 100, 0]);
    expect(r.transform).toEqual([100, 1, 0, 202, 0, -1]);
    expect(r.crs).toBeNull();
  });
  it('seeded decimals parse exactly as Number() does', async () => {
    const rnd = rng(9);
    const vals = Array.from({ length: 400 }, () => (rnd() * 2000 - 1000).toFixed(Math.floor(rnd() * 7)));
    const asc = strToU8(`ncols 20\nnrows 20\nxllcorner 0\nyllcorner 0\ncellsize 5\n${vals.join(' ')}\n`);
    const r = await readRaster(asc, { name: 'seeded.asc' });
    expect(countDiffs(r.data, Float32Array.from(vals.map(Number)))).toBe(0);
  });
  it('bad input: truncated, extra values, non-number', async () => {
    await expect(readRaster(strToU8('ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n'), { name: 'cut.asc' })).rejects.toThrow(/cut\.asc: truncated ESRI ASCII grid: 3 values for 2 × 2/);
    await expect(readRaster(strToU8('ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n'), { name: 'x.asc' })).rejects.toThrow(/more values/);
    await expect(readRaster(strToU8('ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nabc\n'), { name: 'y.asc' })).rejects.toThrow(/"abc", not a number/);
    // 1e39 is a finite double but Infinity in Float32: it used to pass through and make volume_m3 Infinity (null in JSON)
    await expect(readRaster(strToU8('ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 -1e39\n'), { name: 'z.asc' })).rejects.toThrow(
      /^z\.asc: value 2 \(row 1\) is "-1e39", beyond the Float32 range/,
    );
    // a band other than 1 of a single-band format was silently band 1
    await expect(readRaster(strToU8('ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n5\n'), { name: 'b.asc', band: 2 })).rejects.toThrow(
      /^b\.asc: band 2 does not exist; this ESRI-ASCII file has 1 band \(1-based\)$/,
    );
    expect((await readRaster(strToU8('ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n5\n'), { name: 'b.asc', band: 1 })).data[0]).toBe(5);
    // …unless it is the declared NODATA_value
    const nd = await readRaster(strToU8('ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -1e39\n1 -1e39\n'), { name: 'n.asc' });
    expect(Array.from(nd.data)).toEqual([1, NaN]);
    await expect(readRaster(strToU8('ncols 0\nnrows 0\nxllcorner 0\nyllcorner 0\ncellsize 1\n'), { name: 'zero.asc' })).rejects.toThrow(/zero\.asc: the grid is 0 × 0 cells/);
  });
  const asc = 'guam/GUAM_lisflood_UTM_5m.dem.asc';
  const tif = 'guam/derived_GUAM_lisflood_UTM_5m_dem.tif';
  it.skipIf(missing(asc, tif))('Guam 5 m ASCII equals the derived GeoTIFF (values and transform)', async () => {
    const r = await readRasterFile(sharedFile(asc));
    const ref = await readRasterFile(sharedFile(tif));
    expect([r.width, r.height]).toEqual([562, 284]);
    expect(countDiffs(r.data, ref.data)).toBe(0);
    for (let i = 0; i < 6; i++) expect(r.transform[i]).toBeCloseTo(ref.transform[i]!, 6);
  });
});

describe('SRTM .hgt (zipped)', () => {
  const hgt = 'srtm_azores/N38W028.SRTMGL3.hgt.zip';
  const mosaic = 'srtm_azores/derived_azores_N38W029_N38W028_mosaic.SRTMGL3.tif';
  it.skipIf(missing(hgt, mosaic))('N38W028 equals the east half of the derived Azores mosaic', async () => {
    const r = await readRasterFile(sharedFile(hgt));
    const m = await readRasterFile(sharedFile(mosaic));
    expect([r.width, r.height]).toEqual([1201, 1201]);
    expect(r.crs?.code).toBe('EPSG:4326');
    const east = new Float32Array(1201 * 1201);
    for (let y = 0; y < 1201; y++) east.set(m.data.subarray(y * 2401 + 1200, y * 2401 + 2401), y * 1201);
    expect(countDiffs(r.data, east)).toBe(0);
    expect(r.transform[0]).toBeCloseTo(m.transform[0] + 1200 * m.transform[1], 10);
    expect(r.transform[3]).toBeCloseTo(m.transform[3], 10);
  });
});

describe('readRaster bad input', () => {
  it('headers that claim absurd sizes are InputErrors, not crashes', async () => {
    await expect(readRaster(strToU8('ncols 100000\nnrows 100000\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n'), { name: 'huge.asc' })).rejects.toThrow(/huge\.asc: 100000 × 100000 cells is more than one grid can hold/);
    const xml = meshXml({ lower: '35 139', upper: '35.1 139.1', high: '99999 99999', start: '0 0', tuples: ['地表面,1'] });
    await expect(readRaster(xml, { name: 'huge.xml' })).rejects.toThrow(/huge\.xml: 100000 × 100000 cells is more than one grid can hold/);
  });
  it('empty bytes and text that is no raster', async () => {
    await expect(readRaster(new Uint8Array(0), { name: 'empty.tif' })).rejects.toThrow(/empty\.tif: the file is empty/);
    await expect(readRaster(strToU8('hello world, this is not a DEM'), { name: 'notes.txt' })).rejects.toThrow(/notes\.txt: not a raster floodzone can read/);
  });
  it('missing file and directory name the path', async () => {
    await expect(readRasterFile('/no/such/file.tif')).rejects.toThrow(/\/no\/such\/file\.tif: no such file/);
    await expect(readRasterFile('/tmp')).rejects.toThrow(/is a directory/);
  });
});
