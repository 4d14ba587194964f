/**
 * GRASS GIS (Debian grass-core, 8.2.1 on the team machine) beside our kernels. Skips with a reason when
 * `grass` or ../shared/data is absent.
 *
 * r.lake ↔ floodFill with `sea: { kind: 'seeds' }`. What r.lake computes, measured on small grids: a
 * cell is in the lake iff it is not null, z < level (strict) and it is 8-connected to the seed through
 * such cells; null cells block. Two differences are removed here (and in bench/lib/peers.ts grassLake):
 * r.lake reads the level as a float32 (compare with `Math.fround(level)`), and its 3×3 window never
 * reads the region's last column, so water neither leaves nor crosses the easternmost column: the region
 * is grown by one null cell on each side (`g.region grow=1`). A seed at or above the level is a fatal
 * error in r.lake, so seeds are always below it.
 *
 * r.terraflow ↔ spillLevels (border sources). Its filled elevation is defined as ours: sink-watersheds
 * are merged along their lowest common boundary until each has a path off the grid, i.e. every cell is
 * raised to the lowest level at which it drains to the edge. One difference: r.terraflow gives the
 * outside watershed a raise level of 0 and writes max(z, raise) per watershed, so cells that drain
 * straight off the edge below 0 m come out as exactly 0 (on the Tokyo 50 m DEM, 27,075 cells with
 * W < 0). On the DEM shifted up by 100 m (all elevations positive) it equals W cell for cell.
 *
 * r.fill.dir is not compared: it fills by Jenson & Domingue (1988) flow directions and says it may
 * need repeated runs; one run on the Tokyo 50 m DEM left 29,544 cells below W and raised 1,286 above
 * W, so it is not the same definition. r.hydrodem is an addon, not in grass-core.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floodFill, spillLevels } from '../../src/index.js';
import { missing, sharedFile } from '../../../../test-support/shared-data.js';
import { rng } from './helpers.js';

const grassMissing = spawnSync('sh', ['-c', 'command -v grass'], { stdio: 'ignore' }).status === 0 ? undefined : 'skipped: grass is not installed (apt-get install grass-core)';

/** Runs `lines` (shell, stop at the first failure) in a throw-away GRASS location made from `from`: a georeferenced file or XY. */
function grass(from: string, lines: string[]): void {
  const r = spawnSync('grass', ['--tmp-location', from, '--exec', 'sh', '-c', ['set -e', ...lines].join('\n')], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `${r.stderr}`.split('\n').filter((l) => /error/i.test(l)).join('\n')).toBe(0);
}

function count(m: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < m.length; i++) n += m[i]!;
  return n;
}

