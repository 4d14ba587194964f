import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGeoTiff, resolveCrs } from '@floodzone/raster';
import { missing, sharedFile } from '../../../test-support/shared-data.js';
import { crc32 } from '../src/report/png.js';
import { badInput, removeTempDirs, run, tempDir } from './helpers.js';

const strToU8 = (s: string) => new TextEncoder().encode(s);

/** A zip with stored (uncompressed) entries, written by hand (PKWARE APPNOTE 4.3). */
function zipSync(files: Record<string, Uint8Array>): Uint8Array {
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const n = strToU8(name);
    const crc = crc32(data);
    const h = new Uint8Array(30 + n.length);
    const v = new DataView(h.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, 0x0800, true); // UTF-8 names
    v.setUint32(14, crc, true);
    v.setUint32(18, data.length, true);
    v.setUint32(22, data.length, true);
    v.setUint16(26, n.length, true);
    h.set(n, 30);
    const c = new Uint8Array(46 + n.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, n.length, true);
    cv.setUint32(42, offset, true);
    c.set(n, 46);
    local.push(h, data);
    central.push(c);
    offset += h.length + data.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...local, ...central, end];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function info(args: string[], tty = false) {
  return run(['info', ...args], { tty });
}

let dir = '';
beforeAll(() => {
  dir = tempDir('fz-info-');
});
afterAll(removeTempDirs);

