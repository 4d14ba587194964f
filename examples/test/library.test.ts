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
import { levelCurve, levelCurveKernel, spillLevels, type LevelCurvePoint } from '@floodzone/core';
import { cellAreas } from '@floodzone/raster';
import { handleFlood, handleTable, type FloodReply } from '../library/flood-worker.js';

const DEM = fileURLToPath(new URL('../port/dem.tif', import.meta.url));
const WORKER = fileURLToPath(new URL('../library/flood-worker.ts', import.meta.url));
const LEVEL = 4.2; // over the quays (examples/port/README.md)
/** A scenario table's levels: 0 … 6 m in quarter metres. */
const LEVELS = Array.from({ length: 25 }, (_, k) => k / 4);
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
    const replies: FloodReply[] = [];
    const dem = demBytes();
    await handleFlood({ id: 7, type: 'flood', dem, name: 'dem.tif', level: LEVEL }, new AbortController().signal, (r) => replies.push(r));
    const done = replies.find((r) => r.type === 'done');
    if (!done || done.type !== 'done') throw new Error(`no result: ${JSON.stringify(replies.at(-1))}`);
    const node = floodAtLevel(await readRasterFile(DEM), LEVEL);
    expect(done.stats).toEqual(node.stats);
    const back = await readRaster(done.depthTiff, { name: 'depth.tif' });
    expect(Array.from(back.data)).toEqual(Array.from(node.depth.data));
  });

  it('gives the scenario table of spill levels and levelCurve run in Node (its maxLevel shortcut changes nothing)', async () => {
    const replies: FloodReply[] = [];
    const dem = demBytes();
    await handleTable({ id: 8, type: 'table', dem, name: 'dem.tif', levels: LEVELS }, new AbortController().signal, (r) => replies.push(r));
    const table = replies.find((r) => r.type === 'table');
    if (!table || table.type !== 'table') throw new Error(`no table: ${JSON.stringify(replies.at(-1))}`);
    expect(table.kernel).toBe(levelCurveKernel());
    expect(table.curve).toEqual(await nodeTable());
    expect(table.curve.at(-1)!.floodedCells).toBeGreaterThan(table.curve[0]!.floodedCells);
  });

  it('stops on an aborted signal with an error reply, not a result', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const replies: FloodReply[] = [];
    await handleFlood({ id: 1, type: 'flood', dem: demBytes(), name: 'dem.tif', level: LEVEL }, ctl.signal, (r) => replies.push(r));
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
        // the same worker under a Content-Security-Policy without 'wasm-unsafe-eval': no WebAssembly
        else if (req.url === '/worker-csp.js') res.writeHead(200, { 'content-type': 'text/javascript', 'content-security-policy': "script-src 'self'" }).end(code);
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

    /**
     * Posts `request` (with the example DEM, fetched in the page) to a fresh module worker from `url` and
     * returns its final reply, ArrayBuffers as their byte lengths, with the number of progress replies.
     */
    async function ask(url: string, request: Record<string, unknown>): Promise<any> {
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      return page.evaluate(
        async ({ url, request }) => {
          const dem = await (await fetch('/dem.tif')).arrayBuffer();
          const worker = new Worker(url, { type: 'module' });
          let progress = 0;
          const reply = await new Promise<any>((resolve) => {
            worker.onmessage = ({ data }) => {
              if (data.type === 'progress') progress++;
              else resolve(data);
            };
            worker.onerror = (e) => resolve({ type: 'error', message: e.message });
            worker.postMessage({ ...request, dem, name: 'dem.tif' }, [dem]);
          });
          worker.terminate();
          for (const k of Object.keys(reply)) if (reply[k] instanceof ArrayBuffer) reply[k] = reply[k].byteLength;
          return { ...reply, progress };
        },
        { url, request },
      );
    }

    it('computes the scenario table in a module worker with the WebAssembly kernel, as Node does', async () => {
      const reply = await ask('/worker.js', { id: 2, type: 'table', levels: LEVELS });
      expect(reply.message).toBeUndefined();
      expect(reply.type).toBe('table');
      expect(reply.kernel).toBe('wasm');
      // The same kernel in both engines: the same sums, in the same order.
      expect(reply.curve).toEqual(await nodeTable());
    }, 120_000);

    it('falls back to the JavaScript kernel where the CSP forbids WebAssembly, with the same table', async () => {
      const reply = await ask('/worker-csp.js', { id: 3, type: 'table', levels: LEVELS });
      expect(reply.message).toBeUndefined();
      expect(reply.kernel).toBe('js');
      const node = await nodeTable();
      reply.curve.forEach((p: LevelCurvePoint, k: number) => {
        const n = node[k]!;
        expect([p.level, p.floodedCells, p.maxDepth]).toEqual([n.level, n.floodedCells, n.maxDepth]);
        // another summation order: equal to rounding
        expect(Math.abs(p.floodedArea_m2 - n.floodedArea_m2)).toBeLessThanOrEqual(1e-9 * n.floodedArea_m2);
        expect(Math.abs(p.volume_m3 - n.volume_m3)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(n.volume_m3)) + 1e-6);
      });
    }, 120_000);

    it('floods the example port in a module worker and matches Node', async () => {
      const result = await ask('/worker.js', { id: 1, type: 'flood', level: LEVEL });
      expect(result.message).toBeUndefined();
      expect(result.type).toBe('done');
      const node = floodAtLevel(await readRasterFile(DEM), LEVEL);
      expect(result.stats).toEqual(node.stats);
      expect(JSON.parse(result.geojson).features.length).toBe(node.polygons.features.length);
      expect(result.progress).toBeGreaterThan(0);
      expect(result.depthTiff).toBeGreaterThan(0);
    }, 120_000);
  });
});

/** The example port's scenario table computed directly in Node. */
async function nodeTable(): Promise<LevelCurvePoint[]> {
  const dem = await readRasterFile(DEM);
  return levelCurve(spillLevels(dem).level, dem.data, cellAreas(dem), dem.width, LEVELS);
}

/** The example port's DEM file as an ArrayBuffer of its own (what a page would transfer to the worker). */
function demBytes(): ArrayBuffer {
  const b = readFileSync(DEM);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}
