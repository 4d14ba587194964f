import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeGeoTiff, InputError, readRaster, resolveCrs } from '../src/index.js';
import { rng } from '../../../test-support/random.js';
import { rgbPng } from './png.js';

/** Reads `bytes`; anything but success or an InputError (RangeError, TypeError, a hang) fails the test. */
async function readOrInputError(bytes: Uint8Array, name = 'fuzz.tif'): Promise<'ok' | 'input-error'> {
  try {
    await readRaster(bytes, { name });
    return 'ok';
  } catch (err) {
    // the message names the file (or the entry inside a zip: `x.zip!entry.xml: …`) on one line
    if (err instanceof InputError && (err.message.startsWith(`${name}: `) || err.message.startsWith(`${name}!`)) && !err.message.includes('\n')) return 'input-error';
    throw err;
  }
}

/** Every truncation (dense at the start) and 300 seeded byte-overwrites of `good`; returns how many failed cleanly. */
async function damage(good: Uint8Array, name: string, seed: number): Promise<number> {
  const rnd = rng(seed);
  let errors = 0;
  for (let n = 0; n < good.length; n += n < 400 ? 1 : 61) if ((await readOrInputError(good.subarray(0, n), name)) === 'input-error') errors++;
  for (let k = 0; k < 300; k++) {
    const bad = good.slice();
    const flips = 1 + Math.floor(rnd() * 4);
    for (let f = 0; f < flips; f++) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
    if ((await readOrInputError(bad, name)) === 'input-error') errors++;
  }
  return errors;
}

describe('damaged GeoTIFFs fail with a one-line InputError, never a crash (seeded)', () => {
  const rnd = rng(2024);
  const w = 70;
  const h = 50;
  const data = new Float32Array(w * h).map(() => rnd() * 100);
  for (const [label, opts] of [['predictor 3', {}], ['no predictor', { predictor: false }], ['BigTIFF', { bigTiff: true }]] as const) {
    const good = encodeGeoTiff({ data, width: w, height: h, transform: [0, 1, 0, 0, 0, -1], crs: resolveCrs(6677), nodata: null }, { tileSize: 32, ...opts });
    it(`${label}: every truncation`, async () => {
      const seen = new Set<string>();
      for (let n = 0; n < good.length; n += n < 600 ? 1 : 97) seen.add(await readOrInputError(good.subarray(0, n)));
      expect(seen.has('input-error')).toBe(true);
    });
    it(`${label}: 400 copies with random bytes overwritten`, async () => {
      let errors = 0;
      for (let k = 0; k < 400; k++) {
        const bad = good.slice();
        const flips = 1 + Math.floor(rnd() * 4);
        // most hits go to the header/IFD (first ~600 bytes), the rest anywhere
        for (let f = 0; f < flips; f++) bad[Math.floor(rnd() * (rnd() < 0.8 ? Math.min(600, bad.length) : bad.length))] = Math.floor(rnd() * 256);
        if ((await readOrInputError(bad)) === 'input-error') errors++;
      }
      expect(errors).toBeGreaterThan(0);
    });
  }
});

describe('damaged GSI, PNG, ASCII and zip inputs fail with a one-line InputError (seeded)', () => {
  const mesh = strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<Dataset xmlns:gml="http://www.opengis.net/gml/3.2"><DEM><coverage><gml:boundedBy><gml:Envelope srsName="fguuid:jgd2011.bl">
<gml:lowerCorner>35.0 139.0</gml:lowerCorner><gml:upperCorner>35.1 139.2</gml:upperCorner></gml:Envelope></gml:boundedBy>
<gml:gridDomain><gml:Grid><gml:limits><gml:GridEnvelope><gml:low>0 0</gml:low><gml:high>3 2</gml:high></gml:GridEnvelope></gml:limits></gml:Grid></gml:gridDomain>
<gml:rangeSet><gml:DataBlock><gml:tupleList>
地表面,1.50
地表面,2.25
データなし,-9999.
地表面,3.00
地表面,4.00
</gml:tupleList></gml:DataBlock></gml:rangeSet>
<gml:coverageFunction><gml:GridFunction><gml:sequenceRule order="+x-y">Linear</gml:sequenceRule><gml:startPoint>1 0</gml:startPoint></gml:GridFunction></gml:coverageFunction>
</coverage></DEM></Dataset>
`);
  it('GSI mesh XML', async () => {
    expect(await readOrInputError(mesh, 'fuzz.xml')).toBe('ok');
    expect(await damage(mesh, 'fuzz.xml', 1)).toBeGreaterThan(0);
  });
  it('zip of a mesh', async () => {
    const zip = zipSync({ 'FG-GML-1-DEM5A.xml': mesh });
    expect(await readOrInputError(zip, 'fuzz.zip')).toBe('ok');
    expect(await damage(zip, 'fuzz.zip', 2)).toBeGreaterThan(0);
  });
  it('ESRI ASCII grid', async () => {
    const asc = strToU8('ncols 4\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 5\nNODATA_value -9999\n1 2 3 4\n5 -9999 7 8\n9 10 11 12.5\n');
    expect(await readOrInputError(asc, 'fuzz.asc')).toBe('ok');
    expect(await damage(asc, 'fuzz.asc', 3)).toBeGreaterThan(0);
  });
  it('GSI PNG tile', async () => {
    const rnd = rng(4);
    const side = 16;
    const raw = new Uint8Array(side * (side * 3 + 1));
    for (let y = 0; y < side; y++) {
      raw[y * (side * 3 + 1)] = y % 5;
      for (let i = 1; i <= side * 3; i++) raw[y * (side * 3 + 1) + i] = Math.floor(rnd() * 8);
    }
    const png = rgbPng(side, side, raw);
    expect(await readOrInputError(png, 'fuzz-z10-x900-y400.png')).toBe('ok');
    expect(await damage(png, 'fuzz-z10-x900-y400.png', 5)).toBeGreaterThan(0);
  });
});