describe('floodzone info on files the test writes', () => {
  it('ESRI ASCII: text report with size, transform, nodata and value range', async () => {
    const p = join(dir, 'tiny.asc');
    writeFileSync(p, 'ncols 3\nnrows 2\nxllcorner 1000\nyllcorner 2000\ncellsize 5\nNODATA_value -9999\n1 2 -9999\n4 5.5 -1\n');
    const { code, out, err } = await info([p]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('format      ESRI-ASCII');
    expect(out).toContain('size        3 × 2 cells (6)');
    expect(out).toContain('crs         none');
    expect(out).toContain('transform   [1000, 5, 0, 2010, 0, -5]');
    expect(out).toContain('nodata      -9999');
    expect(out).toContain('values      min -1  max 5.5  mean 2.3 (over 5 valid cells)');
    expect(out).toContain('no data     1 cells (16.7 %)');
  });

  it('--json prints exactly one JSON object on stdout and nothing on stderr', async () => {
    const data = new Float32Array([1, NaN, 3, 4, 5, 6]);
    const p = join(dir, 'g.tif');
    writeFileSync(p, encodeGeoTiff({ data, width: 3, height: 2, transform: [-20000, 5, 0, 40000, 0, -5], crs: resolveCrs(6677), nodata: null }));
    const { code, out, err } = await info([p, '--json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const j = JSON.parse(out);
    expect(j).toMatchObject({
      file: p,
      format: 'GeoTIFF',
      sampleType: 'Float32',
      bandCount: 1,
      width: 3,
      height: 2,
      cells: 6,
      crs: { code: 'EPSG:6677', name: 'JGD2011 / Japan Plane Rectangular CS IX', geographic: false },
      transform: [-20000, 5, 0, 40000, 0, -5],
      rotated: false,
      cellSize: [5, 5],
      cellArea_m2: { min: 25, max: 25 },
      bbox: [-20000, 39990, -19985, 40000],
      nodata: 'NaN',
      min: 1,
      max: 6,
      mean: 19 / 5,
      validCells: 5,
      nodataCells: 1,
      extraBands: [],
    });
  });

  it('progress goes to stderr only on a terminal; stdout stays pure JSON', async () => {
    const w = 600;
    const h = 400;
    const data = new Float32Array(w * h).map((_, i) => (i % 977) / 10);
    const p = join(dir, 'big.tif');
    writeFileSync(p, encodeGeoTiff({ data, width: w, height: h, transform: [0, 1, 0, 0, 0, -1], crs: null, nodata: null }, { tileSize: 32 }));
    const tty = await info([p, '--json'], true);
    expect(tty.code).toBe(0);
    expect(JSON.parse(tty.out).width).toBe(600);
    expect(tty.err).toContain('reading');
    const pipe = await info([p, '--json'], false);
    expect(pipe.err).toBe('');
  });

  it('GSI zip mosaic reports the point-type band', async () => {
    const mesh = (lower: string, upper: string, tuples: string[]) =>
      strToU8(`<?xml version="1.0" encoding="UTF-8"?><Dataset xmlns:gml="http://www.opengis.net/gml/3.2" xmlns="http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema"><DEM><coverage><gml:boundedBy><gml:Envelope srsName="fguuid:jgd2011.bl"><gml:lowerCorner>${lower}</gml:lowerCorner><gml:upperCorner>${upper}</gml:upperCorner></gml:Envelope></gml:boundedBy><gml:gridDomain><gml:Grid><gml:limits><gml:GridEnvelope><gml:low>0 0</gml:low><gml:high>1 0</gml:high></gml:GridEnvelope></gml:limits></gml:Grid></gml:gridDomain><gml:rangeSet><gml:DataBlock><gml:tupleList>\n${tuples.join('\n')}\n</gml:tupleList></gml:DataBlock></gml:rangeSet><gml:coverageFunction><gml:GridFunction><gml:sequenceRule order="+x-y">Linear</gml:sequenceRule><gml:startPoint>0 0</gml:startPoint></gml:GridFunction></gml:coverageFunction></coverage></DEM></Dataset>`);
    const p = join(dir, 'dem.zip');
    writeFileSync(p, zipSync({ 'FG-GML-1-DEM5A.xml': mesh('35 139', '35.1 139.2', ['地表面,1.25', 'データなし,-9999.']), 'FG-GML-2-DEM5A.xml': mesh('35.1 139', '35.2 139.2', ['地表面,2', '地表面,3']) }));
    const { code, out } = await info([p, '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ format: 'GSI-JPGIS-GML', width: 2, height: 2, validCells: 3, nodataCells: 1, min: 1.25, max: 3, extraBands: ['pointType'] });
    expect(j.crs.code).toBe('EPSG:6668');
    expect(j.cellArea_m2.min).toBeLessThan(j.cellArea_m2.max); // southern row is larger
  });
});

describe('floodzone info bad input: exit 2, one line naming the file, nothing on stdout', () => {
  const cases: [string, () => string, RegExp][] = [
    ['missing file', () => join(dir, 'nope.tif'), /nope\.tif: no such file/],
    ['not a raster', () => {
      const p = join(dir, 'notes.txt');
      writeFileSync(p, 'hello, this is not a DEM');
      return p;
    }, /notes\.txt: not a raster floodzone can read/],
    ['truncated TIFF', () => {
      const full = encodeGeoTiff({ data: new Float32Array(256 * 256).map((_, i) => Math.sin(i)), width: 256, height: 256, transform: [0, 1, 0, 0, 0, -1], crs: null, nodata: null }, { tileSize: 64 });
      const p = join(dir, 'cut.tif');
      writeFileSync(p, full.subarray(0, Math.floor(full.length / 2)));
      return p;
    }, /cut\.tif: truncated TIFF/],
    ['unsupported sample format', () => {
      const b = encodeGeoTiff({ data: new Float32Array([1, 2, 3, 4]), width: 2, height: 2, transform: [0, 1, 0, 0, 0, -1], crs: null, nodata: null });
      // patch SampleFormat (tag 339 = 0x0153, SHORT) from 3 (float) to 6 (complex float)
      for (let i = 8; i + 12 < b.length; i += 2) {
        if (b[i] === 0x53 && b[i + 1] === 0x01 && b[i + 2] === 3 && b[i + 3] === 0) {
          b[i + 8] = 6;
          break;
        }
      }
      const p = join(dir, 'complex.tif');
      writeFileSync(p, b);
      return p;
    }, /complex\.tif: unsupported sample format: complex \(CFloat16\)/],
    ['zip with no DEM inside', () => {
      const p = join(dir, 'empty.zip');
      writeFileSync(p, zipSync({ 'readme.txt': strToU8('nothing here') }));
      return p;
    }, /empty\.zip: the zip holds no DEM/],
    ['mesh XML with a broken tupleList', () => {
      const p = join(dir, 'broken.xml');
      writeFileSync(p, `<?xml version="1.0" encoding="UTF-8"?><Dataset xmlns:gml="http://www.opengis.net/gml/3.2"><DEM><gml:Envelope srsName="fguuid:jgd2011.bl"><gml:lowerCorner>35 139</gml:lowerCorner><gml:upperCorner>35.1 139.1</gml:upperCorner></gml:Envelope><gml:high>1 1</gml:high><gml:tupleList>\n地表面,1.0\n地表面;2.0\n</gml:tupleList><gml:startPoint>0 0</gml:startPoint></DEM></Dataset>`);
      return p;
    }, /broken\.xml: broken tupleList at tuple 2/],
    ['all-nodata grid', () => {
      const p = join(dir, 'sea.asc');
      writeFileSync(p, 'ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n-9999 -9999\n');
      return p;
    }, /sea\.asc: every one of the 2 cells is no data/],
    ['0 × 0 grid', () => {
      const p = join(dir, 'zero.asc');
      writeFileSync(p, 'ncols 0\nnrows 0\nxllcorner 0\nyllcorner 0\ncellsize 1\n');
      return p;
    }, /zero\.asc: the grid is 0 × 0 cells/],
  ];
  for (const [what, make, re] of cases) {
    it(what, async () => {
      const p = make();
      for (const args of [[p], [p, '--json']]) expect(await badInput(['info', ...args])).toMatch(re);
    });
  }
  it('usage errors: no file, two files, bad --band', async () => {
    expect((await info([])).code).toBe(2);
    expect((await info(['a.tif', 'b.tif'])).err).toMatch(/exactly one raster file/);
    const p = join(dir, 'tiny.asc');
    expect((await info([p, '--band', '0'])).code).toBe(2);
    // ASCII has one band: band 2 is an error naming the file (it used to describe band 1 silently)
    const b2 = await info([p, '--band', '2']);
    expect(b2.code).toBe(2);
    expect(b2.err).toMatch(/tiny\.asc: band 2 does not exist; this ESRI-ASCII file has 1 band/);
  });
});

describe('floodzone info on the shared real files', () => {
  const tokyo = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
  let gdalOk = true;
  try {
    execFileSync('gdalinfo', ['--version'], { stdio: 'ignore' });
  } catch {
    gdalOk = false;
  }
  it.skipIf(missing(tokyo))('Tokyo 50 m: 391 × 541, EPSG:6677, 50 m cells; min/max/mean agree with gdalinfo -stats', async () => {
    const { code, out } = await info([sharedFile(tokyo), '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ width: 391, height: 541, crs: { code: 'EPSG:6677' }, cellSize: [50, 50], cellArea_m2: { min: 2500, max: 2500 }, nodata: -9999, nodataCells: 0 });
    if (gdalOk) {
      const g = JSON.parse(execFileSync('gdalinfo', ['-json', '-stats', '--config', 'GDAL_PAM_ENABLED', 'NO', sharedFile(tokyo)], { encoding: 'utf8' }));
      const md = g.bands[0].metadata[''];
      expect(Math.fround(Number(md.STATISTICS_MINIMUM))).toBe(j.min);
      expect(Math.fround(Number(md.STATISTICS_MAXIMUM))).toBe(j.max);
      expect(Number(md.STATISTICS_MEAN) / j.mean).toBeCloseTo(1, 9);
    }
  });
  const azores = 'srtm_azores/derived_azores_N38W029_N38W028_mosaic.SRTMGL3.tif';
  it.skipIf(missing(azores))('Azores mosaic: geographic, geodesic cell areas vary by latitude', async () => {
    const { code, out } = await info([sharedFile(azores), '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.crs).toMatchObject({ code: 'EPSG:4326', geographic: true });
    expect([j.width, j.height]).toEqual([2401, 1201]);
    expect(j.cellArea_m2.min).toBeLessThan(j.cellArea_m2.max);
  });
  const piave = 'hydromt_sfincs/sfincs_compound_dep.tif';
  it.skipIf(missing(piave))('rotated Piave DEM: rotated, 50 m cells', async () => {
    const { out } = await info([sharedFile(piave)]);
    expect(out).toContain('(rotated)');
    expect(out).toMatch(/cell size {3}50 × 50 m/);
    expect(out).toContain('EPSG:32633');
  });
});
