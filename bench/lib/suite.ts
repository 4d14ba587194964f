/**
 * The interface a benchmark suite plugs into. A suite is a module `bench/<name>.ts` that exports
 * `suite: Suite`; `bench/run.ts` finds it by file name (`pnpm bench <name>`).
 */

/** Options every suite receives from the command line. */
export interface SuiteOptions {
  /** Sizes to run, in millions of cells, from `--sizes` (default 1, 4, 16). */
  readonly sizes: readonly number[];
  /** `--quick`: the smallest size only, fewer runs, no 21 M-cell real-data case. */
  readonly quick: boolean;
  /** Include the real Tokyo 5 m case (21 M cells; needs ../shared/data and GDAL). */
  readonly real: boolean;
  /** Run peer tools (scipy, SAGA, GRASS, GDAL) beside ours (`--no-peers` turns them off). */
  readonly peers: boolean;
}

/** What a peer tool reports for one run. */
export interface PeerResult {
  /** Time the tool spent on the work itself (its own clock), in ms; null when only wall time is known. */
  readonly ms: number | null;
  /** Wall time of the whole tool process (start-up and I/O included), in ms. */
  readonly wallMs: number;
  /** Peak resident memory of the tool process in bytes, when /usr/bin/time could tell. */
  readonly maxRssBytes?: number | null;
  /** Numbers the tool computed (e.g. `flooded` cells), printed and compared with ours when the case has `check`. */
  readonly output?: Readonly<Record<string, number>>;
}

/** Another tool doing the same work on the same input, in the same run. */
export interface Peer {
  readonly name: string;
  /** Why it cannot run here (not installed, input missing), or undefined when it can. */
  unavailable(): string | undefined;
  /** Runs the tool once (the runner calls it `runs` times and keeps the fastest). */
  run(): Promise<PeerResult> | PeerResult;
  /**
   * Which of our timings the ratio compares with: `kernel` (our timed `run`, default; fair when the
   * peer reports `ms` for the same work) or `process` (our `process` command's wall time vs the
   * peer's `wallMs`, for whole-process targets such as `floodzone spill` vs SAGA).
   */
  readonly compare?: 'kernel' | 'process';
}

/** One measured case: an input (built untimed) and the work to time on it. */
export interface BenchCase<T = unknown> {
  /** Unique within the suite, e.g. `noisy 4M`; also how the memory child process finds the case. */
  readonly name: string;
  /** Cells the work covers, for Mcells/s and bytes per cell. */
  readonly cells: number;
  /** Builds the input (not timed). May be async (file reads). */
  setup(): T | Promise<T>;
  /** The timed work. Its return value goes to the sink so that nothing is optimized away. */
  run(input: T): unknown;
  /** Timed runs after warm-up (defaults: 1 warm-up; 5 runs, 3 at ≥ 16 M cells, 1 with --quick). */
  readonly warmup?: number;
  readonly runs?: number;
  /** Measure peak memory beyond the input in a child process (default true). */
  readonly memory?: boolean;
  /**
   * Numbers our run produced, compared with the same keys of each peer's `output` (e.g. `{flooded}`;
   * `{raised}` = cells with W > z for `sagaFillSinks`). Gets the last run's result and the input.
   */
  check?(result: unknown, input: T): Readonly<Record<string, number>>;
  /**
   * A whole `floodzone …` process to time as well (wall clock, peak RSS via /usr/bin/time), e.g.
   * `['flood', '--dem', file, '--level', '2', '--json']`. Run with the built CLI (`tsc --build` first).
   */
  readonly process?: readonly string[];
  /** Peers doing the same work on the same input. */
  readonly peers?: readonly Peer[];
  /** Free-text note printed under the table (what the case measures, what the level is). */
  readonly note?: string;
}

export interface Suite {
  readonly name: string;
  /** One line: what the suite measures and its targets. */
  readonly description: string;
  /** The cases for these options. Must be cheap (build inputs in `setup`, not here) and deterministic. */
  cases(options: SuiteOptions): BenchCase<any>[] | Promise<BenchCase<any>[]>;
}

/** Convenience for typing a case with its own input type inside a `BenchCase<any>[]`. */
export function benchCase<T>(c: BenchCase<T>): BenchCase<T> {
  return c;
}