describe('GRASS r.lake = floodFill from the same seed', () => {
  it.skipIf(grassMissing)('random small grids with ties, nodata, levels at cell values and seeds in every column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-grass-'));
    try {
      // Values on a 0.25 m grid (exact in float32) plus 2.3, which float32 cannot hold: ties with the level.
      const values = [...Array.from({ length: 25 }, (_, k) => k / 4), 2.3];
      const cases: { w: number; h: number; z: Float32Array; seed: number; level: number }[] = [];
      const lines: string[] = [];
      for (let s = 1; s <= 24; s++) {
        const rand = rng(s);
        const w = 2 + Math.floor(rand() * 11), h = 2 + Math.floor(rand() * 11);
        const z = new Float32Array(w * h);
        for (let i = 0; i < z.length; i++) z[i] = rand() < 0.1 ? NaN : values[Math.floor(rand() * values.length)]!;
        // A valid seed (every few grids in the last column, where r.lake needs the grown region).
        const col = s % 4 === 0 ? w - 1 : Math.floor(rand() * w), row = Math.floor(rand() * h);
        const seed = row * w + col;
        if (Number.isNaN(z[seed]!)) z[seed] = values[Math.floor(rand() * 8)]!;
        const above = values.filter((v) => z[seed]! < Math.fround(v));
        // Every third grid at 2.3 (read by r.lake as float32 2.2999999523…, equal to its cells at 2.3).
        const level = s % 3 === 0 && z[seed]! < Math.fround(2.3) ? 2.3 : above.length > 0 ? above[Math.floor(rand() * above.length)]! : z[seed]! + 1;
        cases.push({ w, h, z, seed, level });
        const asc = [`north: ${h}`, 'south: 0', `east: ${w}`, 'west: 0', `rows: ${h}`, `cols: ${w}`];
        for (let r = 0; r < h; r++) asc.push(Array.from(z.subarray(r * w, r * w + w), (v) => (Number.isNaN(v) ? '*' : String(v === Math.fround(2.3) ? 2.3 : v))).join(' '));
        writeFileSync(join(dir, `g${s}.asc`), asc.join('\n') + '\n');
        lines.push(
          `r.in.ascii --quiet input=${dir}/g${s}.asc output=g${s} type=FCELL`,
          `g.region raster=g${s} grow=1`,
          `r.lake --quiet elevation=g${s} water_level=${level} lake=l${s} coordinates=${col + 0.5},${h - row - 0.5}`,
          `r.out.ascii --quiet -h input=l${s} output=${dir}/l${s}.txt`, // (w + 2) × (h + 2): the grown region
        );
      }
      grass('XY', lines); // an unprojected location: the small grids need no CRS
      let flooded = 0;
      cases.forEach(({ w, h, z, seed, level }, k) => {
        const grown = readFileSync(join(dir, `l${k + 1}.txt`), 'utf8').trim().split(/\s+/).map((t) => (t === '*' ? 0 : 1));
        expect(grown.length).toBe((w + 2) * (h + 2));
        const lake: number[] = [];
        grown.forEach((v, i) => {
          const r = Math.floor(i / (w + 2)) - 1, c = (i % (w + 2)) - 1;
          if (r >= 0 && r < h && c >= 0 && c < w) lake.push(v);
          else expect(v, 'the null padding never floods').toBe(0);
        });
        const ours = floodFill({ data: z, width: w, height: h, transform: [0, 1, 0, h, 0, -1], crs: null, nodata: null }, Math.fround(level), { sea: { kind: 'seeds', cells: [seed] } });
        expect(Array.from(ours).join(''), `grid ${k + 1}: ${w}×${h}, level ${level}, seed ${seed}`).toBe(lake.join(''));
        flooded += count(ours);
      });
      expect(flooded).toBeGreaterThan(cases.length * 3); // lakes beyond their seed cells
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const TOKYO = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
  it.skipIf(missing(TOKYO) ?? grassMissing)('Tokyo 50 m: a seed in the bay at 5 levels and one in a closed depression, cell for cell', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const tif = sharedFile(TOKYO);
    const dem = await readRasterFile(tif);
    const { width: w, height: h, data: z } = dem;
    const [x0, dx, , y0, , dy] = dem.transform;
    const { level: W } = spillLevels(dem);
    // Seeds: the SE corner (Tokyo Bay, in the last column) and the lowest cell of a depression ≥ 1 m deep.
    let pit = -1;
    for (let i = 0; i < z.length; i++) if (W[i]! - z[i]! >= 1 && (pit < 0 || z[i]! < z[pit]!)) pit = i;
    expect(pit).toBeGreaterThanOrEqual(0);
    const runs = [
      ...[-1, 0.5, 2, 2.3, 3.5].map((level) => ({ seed: w * h - 1, level })),
      { seed: pit, level: Math.fround(z[pit]! + 0.5) }, // below the depression's spill level: a lake that does not reach the sea
    ];
    const dir = mkdtempSync(join(tmpdir(), 'fz-grass-'));
    try {
      const lines = [`r.external -o --quiet input=${tif} output=dem`];
      runs.forEach(({ seed, level }, k) => {
        const x = x0 + dx * ((seed % w) + 0.5), y = y0 + dy * (Math.floor(seed / w) + 0.5);
        lines.push('g.region raster=dem grow=1', `r.lake --quiet elevation=dem water_level=${level} lake=lake${k} coordinates=${x},${y}`);
        lines.push('g.region raster=dem', `r.out.gdal --quiet -c input=lake${k} output=${dir}/lake${k}.tif type=Float32`);
      });
      grass(tif, lines);
      for (const [k, { seed, level }] of runs.entries()) {
        const lake = await readRasterFile(join(dir, `lake${k}.tif`));
        expect([lake.width, lake.height]).toEqual([w, h]);
        const ours = floodFill(dem, Math.fround(level), { sea: { kind: 'seeds', cells: [seed] } });
        let bad = 0, sea = 0;
        for (let i = 0; i < ours.length; i++) {
          if (ours[i] !== (Number.isNaN(lake.data[i]!) ? 0 : 1)) bad++;
          if (ours[i] && W[i]! < level) sea++;
        }
        expect(bad, `seed ${seed}, level ${level}`).toBe(0);
        expect(count(ours)).toBeGreaterThan(1);
        if (seed === pit) expect(sea).toBe(0); // the depression's lake does not reach the sea
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GRASS r.terraflow filled elevation = spillLevels (border sources)', () => {
  const TOKYO = 'tokyo_bay_geoclaw/derived_topo_05_50m_JPRCS9.tif';
  it.skipIf(missing(TOKYO) ?? grassMissing)('Tokyo 50 m + 100 m: equal cell for cell; unshifted, only cells with W < 0 differ, as 0', async () => {
    const { readRasterFile } = await import('@floodzone/raster/node');
    const tif = sharedFile(TOKYO);
    const dem = await readRasterFile(tif);
    const dir = mkdtempSync(join(tmpdir(), 'fz-grass-'));
    try {
      grass(tif, [
        `r.external -o --quiet input=${tif} output=dem`,
        'g.region raster=dem',
        "r.mapcalc --quiet 'dem100 = dem + 100'",
        `r.terraflow --quiet elevation=dem100 filled=filled100 directory=${dir}`,
        `r.terraflow --quiet elevation=dem filled=filled directory=${dir}`,
        ...['dem100', 'filled100', 'filled'].map((m) => `r.out.gdal --quiet -c input=${m} output=${dir}/${m}.tif type=Float32`),
      ]);
      const dem100 = await readRasterFile(join(dir, 'dem100.tif'));
      for (let i = 0; i < dem.data.length; i++) if (dem100.data[i] !== Math.fround(dem.data[i]! + 100)) expect(dem100.data[i], `cell ${i}`).toBe(Math.fround(dem.data[i]! + 100));
      const filled100 = (await readRasterFile(join(dir, 'filled100.tif'))).data;
      const filled = (await readRasterFile(join(dir, 'filled.tif'))).data;
      const { level: W100 } = spillLevels(dem100);
      const { level: W } = spillLevels(dem);
      let raised = 0, zeroed = 0;
      for (let i = 0; i < W.length; i++) {
        if (filled100[i] !== W100[i]) expect(filled100[i], `cell ${i} (+100 m)`).toBe(W100[i]);
        if (W100[i]! > dem100.data[i]!) raised++;
        if (filled[i] !== W[i]) {
          expect([filled[i], W[i]! < 0], `cell ${i}`).toEqual([0, true]);
          zeroed++;
        }
      }
      expect(raised).toBeGreaterThan(0); // the DEM has depressions, so the comparison means something
      expect(zeroed).toBeGreaterThan(0); // and the shift was needed (Tokyo Bay is below 0 m)
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
