/**
 * Benchmark runner: `pnpm bench` runs every suite, `pnpm bench flood spill` some of them.
 * A suite is any `bench/<name>.ts` declaring `export const suite` (see bench/README.md); other .ts files
 * there (scratch scripts) are never imported.
 *
 * flags: --quick (1 M cells only, 1 run, no real-data case) · --sizes 1,4,16 · --no-peers ·
 *        --no-memory · --no-real · --out <file.json> (default bench/out/<time>.json) · --list
 * A positional ending in `.ts` is taken as the path of a suite file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  banner,
  BENCH_DIR,
  cliBuilt,
  compareOutputs,
  machine,
  measureMemory,
  renderResults,
  runFloodzone,
  sink,
  timeIt,
  type BenchCase,
  type CaseResult,
  type PeerOutcome,
  type PeerResult,
  type Suite,
  type SuiteOptions,
} from './lib/index.js';

function suiteFiles(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(BENCH_DIR).sort()) {
    if (!f.endsWith('.ts') || f === 'run.ts' || f.endsWith('.d.ts')) continue;
    // Only files that declare a suite: a scratch script beside them is never imported (it may run at import).
    if (/export\s+const\s+suite\b/.test(readFileSync(join(BENCH_DIR, f), 'utf8'))) m.set(basename(f, '.ts'), join(BENCH_DIR, f));
  }
  return m;
}

/** The suite a file exports, or a one-line reason why it could not be loaded (the run goes on). */
async function loadSuite(file: string): Promise<Suite | string> {
  try {
    const mod = (await import(pathToFileURL(file).href)) as { suite?: Suite };
    return mod.suite ?? `${basename(file)} exports no \`suite\``;
  } catch (e) {
    return `${basename(file)} failed to load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  }
}

async function bestPeerRun(run: () => PeerResult | Promise<PeerResult>): Promise<PeerResult> {
  let best = await run();
  // Slow tools run once; quick ones three times, keeping the fastest (as our min).
  for (let i = 1; i < 3 && best.wallMs < 5000; i++) {
    const r = await run();
    if ((r.ms ?? r.wallMs) < (best.ms ?? best.wallMs)) best = r;
  }
  return best;
}

async function runCase(suite: Suite, file: string, c: BenchCase<unknown>, opts: SuiteOptions, flags: Flags): Promise<CaseResult> {
  process.stderr.write(`  ${suite.name} / ${c.name}: setup… `);
  let input: unknown = await c.setup();
  const big = c.cells >= 16e6;
  const runs = c.runs ?? (opts.quick ? 1 : big ? 3 : 5);
  const warmup = c.warmup ?? 1;
  process.stderr.write(`timing (${warmup} warm-up + ${runs})… `);
  const timing = await timeIt(() => c.run(input), { warmup, runs });
  const ours = c.check ? c.check(sink.last, input) : undefined;
  input = undefined;
  sink.last = undefined;

  let memory: CaseResult['memory'] = null;
  let memoryNote: string | undefined;
  if (flags.memory && c.memory !== false) {
    process.stderr.write('memory… ');
    const m = await measureMemory(file, c.name, opts);
    if (typeof m === 'string') memoryNote = m;
    else memory = m;
  }

  let proc: CaseResult['process'] = null;
  let processNote: string | undefined;
  if (c.process) {
    if (!cliBuilt()) processNote = 'the CLI is not built (run `pnpm build`)';
    else {
      process.stderr.write('process… ');
      try {
        let best = runFloodzone(c.process);
        if (best.wallMs < 5000 && !opts.quick) {
          for (let i = 0; i < 2; i++) {
            const r = runFloodzone(c.process);
            if (r.wallMs < best.wallMs) best = r;
          }
        }
        proc = { wallMs: best.wallMs, maxRssBytes: best.maxRssBytes };
      } catch (e) {
        processNote = (e as Error).message.split('\n')[0];
      }
    }
  }

  const peers: PeerOutcome[] = [];
  for (const p of opts.peers ? (c.peers ?? []) : []) {
    const basis = p.compare ?? 'kernel';
    const why = p.unavailable();
    if (why) {
      peers.push({ name: p.name, basis, result: null, skipped: why, ratio: null, mismatches: null });
      continue;
    }
    process.stderr.write(`${p.name}… `);
    try {
      const r = await bestPeerRun(() => p.run());
      const theirs = basis === 'process' ? r.wallMs : (r.ms ?? r.wallMs);
      const mine = basis === 'process' ? proc?.wallMs : timing.min;
      peers.push({ name: p.name, basis, result: r, ratio: mine ? theirs / mine : null, mismatches: compareOutputs(ours, r.output) });
    } catch (e) {
      peers.push({ name: p.name, basis, result: null, skipped: `failed: ${(e as Error).message.split('\n')[0]}`, ratio: null, mismatches: null });
    }
  }
  process.stderr.write('done\n');
  return {
    suite: suite.name,
    name: c.name,
    cells: c.cells,
    timing,
    mcellsPerSec: c.cells / 1e6 / (timing.median / 1000),
    memory,
    memoryNote,
    process: proc,
    processNote,
    ours,
    peers,
    note: c.note,
  };
}

interface Flags {
  memory: boolean;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      'no-memory': { type: 'boolean', default: false },
      'no-real': { type: 'boolean', default: false },
      out: { type: 'string' },
      list: { type: 'boolean', default: false },
    },
  });
  const files = suiteFiles();
  if (values.list) {
    for (const [name, file] of files) {
      const suite = await loadSuite(file);
      process.stdout.write(`${name}: ${typeof suite === 'string' ? `(${suite})` : suite.description}\n`);
    }
    return 0;
  }
  const wanted = positionals.length ? positionals : [...files.keys()];
  for (const w of wanted) {
    // A path to a suite file outside bench/ (tests use a fixture suite this way).
    if (w.endsWith('.ts') && existsSync(w)) files.set(w, resolve(w));
    if (!files.has(w)) {
      process.stderr.write(`bench: no suite "${w}"; suites: ${[...files.keys()].join(', ') || '(none yet)'}\n`);
      return 2;
    }
  }
  const sizes = values.sizes
    ? values.sizes.split(',').map((s) => {
        const n = Number(s);
        if (!(n > 0)) throw new Error(`--sizes takes millions of cells like 1,4,16, got "${s}"`);
        return n;
      })
    : values.quick
      ? [1]
      : [1, 4, 16];
  const opts: SuiteOptions = { sizes, quick: values.quick, real: !values.quick && !values['no-real'], peers: !values['no-peers'] };
  const m = machine();
  process.stdout.write(`${banner(m)}\noptions: ${JSON.stringify(opts)}\n`);
  const all: CaseResult[] = [];
  for (const name of wanted) {
    const file = files.get(name)!;
    const suite = await loadSuite(file);
    if (typeof suite === 'string') {
      process.stdout.write(`\n## ${name}\n(skipped: ${suite})\n`);
      continue;
    }
    process.stdout.write(`\n## ${suite.name}: ${suite.description}\n`);
    const results: CaseResult[] = [];
    for (const c of await suite.cases(opts)) results.push(await runCase(suite, file, c, opts, { memory: !values['no-memory'] }));
    process.stdout.write(`\n${renderResults(results)}\n`);
    all.push(...results);
  }
  process.stdout.write(`\n(sink: ${sink.count} results kept)\n`);
  const out = values.out ?? join(BENCH_DIR, 'out', `${m.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine: m, options: opts, results: all }, null, 2)}\n`);
  process.stdout.write(`results: ${out}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
