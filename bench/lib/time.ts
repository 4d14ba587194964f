/** Results of timing one function. All times in ms. */
export interface Timing {
  readonly min: number;
  readonly median: number;
  readonly mean: number;
  readonly samples: readonly number[];
}

/**
 * Keeps results alive so the JIT cannot drop the work that made them. Read it once at the end
 * (`run.ts` prints a checksum of it) so that even the sink is observable.
 */
export const sink: { last: unknown; count: number } = { last: undefined, count: 0 };

export function consume(value: unknown): void {
  sink.last = value;
  sink.count++;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times `fn`: `warmup` untimed calls (JIT), then `runs` timed calls; min and median in ms. Every
 * return value goes to the sink. `fn` may be async (awaited; the await is inside the timing).
 */
export async function timeIt(
  fn: () => unknown,
  { warmup = 1, runs = 5 }: { warmup?: number; runs?: number } = {},
): Promise<Timing> {
  if (!(runs >= 1)) throw new RangeError(`runs must be at least 1, got ${runs}`);
  for (let i = 0; i < warmup; i++) consume(await fn());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = fn();
    consume(r instanceof Promise ? await r : r);
    samples.push(performance.now() - t0);
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { min: Math.min(...samples), median: median(samples), mean, samples };
}
