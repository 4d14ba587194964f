// Child process of measureMemory (memory.ts): setup, reset the peak counter, run once, report.
import { pathToFileURL } from 'node:url';
import { procMemory, resetPeak } from './memory.js';
import type { Suite, SuiteOptions } from './suite.js';
import { consume } from './time.js';

const [suiteFile, caseName, optionsJson] = process.argv.slice(2);
const report = (o: object): void => void process.stdout.write(`\n${JSON.stringify(o)}\n`);

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return report({ error: 'run the memory child with --expose-gc' });
  const mod = (await import(pathToFileURL(suiteFile).href)) as { suite?: Suite };
  if (!mod.suite) return report({ error: `${suiteFile} exports no suite` });
  const options = JSON.parse(optionsJson) as SuiteOptions;
  const c = (await mod.suite.cases(options)).find((x) => x.name === caseName);
  if (!c) return report({ error: `no case "${caseName}" in ${suiteFile}` });
  const input = await c.setup();
  gc();
  gc();
  if (!resetPeak()) return report({ error: 'cannot reset the peak RSS counter (/proc/self/clear_refs); Linux only' });
  const before = procMemory();
  if (!before) return report({ error: '/proc/self/status is not readable' });
  const r = c.run(input);
  consume(r instanceof Promise ? await r : r);
  const after = procMemory()!;
  // The kernel's RSS counters are batched per CPU, so VmHWM can read a few pages below the baseline
  // when the run allocates nothing: clamp at 0.
  report({ baselineBytes: before.rss, peakBytes: after.hwm, extraBytes: Math.max(0, after.hwm - before.rss) });
}

main().catch((e: unknown) => report({ error: `memory child: ${e instanceof Error ? e.message : String(e)}` }));
