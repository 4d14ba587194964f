import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;
const live = new Set<string>();

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter++}`);
}

/** Removes every temporary file still open; the binary calls it on SIGINT and on failure. */
export function removeTemporaries(): void {
  for (const t of live) rmSync(t, { force: true });
  live.clear();
}

/**
 * Writes a file under a temporary name in the same folder, then renames it into place, so that a
 * reader never sees a half-written output even if the process dies mid-write.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  live.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    live.delete(tmp);
  }
}

/**
 * Stages a set of outputs: each is written to a temporary name as it is produced, and all are
 * renamed into place only by `commit()`. `abort()` (or a failure before commit) leaves nothing.
 */
export class OutputSet {
  private readonly staged: Array<{ tmp: string; path: string }> = [];

  write(path: string, data: string | Uint8Array): void {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = tempName(path);
    live.add(tmp);
    this.staged.push({ tmp, path });
    writeFileSync(tmp, data);
  }

  commit(): string[] {
    for (const { tmp, path } of this.staged) {
      renameSync(tmp, path);
      live.delete(tmp);
    }
    const done = this.staged.map((s) => s.path);
    this.staged.length = 0;
    return done;
  }

  abort(): void {
    for (const { tmp } of this.staged) {
      rmSync(tmp, { force: true });
      live.delete(tmp);
    }
    this.staged.length = 0;
  }
}
