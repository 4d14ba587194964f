// Shared helpers of the CLI tests (not a test file itself): a capturing CliIo, temporary folders,
// small input writers and a CSV reader.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli, type CliIo } from 'floodzone';

/** A CliIo that collects stdout in `out` and stderr in `err`. */
export function capture(opts: { tty?: boolean; signal?: AbortSignal } = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    stderrIsTTY: opts.tty ?? false,
    signal: opts.signal ?? new AbortController().signal,
  };
  return io;
}

/** Runs the CLI in-process with a capturing io; its exit code and everything it printed. */
export async function run(args: string[], opts: { tty?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  const io = capture(opts);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/**
 * Runs a command that must stop on bad input, as the CLI contract says: exit 2, one newline-ended line
 * on stderr, nothing on stdout and, when `out` is given, no file under it. Returns that line.
 */
export async function badInput(args: string[], out?: string): Promise<string> {
  const io = capture();
  const code = await runCli(args, io);
  const line = io.err.trimEnd();
  expect(code, line).toBe(2);
  expect(io.err.endsWith('\n'), line).toBe(true);
  expect(line.split('\n')).toHaveLength(1);
  expect(io.out).toBe('');
  if (out !== undefined) expect(filesUnder(out)).toEqual([]);
  return line;
}

/** The parts of `floodzone flood --json` (and summary.json) the tests read. */
export interface FloodSummary {
  floodedCells: number;
  floodedArea_m2: number;
  volume_m3: number;
  maxDepth: number;
  areas: number | null;
  timings: { read: number; flood: number; vectorize: number; write: number };
}

const made: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix = 'fz-cli-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Every file under `dir`, recursively, relative names (hidden temporaries included). */
export function filesUnder(dir: string): string[] {
  try {
    return (readdirSync(dir, { recursive: true }) as string[]).sort();
  } catch {
    return [];
  }
}

/**
 * Writes an ESRI ASCII grid from rows of numbers (north row first; `null` = no data), 5 m cells with the
 * lower-left corner at (xll, yll). Returns its path.
 */
export function writeAsc(dir: string, name: string, rows: (number | null)[][], xll = 1000, yll = 2000, cell = 5): string {
  const h = rows.length;
  const w = rows[0]!.length;
  const lines = [`ncols ${w}`, `nrows ${h}`, `xllcorner ${xll}`, `yllcorner ${yll}`, `cellsize ${cell}`, 'NODATA_value -9999'];
  for (const r of rows) lines.push(r.map((v) => (v === null ? '-9999' : String(v))).join(' '));
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** World (x, y) of the centre of cell (col, row) of a grid written by writeAsc. */
export function centre(col: number, row: number, h: number, xll = 1000, yll = 2000, cell = 5): [number, number] {
  return [xll + (col + 0.5) * cell, yll + (h - row - 0.5) * cell];
}

/** Rows of a CSV as written by the report (RFC 4180 quoting; no newlines inside cells). */
export function parseCsv(text: string): string[][] {
  return text.trim().split('\n').map((l) => {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]!;
      if (q) {
        if (ch === '"' && l[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') cells.push(cur), (cur = '');
      else cur += ch;
    }
    cells.push(cur);
    return cells;
  });
}
