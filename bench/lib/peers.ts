/**
 * Peer tools run beside ours on the same input, in the same run: scipy (Debian python3-scipy, via
 * /usr/bin/python3), GDAL (gdal-bin, python3-gdal), SAGA (`saga_cmd`) and GRASS (`grass`, when
 * installed). Each returns a `Peer`; `unavailable()` says why it cannot run (the table then shows it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
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
 * GRASS `r.lake` at `level` from a seed point (x, y in the DEM's CRS), in a temporary location made
 * from the GeoTIFF. Only when `grass` is installed; it is NOT installed on the team machine, so this
 * runner has not been exercised there (the table says "not installed").
 */
export function grassLake(tif: string, level: number, seedX: number, seedY: number): Peer {
  return {
    name: 'GRASS r.lake',
    compare: 'process',
    unavailable: () => once('grass', () => (which('grass') ? undefined : 'not installed (GRASS GIS; apt-get install grass-core)')),
    run(): PeerResult {
      const script = [
        `r.in.gdal -o input=${tif} output=dem --quiet`,
        'g.region raster=dem',
        `r.lake elevation=dem water_level=${level} lake=lake coordinates=${seedX},${seedY} --quiet`,
      ].join(' && ');
      const p = runProcess('grass', ['--tmp-location', tif, '--exec', 'sh', '-c', script]);
      return { ms: null, wallMs: p.wallMs, maxRssBytes: p.maxRssBytes };
    },
  };
}

/** Whether the built CLI exists (bench/run.ts builds with `tsc --build` first). */
export function cliBuilt(): boolean {
  return existsSync(fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url)));
}

/** Runs the built `floodzone` with `args` as a whole process (node start-up included). */
export function runFloodzone(args: readonly string[]): ProcessRun {
  return runProcess(process.execPath, [CLI_BIN, ...args]);
}
