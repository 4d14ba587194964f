import { describe, expect, it } from 'vitest';
import { buildReport, caseFileName, depthRampMax, formatLevel, parseCsv } from '../src/report/build.js';
import { fixtureDem, fixtureProject, fixtureResult } from './fixtures/report-fixture.js';

/** The JSON data block of report.html. */
function reportData(html: string): {
  cases: Array<{ id: string; depth: string; zones: string; deficits: Record<string, number> }>;
  initialCase: string;
  map: { width: number; height: number; transform: number[] };
  lines: Array<{ id: string; owner: string; parts: number[][][] }>;
} {
  const m = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
  return JSON.parse(m![1]!);
}

function pngSize(dataUrl: string): [number, number] {
  const b = Buffer.from(dataUrl.replace('data:image/png;base64,', ''), 'base64');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('buildReport on a hand-made result (no analyzeProject involved)', () => {
  const dem = fixtureDem();
  const project = fixtureProject();
  const result = fixtureResult(dem, project);

  it('embeds every case with its layers on the display grid, and the lines in world coordinates', async () => {
    const { files } = await buildReport(project, dem, result, { lang: 'en' });
    const html = String(files.find((f) => f.path === 'report.html')!.data);
    const d = reportData(html);
    expect(d.cases.map((c) => c.id)).toEqual(result.cases.map((c) => c.id));
    expect(d.initialCase).toBe('RCP2.6@2100');
    expect([d.map.width, d.map.height]).toEqual([48, 32]);
    expect(d.map.transform).toEqual([...dem.transform]);
    for (const c of d.cases) {
      expect(pngSize(c.depth)).toEqual([48, 32]);
      const [zw, zh] = pngSize(c.zones);
      expect(zw / 48).toBe(zh / 32); // the zone outline image is an integer enlargement
      expect(Number.isInteger(zw / 48)).toBe(true);
    }
    // Deficits per case are the crest rows' (required − existing).
    const last = d.cases.find((c) => c.id === 'RCP8.5@2100')!;
    expect(last.deficits.q1).toBeCloseTo(2.9 + 0.2 - 2.6, 3);
    expect(d.lines.map((l) => l.id)).toEqual(['q1', 'q2']);
    expect(d.lines[0]!.parts[0]![0]).toEqual([20115, -30040]);
    // Offline: a CSP that forbids every network fetch, and no URL but the SVG namespace.
    expect(html).toContain(`content="default-src 'none'; img-src data:;`);
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
    // No plan and no setbacks in the fixture: no such sections or files.
    expect(html).not.toContain('id="table-plan"');
    expect(files.some((f) => f.path === 'plan.csv' || f.path === 'setbacks.csv')).toBe(false);
    // One map per case.
    for (const c of result.cases) expect(files.some((f) => f.path === `maps/${caseFileName(c.id)}.png`)).toBe(true);
  });

  it('the works table (Table 5-2) lists each line short under the adopted scenario, with the front level and the year', async () => {
    // Adopt RCP8.5 (first scenario) so both quays fall short by 2100.
    const p = { ...project, scenarios: [...project.scenarios].reverse() };
    const { files } = await buildReport(p, dem, fixtureResult(dem, p), { lang: 'ja' });
    const works = parseCsv(String(files.find((f) => f.path === 'works.csv')!.data));
    expect(works[0]).toEqual(['実施主体', '必要となる事業', '備考']);
    expect(works.slice(1).map((r) => r[1])).toEqual(['North quayの嵩上 (D.L.+2.90m)', '南護岸の嵩上 (D.L.+2.90m)']);
    expect(works[1]![2]).toMatch(/^2050年を目途に整備/);
    const html = String(files.find((f) => f.path === 'report.html')!.data);
    expect(html).toContain('事業達成状況確認のためのバーチャート（表 5-4）');
    expect(files.some((f) => f.path === 'charts/timeline.svg')).toBe(true);
  });

  it('formats levels with both datums and sizes the ramp by the 98th percentile', () => {
    expect(formatLevel(4.2, { name: 'D.L.', toTP_m: -1.134 })).toBe('D.L.+4.20 m (T.P.+3.07 m)');
    expect(formatLevel(-0.5, { name: 'D.L.', toTP_m: -1.134 })).toBe('D.L.-0.50 m (T.P.-1.63 m)');
    expect(formatLevel(3.93, { name: 'T.P.', toTP_m: 0 })).toBe('T.P.+3.93 m');
    // The fixture's deepest flooded land is 2.9 − 0.8 = 2.1 m: the ramp ends at a nice number ≥ p98.
    const m = depthRampMax(result);
    expect(m).toBeGreaterThanOrEqual(2);
    expect(m).toBeLessThanOrEqual(2.5);
  });
});
