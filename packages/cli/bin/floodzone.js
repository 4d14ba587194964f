#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in ../dist (built by `pnpm install` through the root
// `prepare` script, or by `pnpm build`).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('floodzone: the CLI is not built yet; run `pnpm build` in the repository root\n');
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
