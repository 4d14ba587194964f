import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRaster } from '@floodzone/raster';
import { readRasterFile } from '@floodzone/raster/node';
import { floodAtLevel } from '../library/flood-a-dem.js';
import { handleFlood, type FloodReply } from '../library/flood-worker.js';

const DEM = fileURLToPath(new URL('../port/dem.tif', import.meta.url));
const WORKER = fileURLToPath(new URL('../library/flood-worker.ts', import.meta.url));
const LEVEL = 4.2; // over the quays (examples/port/README.md)
const CHROMIUM = process.env.FLOODZONE_CHROMIUM ?? '/usr/bin/chromium';
const noChromium = existsSync(CHROMIUM) ? undefined : `skipped: ${CHROMIUM} not found (install Debian's chromium, as .ci/run does)`;

describe('library use from Node (examples/library/flood-a-dem.ts)', () => {
  it('floods the example port; polygons, stats and depth agree', async () => {
    const dem = await readRasterFile(DEM);
    const { stats, depth, polygons } = floodAtLevel(dem, LEVEL);
    expect(stats.floodedCells).toBeGreaterThan(0);
    let cells = 0;
    let area = 0;
    for (const f of polygons.features) {
      cells += f.properties.cells;
      area += f.properties.area_m2;
    }
    expect(cells).toBe(stats.floodedCells);
    expect(area).toBeCloseTo(stats.floodedArea_m2, 3);
    let wet = 0;
    for (const d of depth.data) if (d > 0) wet++;
    expect(wet).toBe(stats.floodedCells);
  });
});

describe('the worker module (examples/library/flood-worker.ts)', () => {
  it('gives the Node answer and returns a depth GeoTIFF that reads back exactly', async () => {
    const bytes = readFileSync(DEM);
    const replies: FloodReply[] = [];
    const dem = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    await handleFlood({ id: 7, type: 'flood', dem, name: 'dem.tif', level: LEVEL }, new AbortController().signal, (r) => replies.push(r));
    const done = replies.find((r) => r.type === 'done');
    if (!done || done.type !== 'done') throw new Error(`no result: ${JSON.stringify(replies.at(-1))}`);
    const node = floodAtLevel(await readRasterFile(DEM), LEVEL);
    expect(done.stats).toEqual(node.stats);
    const back = await readRaster(done.depthTiff, { name: 'depth.tif' });
    expect(Array.from(back.data)).toEqual(Array.from(node.depth.data));
  });

  it('stops on an aborted signal with an error reply, not a result', async () => {
    const bytes = readFileSync(DEM);
    const ctl = new AbortController();
    ctl.abort();
    const replies: FloodReply[] = [];
    await handleFlood({ id: 1, type: 'flood', dem: bytes.buffer.slice(0), name: 'dem.tif', level: LEVEL }, ctl.signal, (r) => replies.push(r));
    expect(replies.map((r) => r.type)).toEqual(['error']);
  });
});

describe('core, raster and zones in a real browser', () => {
  let code = '';

  beforeAll(async () => {
    // A browser bundle of the worker: the build fails if anything in core, raster (without /node)
    // or zones needs a Node built-in.
    const out = await build({ entryPoints: [WORKER], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
    code = out.outputFiles[0].text;
  }, 120_000);

  it('bundle for the browser with no Node built-in', () => {
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/from\s*["']node:/);
  });

  describe.skipIf(noChromium)('in a Web Worker in Chromium', () => {
    let server: Server;
    let ctx: BrowserContext;
    let base = '';
    const dir = mkdtempSync(join(tmpdir(), 'fz-worker-'));

    beforeAll(async () => {
      const dem = readFileSync(DEM);
      server = createServer((req, res) => {
        if (req.url === '/worker.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
        else if (req.url === '/dem.tif') res.writeHead(200, { 'content-type': 'image/tiff' }).end(dem);
        else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>floodzone worker</title>');
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const addr = server.address();
      base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      ctx = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 120_000);

    afterAll(async () => {
      await ctx?.close();
      await new Promise((ok) => server?.close(ok));
      rmSync(dir, { recursive: true, force: true });
    });

    it('floods the example port in a module worker and matches Node', async () => {
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      const result = await page.evaluate(async (level) => {
        const dem = await (await fetch('/dem.tif')).arrayBuffer();
        const worker = new Worker('/worker.js', { type: 'module' });
        let progress = 0;
        const reply = await new Promise<any>((resolve) => {
          worker.onmessage = ({ data }) => {
            if (data.type === 'progress') progress++;
            else resolve(data);
          };
          worker.onerror = (e) => resolve({ type: 'error', message: e.message });
          worker.postMessage({ id: 1, type: 'flood', dem, name: 'dem.tif', level }, [dem]);
        });
        worker.terminate();
        return { type: reply.type, message: reply.message, stats: reply.stats, features: reply.geojson ? JSON.parse(reply.geojson).features.length : 0, tiffBytes: reply.depthTiff?.byteLength ?? 0, progress };
      }, LEVEL);
      expect(result.message).toBeUndefined();
      expect(result.type).toBe('done');
      const node = floodAtLevel(await readRasterFile(DEM), LEVEL);
      expect(result.stats).toEqual(node.stats);
      expect(result.features).toBe(node.polygons.features.length);
      expect(result.tiffBytes).toBeGreaterThan(0);
    }, 120_000);
  });
});
