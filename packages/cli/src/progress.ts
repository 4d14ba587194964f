import type { CliIo } from './io.js';

/**
 * A progress bar on stderr, drawn only when stderr is a terminal (so `--json` output and logs stay
 * clean). Redraws at most every 100 ms.
 */
export function progressBar(io: CliIo, label: string): ((done: number, total: number, phase?: string) => void) & { end(): void } {
  let last = 0;
  let drawn = false;
  const update = (done: number, total: number, phase?: string) => {
    if (!io.stderrIsTTY) return;
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const width = 24;
    const fill = Math.round(frac * width);
    io.stderr(`\r${label}${phase ? ` ${phase}` : ''} [${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%\x1b[K`);
    drawn = true;
  };
  return Object.assign(update, {
    end() {
      if (drawn) io.stderr('\r\x1b[K');
      drawn = false;
    },
  });
}
