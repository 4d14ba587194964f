import { join } from 'node:path';
import { levelCurve, spillLevels } from '@floodzone/core';
import { cellAreas } from '@floodzone/raster';
import { encodeGeoTiffNodeAsync } from '@floodzone/raster/node';
import { parseFlags, requireFlag } from '../args.js';
import { OutputSet } from '../atomic.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { COMPRESS_FLAG, COMPRESS_HELP, SOURCE_FLAGS, checkOutDir, checkOutFile, loadDem, loadSources, parseSourceFlags, since, tiffOptions } from './flood-common.js';
import type { Command } from './types.js';

const MAX_LEVELS = 100_000;

const help = `floodzone scenarios: flooded area, volume and max depth at many water levels from one pass

usage: floodzone scenarios --dem <file> --levels <list|range> [--sea …] [--seed x,y]...
                           [--connectivity 8|4] [--nodata-is-sea] [--barriers <lines.geojson>]
                           [--csv <out.csv>] [--depth-dir <dir>] [--compress deflate|none] [--json]

One priority-flood gives the spill-level grid W (see \`floodzone spill\`); each level's flood is W < L,
so the table is exact for every level and costs one pass over the cells.

  --levels <list|range> metres: "0.5,1,1.5" or "start:stop:step" (stop included), e.g. "0:3:0.25"
  --csv <out.csv>       also write the table as CSV (level_m, floodedCells, floodedArea_m2, volume_m3,
                        maxDepth_m)
  --depth-dir <dir>     also write <dir>/depth_<level>.tif per level (Float32, NaN where dry)
${COMPRESS_HELP}
  --json                print only the table as JSON on stdout (levels[], timings: read, spill, curve,
                        write)
  --sea, --seed, --connectivity, --nodata-is-sea, --barriers
                        as for \`floodzone flood\`

Exit codes: 0 done, 2 bad input (one line on stderr; nothing written), 1 internal error.
`;

/** Parses `--levels`: a comma list or an inclusive `start:stop:step` range, in metres. */
export function parseLevels(raw: string): number[] {
  const bad = (why: string) => new UsageError(`--levels ${why}, got "${raw}"; write e.g. "0.5,1,1.5" or "0:3:0.25"`);
  const num = (s: string) => {
    const v = s.trim() === '' ? NaN : Number(s);
    if (!Number.isFinite(v)) throw bad(`must hold finite numbers of metres`);
    return v;
  };
  if (raw.includes(':')) {
    const parts = raw.split(':');
    if (parts.length !== 3) throw bad('range must be start:stop:step');
    const [a, b, s] = parts.map(num) as [number, number, number];
    if (!(s > 0)) throw bad('step must be > 0');
    if (b < a) throw bad('stop must be ≥ start');
    const n = Math.floor((b - a) / s + 1e-9) + 1;
    if (n > MAX_LEVELS) throw bad(`range gives ${n} levels, more than ${MAX_LEVELS}`);
    // a + k·s, rounded to the step's decimals so 0.1 steps print as 0.3, not 0.30000000000000004
    const decimals = Math.min(12, Math.max(decimalsOf(a), decimalsOf(s)));
    return Array.from({ length: n }, (_, k) => Number((a + k * s).toFixed(decimals)));
  }
  const list = raw.split(',').map(num);
  if (list.length > MAX_LEVELS) throw bad(`has more than ${MAX_LEVELS} levels`);
  return list;
}

