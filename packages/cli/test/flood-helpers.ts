// Shared helpers of the flood / spill / scenarios CLI tests (not a test file itself).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from 'floodzone';

export function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    stderrIsTTY: false,
    signal: new AbortController().signal,
  };
  return io;
}

const made: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix = 'fz-flood-'): string {
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
