import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeGeoTiff, resolveCrs } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { parseLevels } from '../src/commands/scenarios.js';
import { badInput, filesUnder, removeTempDirs, run, tempDir, writeJson } from './helpers.js';
import { rng } from '../../../test-support/random.js';

afterAll(removeTempDirs);

/** A seeded rough DEM (0–3 m, a few no-data cells) as a GeoTIFF in EPSG:6677. */
function randomDem(dir: string, seed: number, w = 14, h = 11): string {
  const rand = rng(seed);
  const data = new Float32Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = rand() < 0.04 ? NaN : Math.round(rand() * 300) / 100;
  const path = join(dir, `dem-${seed}.tif`);
  writeFileSync(path, encodeGeoTiff({ data, width: w, height: h, transform: [-20000, 5, 0, 40000, 0, -5], crs: resolveCrs(6677), nodata: null }));
  return path;
}

describe('floodzone spill', () => {
  it('W < L is exactly the flood at L, cell by cell, for both connectivities and nodata as sea', async () => {
    const dir = tempDir('fz-spill-');
    for (const seed of [1, 2, 3]) {
      const dem = randomDem(dir, seed);
      for (const extra of [[], ['--connectivity', '4'], ['--nodata-is-sea']]) {
        const spillTif = join(dir, `w-${seed}.tif`);
        const r = await run(['spill', '--dem', dem, '--out', spillTif, '--json', ...extra]);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const s = JSON.parse(r.out) as { reachedCells: number; timings: { spill: number } };
        expect(s.timings.spill).toBeGreaterThanOrEqual(0);
        const W = (await readRasterFile(spillTif)).data;
        for (const L of [0.7, 1.5, 2.2]) {
          const out = join(dir, `f-${seed}-${L}`);
          const f = await run(['flood', '--dem', dem, '--level', String(L), '--out', out, '--json', ...extra]);
          const depth = f.code === 0 ? (await readRasterFile(join(out, 'depth.tif'))).data : undefined;
          let n = 0;
          for (let i = 0; i < W.length; i++) {
            const byW = W[i]! < L;
            const byFlood = depth !== undefined && !Number.isNaN(depth[i]!);
            if (byW !== byFlood) throw new Error(`seed ${seed} ${extra.join(' ')} L=${L}: cell ${i} W=${W[i]} flood=${byFlood}`);
            if (byW) n++;
          }
          if (f.code === 0) expect(JSON.parse(f.out).floodedCells).toBe(n);
          else expect(n).toBe(0);
        }
      }
    }
  });

  it('with random barrier lines, W < L is still exactly the flood at L', async () => {
    const dir = tempDir('fz-spill-bar-');
    const rand = rng(77);
    let held = 0;
    for (const seed of [11, 12]) {
      const dem = randomDem(dir, seed);
      // Three random polylines across the 14 × 11 grid (world x −20000…−19930, y 40000…39945), crests 0.5–2.5 m.
      const features = Array.from({ length: 3 }, () => ({
        type: 'Feature',
        properties: { crest: 0.5 + rand() * 2 },
        geometry: {
          type: 'LineString',
          coordinates: Array.from({ length: 4 }, () => [-20000 + rand() * 70, 39945 + rand() * 55]),
        },
      }));
      const walls = writeJson(dir, `walls-${seed}.geojson`, { type: 'FeatureCollection', features });
      const spillTif = join(dir, `w-${seed}.tif`);
      expect((await run(['spill', '--dem', dem, '--barriers', walls, '--out', spillTif])).code).toBe(0);
      const W = (await readRasterFile(spillTif)).data;
      for (const L of [0.6, 1.2, 1.9, 2.8]) {
        const f = await run(['flood', '--dem', dem, '--level', String(L), '--barriers', walls, '--json']);
        let n = 0;
        for (let i = 0; i < W.length; i++) if (W[i]! < L) n++;
        if (f.code === 0) expect(JSON.parse(f.out).floodedCells).toBe(n);
        else expect(n).toBe(0);
        const open = await run(['flood', '--dem', dem, '--level', String(L), '--json']);
        if (open.code === 0) held += JSON.parse(open.out).floodedCells - n;
      }
    }
    // The walls kept water out somewhere (otherwise this test would prove nothing about barriers).
    expect(held).toBeGreaterThan(0);
  });

  it('bad input: no --out, a bad max level; nothing written', async () => {
    const dir = tempDir('fz-spill-bad-');
    const dem = randomDem(dir, 9);
    expect(await badInput(['spill', '--dem', dem])).toMatch(/--out is required/);
    await badInput(['spill', '--dem', dem, '--out', join(dir, 'o', 'w.tif'), '--max-level', 'high'], join(dir, 'o'));
  });
});

