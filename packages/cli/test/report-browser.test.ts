/**
 * report.html in a real browser: Debian's Chromium driven by playwright-core (which downloads
 * nothing). The map draws, the scenario switch changes the layer, the crest table equals crest.csv,
 * and the page makes no network request. Skips, with the reason, only where Chromium is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';
import { writeRunProject } from './fixtures/run-project.js';
import { capture, parseCsv, removeTempDirs, tempDir } from './helpers.js';

const CHROMIUM = process.env.FLOODZONE_CHROMIUM ?? '/usr/bin/chromium';
const noChromium = existsSync(CHROMIUM) ? undefined : `skipped: ${CHROMIUM} not found (install Debian's chromium, as .ci/run does, or set FLOODZONE_CHROMIUM)`;
if (noChromium) console.warn(noChromium);

describe.skipIf(noChromium)('report.html in Chromium', () => {
  const dir = tempDir('fz-browser-');
  const out = join(dir, 'out');
  let ctx: BrowserContext;

  beforeAll(async () => {
    const code = await runCli(['run', writeRunProject(join(dir, 'proj')), '--out', out], capture());
    if (code !== 0) throw new Error(`floodzone run exited ${code}`);
    ctx = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    removeTempDirs();
  });

  it('draws the map, switches scenario, shows crest.csv, and requests nothing from the network', async () => {
    const page = await ctx.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);

    // Pixels of the map canvas that are not the white background, and a checksum of the image.
    const probe = () =>
      page.evaluate(() => {
        const cv = document.getElementById('map') as HTMLCanvasElement;
        const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
        let ink = 0;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) ink++;
          sum = (sum * 31 + d[i]! + 7 * d[i + 1]! + 13 * d[i + 2]!) >>> 0;
        }
        return { ink, sum, total: d.length / 4, caseId: cv.dataset.caseId };
      });
    await page.waitForFunction(() => {
      const cv = document.getElementById('map') as HTMLCanvasElement;
      const d = cv.getContext('2d')!.getImageData(cv.width >> 1, cv.height >> 1, 1, 1).data;
      return d[0] !== 255 || d[1] !== 255 || d[2] !== 255;
    });
    // Every layer image the drawing asked for has decoded (each redraws on load).
    const settled = () => page.waitForFunction(() => (window as unknown as { floodzoneReport: { loaded(): boolean } }).floodzoneReport.loaded());
    await settled();
    const before = await probe();
    expect(before.caseId).toBe('RCP2.6@2100');
    expect(before.ink).toBeGreaterThan(before.total * 0.5);

    await page.selectOption('#scenario', 'RCP8.5');
    await page.waitForFunction(() => (document.getElementById('map') as HTMLCanvasElement).dataset.caseId === 'RCP8.5@2100');
    await settled();
    const after = await probe();
    expect(after.sum).not.toBe(before.sum);
    // The facts beside the map follow the switch.
    expect(await page.locator('#facts').innerText()).toContain('D.L.+2.80');

    // Hiding the depth layer changes the drawing again.
    await page.uncheck('input[data-layer="depth"]');
    expect((await probe()).sum).not.toBe(after.sum);

    const table = await page.$$eval('#table-crest tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c as HTMLElement).textContent ?? '')));
    const csv = parseCsv(readFileSync(join(out, 'crest.csv'), 'utf8'));
    expect(table.length).toBeGreaterThan(1);
    expect(table[0]).toEqual(csv[0]);
    expect(table[1]).toEqual(csv[1]);
    expect(table).toEqual(csv);

    // Hovering a facility shows its name and owner; hovering a line its crest and deficit.
    await page.check('input[data-layer="depth"]');
    const [fx, fy] = await page.evaluate(() => (window as unknown as { floodzoneReport: { toClient(x: number, y: number): [number, number] } }).floodzoneReport.toClient(20220, -30110));
    await page.mouse.move(fx, fy);
    await expect.poll(() => page.locator('#tip').innerText()).toContain('North yard');
    expect(await page.locator('#tip').innerText()).toContain('Kaiun K.K.');
    const [lx, ly] = await page.evaluate(() => (window as unknown as { floodzoneReport: { toClient(x: number, y: number): [number, number] } }).floodzoneReport.toClient(20115, -30100));
    await page.mouse.move(lx, ly);
    await expect.poll(() => page.locator('#tip').innerText()).toContain('North quay');
    expect(await page.locator('#tip').innerText()).toMatch(/deficit: 0\.40 m/);

    // The flood-area layer (off by default) adds its outlines when switched on (zones hidden: here
    // the one zone has exactly the areas' outline).
    await page.uncheck('input[data-layer="zones"]');
    const beforeAreas = (await probe()).sum;
    await page.check('input[data-layer="areas"]');
    await expect.poll(async () => (await probe()).sum).not.toBe(beforeAreas); // its image decodes asynchronously

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});
