/**
 * Peer tools run beside ours on the same input, in the same run: scipy (Debian python3-scipy, via
 * /usr/bin/python3), GDAL (gdal-bin, python3-gdal), SAGA (`saga_cmd`) and GRASS (`grass`, Debian
 * grass-core). Each returns a `Peer`; `unavailable()` says why it cannot run (the table then shows it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from './cache.js';
import type { Peer, PeerResult } from './suite.js';

const PY = '/usr/bin/python3';
const pyScript = (name: string) => fileURLToPath(new URL(`./py/${name}`, import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../packages/cli/bin/floodzone.js', import.meta.url));

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const cached = new Map<string, string | undefined>();
function once(key: string, f: () => string | undefined): string | undefined {
  if (!cached.has(key)) cached.set(key, f());
  return cached.get(key);
}

export interface ProcessRun {
  readonly wallMs: number;
  readonly maxRssBytes: number | null;
  readonly stdout: string;
}

/**
 * Runs a command to completion and times it (wall clock around the process); peak RSS from
 * `/usr/bin/time -f %M` when that exists. Throws with the tool's stderr when it fails.
 */
export function runProcess(cmd: string, args: readonly string[], opts: { cwd?: string } = {}): ProcessRun {
  const timed = existsSync('/usr/bin/time');
  const argv = timed ? ['-f', 'FZ_MAXRSS_KB=%M', cmd, ...args] : [...args];
  const t0 = performance.now();
  const r = spawnSync(timed ? '/usr/bin/time' : cmd, argv, {
    encoding: 'utf8',
    cwd: opts.cwd,
    maxBuffer: 256 << 20,
    timeout: 30 * 60_000,
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) {
    const msg = (r.stderr || r.error?.message || '').trim().split('\n').filter((l) => !l.startsWith('FZ_MAXRSS_KB')).slice(-3).join(' | ');
    throw new Error(`${cmd} exited with ${r.status}: ${msg}`);
  }
  const kb = r.stderr.match(/FZ_MAXRSS_KB=(\d+)/)?.[1];
  return { wallMs, maxRssBytes: kb ? Number(kb) * 1024 : null, stdout: r.stdout };
}

function lastJson(stdout: string): { ms?: number; output?: Record<string, number> } {
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as { ms?: number; output?: Record<string, number> };
}

function pythonPeer(name: string, modules: string, script: string, args: () => string[]): Peer {
  return {
    name,
    unavailable: () =>
      once(`py:${modules}`, () =>
        spawnSync(PY, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0
          ? undefined
          : `not installed: ${PY} cannot import ${modules} (apt-get install python3-scipy python3-gdal)`,
      ),
    run(): PeerResult {
      const p = runProcess(PY, [pyScript(script), ...args()]);
      const j = lastJson(p.stdout);
      return { ms: j.ms ?? null, wallMs: p.wallMs, maxRssBytes: p.maxRssBytes, output: j.output };
    },
  };
}

/**
 * The flood from the border at `level` by `scipy.ndimage.label` (label the below-level cells, keep
 * the components touching the border) on a raw Float32 file. `ms` is label + selection only.
 * `output.flooded` is the flooded cell count (give the case a `check` returning `{ flooded }`).
 */
export function scipyFlood(raw: string, width: number, height: number, level: number, connectivity: 4 | 8 = 8): Peer {
  return pythonPeer(`scipy ${scipyVersion() ?? ''} ndimage.label`.replace('  ', ' '), 'scipy, numpy', 'scipy_flood.py', () => [
    raw,
    String(width),
    String(height),
    String(level),
    String(connectivity),
  ]);
}

function scipyVersion(): string | null {
  const r = spawnSync(PY, ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** GDAL (Python bindings) reading the whole first band of `file`: Open + ReadAsArray. */
export function gdalRead(file: string): Peer {
  return pythonPeer('GDAL ReadAsArray', 'osgeo.gdal', 'gdal_read.py', () => [file]);
}

/** GDAL (Python bindings) writing a raw Float32 grid as tiled DEFLATE GeoTIFF (predictor 3 by default). */
export function gdalWrite(raw: string, width: number, height: number, predictor: 1 | 3 = 3): Peer {
  const out = join(CACHE_DIR, 'peer-out', `gdal-write-${width}x${height}.tif`);
  return pythonPeer(`GDAL Create+WriteArray (DEFLATE, predictor ${predictor})`, 'osgeo.gdal, numpy', 'gdal_write.py', () => {
    mkdirSync(join(CACHE_DIR, 'peer-out'), { recursive: true });
    return [raw, String(width), String(height), out, String(predictor)];
  });
}

/** `gdal_translate` of `input` to a tiled DEFLATE GeoTIFF: a whole read+write process. Wall time only. */
export function gdalTranslate(input: string, extra: readonly string[] = ['-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES']): Peer {
  return {
    name: `gdal_translate ${extra.filter((a) => a !== '-co').join(' ')}`,
    compare: 'process',
    unavailable: () => once('gdal_translate', () => (which('gdal_translate') ? undefined : 'not installed: apt-get install gdal-bin')),
    run(): PeerResult {
      const dir = join(CACHE_DIR, 'peer-out');
      mkdirSync(dir, { recursive: true });
      const out = join(dir, 'gdal-translate.tif');
      rmSync(out, { force: true });
      const p = runProcess('gdal_translate', ['-q', ...extra, input, out]);
      return { ms: null, wallMs: p.wallMs, maxRssBytes: p.maxRssBytes };
    },
  };
}

/**
 * SAGA's `Fill Sinks XXL (Wang & Liu)` (`saga_cmd ta_preprocessor 5`, MINSLOPE 0): the depression-
 * filled DEM, which equals our spill levels W with `border` sources. Whole process, wall time (SAGA
 * reads the GeoTIFF through GDAL and writes a SAGA grid); compare with the `process` of the case.
 * `output.raised` = cells where the filled DEM is above the DEM (W > z), counted afterwards, untimed.
 */
export function sagaFillSinks(tif: string): Peer {
  return {
    name: `SAGA ${toolVersionOnce('saga_cmd') ?? ''} Fill Sinks XXL (Wang & Liu)`.replace('  ', ' '),
    compare: 'process',
    unavailable: () => once('saga', () => (which('saga_cmd') ? undefined : 'not installed: apt-get install saga')),
    run(): PeerResult {
      const dir = join(CACHE_DIR, 'peer-out');
      mkdirSync(dir, { recursive: true });
      const out = join(dir, 'saga-filled.sdat');
      const p = runProcess('saga_cmd', ['-f=q', 'ta_preprocessor', '5', '-ELEV', tif, '-FILLED', out, '-MINSLOPE', '0']);
      // Untimed: how many cells the filling raised (W > z), to compare with ours via `check`.
      const raised = lastJson(runProcess(PY, [pyScript('raised_cells.py'), tif, out]).stdout).output;
      return { ms: null, wallMs: p.wallMs, maxRssBytes: p.maxRssBytes, output: raised };
    },
  };
}

const versions = new Map<string, string | null>();
function toolVersionOnce(cmd: string): string | null {
  if (!versions.has(cmd)) {
    let v: string | null = null;
    try {
      const out = execFileSync(cmd, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      v = out.match(/\d+\.\d+(\.\d+)?/)?.[0] ?? null;
    } catch {
      v = null;
    }
    versions.set(cmd, v);
  }
  return versions.get(cmd) ?? null;
}

/**
 * GRASS `r.lake` at `level` from one seed point (x, y in the DEM's CRS): the same flood as our
 * `floodFill(dem, Math.fround(level), { sea: { kind: 'seeds', cells: [seed cell] } })`, checked cell for
 * cell in packages/core/test/grid/grass.test.ts. Whole process, wall time: `grass --tmp-location <tif>`
 * starts GRASS in a throw-away location with the GeoTIFF's CRS, `r.external` links the GeoTIFF (r.lake
 * then reads it through GDAL; measured as fast as or faster than copying it in with `r.in.gdal`), and
 * `r.lake` floods and writes its lake map (compare with the `process` of the case).
 * `output.lakeCells` = r.lake's own "Lake area" report (a sum of equal cell areas) ÷ the cell area from
 * `g.region -g`, so no extra counting step is timed.
 *
 * What r.lake computes (GRASS 8.2.1, measured on small grids): cell c is in the lake iff z(c) < level
 * (strict; a cell at exactly the level stays dry), c is not null, and c is 8-connected to the seed
 * through such cells; null cells block. Differences that this runner removes:
 * - r.lake reads `water_level` as a 32-bit float, so a level that float32 cannot represent is
 *   rounded first (2.3 → 2.2999999523…, and a cell at float32(2.3) stays dry): compare with
 *   `Math.fround(level)`.
 * - Its 3×3 window never reads the last column of the region: water neither leaves nor crosses the
 *   easternmost column (measured on 5×5: a seed beside a channel down the last column flooded 3 of
 *   the 6 connected cells; a seed in the last column floods only itself). The region is therefore
 *   grown by one null cell on every side (`g.region grow=1`), which changes nothing else (null cells
 *   never flood) and puts the DEM's last column inside the window.
 * Not removed (callers must avoid them): a seed cell with z ≥ level is a fatal error in r.lake (ours
 * floods nothing), and a seed on a null cell still wets its valid neighbours (ours: nothing).
 */
export function grassLake(tif: string, level: number, seedX: number, seedY: number): Peer {
  return {
    name: `GRASS ${grassVersion() ?? ''} r.lake`.replace('  ', ' '),
    compare: 'process',
    unavailable: () => once('grass', () => (which('grass') ? undefined : 'not installed (GRASS GIS; apt-get install grass-core)')),
    run(): PeerResult {
      const dir = join(CACHE_DIR, 'peer-out');
      mkdirSync(dir, { recursive: true });
      const log = join(dir, 'grass-lake.log');
      const script = [
        `r.external -o input='${tif}' output=dem --quiet`, // links the GeoTIFF (read through GDAL), no copy
        'g.region raster=dem grow=1 -g', // prints nsres/ewres for the cell area
        // Not --quiet: its messages carry the lake area. C locale: English messages, '.' decimals.
        `LC_ALL=C r.lake elevation=dem water_level=${level} lake=lake coordinates=${seedX},${seedY} 2>'${log}'`,
        `cat '${log}'`,
      ].join(' && ');
      rmSync(log, { force: true });
      let p: ProcessRun;
      try {
        p = runProcess('grass', ['--tmp-location', tif, '--exec', 'sh', '-c', script]);
      } catch (e) {
        // grass's own exit lines hide the module's message: quote r.lake's ERROR from its log.
        const err = existsSync(log) ? /ERROR:[^]*/.exec(readFileSync(log, 'utf8'))?.[0].replace(/\s+/g, ' ').trim() : undefined;
        throw err ? new Error(`r.lake: ${err}`) : e;
      }
      const res = (k: string) => Number(new RegExp(`^${k}=([0-9.eE+-]+)$`, 'm').exec(p.stdout)?.[1]);
      const area = Number(/Lake area ([0-9.eE+-]+) square meters/.exec(p.stdout)?.[1]);
      const lakeCells = area / (res('nsres') * res('ewres'));
      if (!Number.isFinite(lakeCells)) throw new Error(`r.lake printed no lake area: ${p.stdout.trim().split('\n').slice(-3).join(' | ')}`);
      return { ms: null, wallMs: p.wallMs, maxRssBytes: p.maxRssBytes, output: { lakeCells } };
    },
  };
}

function grassVersion(): string | undefined {
  return once('grass --config version', () => {
    try {
      return execFileSync('grass', ['--config', 'version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  });
}

/** Whether the built CLI exists (bench/run.ts builds with `tsc --build` first). */
export function cliBuilt(): boolean {
  return existsSync(fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url)));
}

/** Runs the built `floodzone` with `args` as a whole process (node start-up included). */
export function runFloodzone(args: readonly string[]): ProcessRun {
  return runProcess(process.execPath, [CLI_BIN, ...args]);
}
