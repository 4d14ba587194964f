/**
 * Writes the example port into examples/port/ (run: `pnpm --filter @floodzone/examples generate`,
 * or `tsx examples/port/generate.ts [outDir] [--seed n]`). Deterministic: the same seed gives the same
 * bytes, and examples/test checks that the committed files equal a fresh generation.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portFiles } from './files.js';
import { SEED } from './model.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : SEED;
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${args[seedAt + 1]}"`);
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed');
const outDir = positional[0] ?? fileURLToPath(new URL('.', import.meta.url));

mkdirSync(outDir, { recursive: true });
const files = portFiles(seed);
for (const [name, bytes] of Object.entries(files)) {
  const path = join(outDir, name);
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
  process.stdout.write(`${path}  ${bytes.byteLength.toLocaleString('en-US')} bytes\n`);
}