describe('floodzone scenarios', () => {
  it('parses level lists and inclusive ranges', () => {
    expect(parseLevels('0.5,1,1.5')).toEqual([0.5, 1, 1.5]);
    expect(parseLevels('0:3:0.25')).toHaveLength(13);
    expect(parseLevels('0:1:0.1')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseLevels('-1:1:1')).toEqual([-1, 0, 1]);
    expect(() => parseLevels('a,b')).toThrow(/--levels must hold finite numbers/);
    expect(() => parseLevels('0:3:0')).toThrow(/step must be > 0/);
    expect(() => parseLevels('3:0:1')).toThrow(/stop must be ≥ start/);
    expect(() => parseLevels('0:3')).toThrow(/start:stop:step/);
    expect(() => parseLevels('1,,2')).toThrow(/finite numbers/);
  });

  it('the table equals one flood per level; CSV and per-level depth GeoTIFFs match the flood command', async () => {
    const dir = tempDir('fz-scen-');
    const dem = randomDem(dir, 5);
    const csv = join(dir, 'out', 'table.csv');
    const depthDir = join(dir, 'out', 'depth');
    const r = await run(['scenarios', '--dem', dem, '--levels', '0:3:0.5', '--csv', csv, '--depth-dir', depthDir, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const table = JSON.parse(r.out) as {
      levels: Array<{ level_m: number; floodedCells: number; floodedArea_m2: number; volume_m3: number; maxDepth_m: number }>;
      timings: Record<string, number>;
    };
    expect(table.levels.map((x) => x.level_m)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(Object.keys(table.timings).sort()).toEqual(['curve', 'read', 'spill', 'write']);
    let flooding = 0;
    for (const row of table.levels) {
      const f = await run(['flood', '--dem', dem, '--level', String(row.level_m), '--out', join(dir, `f${row.level_m}`), '--json']);
      const tifPath = join(depthDir, `depth_${row.level_m}.tif`);
      if (f.code !== 0) {
        expect(f.err).toMatch(/nothing floods/);
        expect(row.floodedCells).toBe(0);
        // The depth raster of a level that floods nothing is all NaN (which the reader refuses as a DEM).
        await expect(readRasterFile(tifPath)).rejects.toThrow(/every one of the \d+ cells is no data/);
        continue;
      }
      const tif = (await readRasterFile(tifPath)).data;
      flooding++;
      const s = JSON.parse(f.out);
      expect(row.floodedCells).toBe(s.floodedCells);
      expect(row.floodedArea_m2).toBe(s.floodedArea_m2);
      expect(row.volume_m3).toBeCloseTo(s.volume_m3, 6);
      expect(row.maxDepth_m).toBeCloseTo(s.maxDepth, 6);
      const d = (await readRasterFile(join(dir, `f${row.level_m}`, 'depth.tif'))).data;
      for (let i = 0; i < d.length; i++) {
        if (Number.isNaN(d[i]!) !== Number.isNaN(tif[i]!)) throw new Error(`level ${row.level_m}: cell ${i} differs`);
        if (!Number.isNaN(d[i]!)) expect(tif[i]).toBeCloseTo(d[i]!, 5);
      }
    }
    expect(flooding).toBeGreaterThan(2);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('level_m,floodedCells,floodedArea_m2,volume_m3,maxDepth_m');
    expect(lines).toHaveLength(8);
    expect(lines[3]!.split(',').map(Number)).toEqual([
      table.levels[2]!.level_m,
      table.levels[2]!.floodedCells,
      table.levels[2]!.floodedArea_m2,
      table.levels[2]!.volume_m3,
      table.levels[2]!.maxDepth_m,
    ]);
    expect(filesUnder(join(dir, 'out')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('bad input: bad levels, barriers outside the grid: exit 2, one line, no CSV', async () => {
    const dir = tempDir('fz-scen-bad-');
    const dem = randomDem(dir, 6);
    const out = join(dir, 'out');
    for (const [extra, msg] of [
      [['--levels', '1,x'], /--levels must hold finite numbers/],
      [['--levels', '0:1:-0.5'], /step must be > 0/],
      [['--levels', '1', '--barriers', writeJson(dir, 'far.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { crest: 3 }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }] })], /far\.geojson: feature 0 lies wholly outside the DEM/],
    ] as const) {
      expect(await badInput(['scenarios', '--dem', dem, '--csv', join(out, 't.csv'), ...extra], out)).toMatch(msg);
    }
  });
});

describe('--compress deflate|none (spill, flood, scenarios)', () => {
  it('none writes uncompressed GeoTIFFs with the same values as the default DEFLATE ones', async () => {
    const dir = tempDir('fz-compress-');
    const dem = randomDem(dir, 21, 300, 40);
    const read = async (p: string) => {
      const bytes = readFileSync(p);
      // TIFF tag 259 (Compression) of the first IFD: 1 none, 8 DEFLATE
      const ifd = bytes.readUInt32LE(4);
      let compression = 0;
      for (let i = 0; i < bytes.readUInt16LE(ifd); i++) if (bytes.readUInt16LE(ifd + 2 + i * 12) === 259) compression = bytes.readUInt16LE(ifd + 2 + i * 12 + 8);
      return { compression, size: bytes.length, data: (await readRasterFile(p)).data };
    };
    const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    const runs = {
      spill: (c: string[], out: string) => ['spill', '--dem', dem, '--out', join(out, 'w.tif'), ...c],
      flood: (c: string[], out: string) => ['flood', '--dem', dem, '--level', '2', '--out', out, '--sigma', '0.3', ...c],
      scenarios: (c: string[], out: string) => ['scenarios', '--dem', dem, '--levels', '1,2', '--depth-dir', out, ...c],
    };
    const files = { spill: ['w.tif'], flood: ['depth.tif', 'probability.tif'], scenarios: ['depth_1.tif', 'depth_2.tif'] };
    for (const [cmd, args] of Object.entries(runs) as [keyof typeof runs, (c: string[], out: string) => string[]][]) {
      const a = join(dir, `${cmd}-default`);
      const b = join(dir, `${cmd}-none`);
      const c = join(dir, `${cmd}-deflate`);
      for (const [out, flag] of [[a, []], [b, ['--compress', 'none']], [c, ['--compress', 'deflate']]] as const) {
        const r = await run(args([...flag], out));
        expect(r.code, r.err).toBe(0);
      }
      for (const f of files[cmd]) {
        const d = await read(join(a, f));
        const n = await read(join(b, f));
        const e = await read(join(c, f));
        expect([d.compression, n.compression, e.compression], `${cmd} ${f}`).toEqual([8, 1, 8]);
        expect(same(n.data, d.data), `${cmd} ${f}`).toBe(true);
        expect(same(e.data, d.data), `${cmd} ${f}`).toBe(true);
        expect(n.size).toBeGreaterThanOrEqual(300 * 40 * 4);
      }
      expect(filesUnder(b).filter((f) => f.includes('.tmp'))).toEqual([]);
    }
  });

  it('a bad value is exit 2 with one line, before anything is read or written', async () => {
    const dir = tempDir('fz-compress-bad-');
    const dem = randomDem(dir, 22);
    const out = join(dir, 'o');
    for (const args of [
      ['spill', '--dem', dem, '--out', join(out, 'w.tif'), '--compress', 'lzw'],
      ['flood', '--dem', dem, '--level', '1', '--out', out, '--compress', 'zstd'],
      ['scenarios', '--dem', dem, '--levels', '1', '--depth-dir', out, '--compress', ''],
      ['spill', '--dem', join(dir, 'missing.tif'), '--out', join(out, 'w.tif'), '--compress', 'DEFLATE'],
    ]) {
      expect(await badInput(args, out)).toMatch(/--compress must be deflate or none, got "/);
    }
  });
});