function decimalsOf(v: number): number {
  const s = String(v);
  if (s.includes('e')) return 12;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export const scenariosCommand: Command = {
  name: 'scenarios',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('scenarios', argv, {
      ...SOURCE_FLAGS,
      dem: { type: 'string' },
      levels: { type: 'string' },
      csv: { type: 'string' },
      'depth-dir': { type: 'string' },
      ...COMPRESS_FLAG,
      json: { type: 'boolean' },
    });
    const demPath = requireFlag('scenarios', 'dem', values.dem);
    const levels = parseLevels(requireFlag('scenarios', 'levels', values.levels));
    const { connectivity, nodataIsSea } = parseSourceFlags(values);
    checkOutFile('csv', values.csv);
    checkOutDir('depth-dir', values['depth-dir']);
    const signal = io.signal;
    const tiff = tiffOptions(values.compress, signal);
    const bar = progressBar(io, 'scenarios');

    const tRead = performance.now();
    const dem = await loadDem(demPath, signal);
    const { sea, description, barriers } = await loadSources(values, dem, signal);
    const read = since(tRead);

    const tSpill = performance.now();
    let top = -Infinity;
    for (const L of levels) if (L > top) top = L;
    // Cells with W ≥ the highest level flood at none of the levels: stop the priority-flood there.
    const { level: W } = spillLevels(dem, { connectivity, sea, nodataIsSea, barriers, maxLevel: top, signal, onProgress: bar });
    const spill = since(tSpill);

    const tCurve = performance.now();
    const rowAreas = cellAreas(dem);
    const curve = levelCurve(W, dem.data, rowAreas, dem.width, levels);
    const rows = curve.map((p) => ({
      level_m: p.level,
      floodedCells: p.floodedCells,
      floodedArea_m2: p.floodedArea_m2,
      volume_m3: p.volume_m3,
      maxDepth_m: p.maxDepth,
    }));
    const curveMs = since(tCurve);

    const tWrite = performance.now();
    const outputs = new OutputSet();
    const written: string[] = [];
    try {
      if (values.csv !== undefined) {
        const lines = ['level_m,floodedCells,floodedArea_m2,volume_m3,maxDepth_m'];
        for (const r of rows) lines.push(`${r.level_m},${r.floodedCells},${r.floodedArea_m2},${r.volume_m3},${r.maxDepth_m}`);
        outputs.write(values.csv, `${lines.join('\n')}\n`);
      }
      if (values['depth-dir'] !== undefined) {
        const z = dem.data;
        const depth = new Float32Array(z.length);
        const seen = new Set<string>();
        for (const L of levels) {
          const name = `depth_${levelName(L)}.tif`;
          if (seen.has(name)) continue;
          seen.add(name);
          for (let i = 0; i < z.length; i++) depth[i] = W[i]! < L ? L - z[i]! : NaN;
          outputs.write(join(values['depth-dir'], name), await encodeGeoTiffNodeAsync({ ...dem, data: depth, nodata: null }, tiff));
        }
      }
      written.push(...outputs.commit());
    } catch (err) {
      outputs.abort();
      throw err;
    }
    const write = since(tWrite);
    bar.end();

    if (values.json) {
      const summary = {
        dem: demPath,
        connectivity,
        sea: description,
        nodataIsSea,
        barriers: values.barriers ?? null,
        levels: rows,
        timings: { read, spill, curve: curveMs, write },
      };
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const head = ['level (m)', 'cells', 'area (m²)', 'volume (m³)', 'max depth (m)'];
      const body = rows.map((r) => [
        String(r.level_m),
        String(r.floodedCells),
        r.floodedArea_m2.toFixed(0),
        r.volume_m3.toFixed(0),
        r.maxDepth_m.toFixed(3),
      ]);
      const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k]!.length)));
      const fmt = (cells: string[]) => cells.map((c, k) => c.padStart(widths[k]!)).join('  ');
      io.stdout(`${[fmt(head), ...body.map(fmt)].join('\n')}\n${written.map((f) => `wrote ${f}\n`).join('')}`);
    }
    return 0;
  },
};

/** A file-name-safe level: 1.5 → "1.5", −0.25 → "m0.25". */
function levelName(L: number): string {
  return (L < 0 ? `m${-L}` : String(L)).replace(/[^0-9a-zA-Z.+-]/g, '_');
}
