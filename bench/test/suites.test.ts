import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Suite } from '../lib/suite.js';

// Every bench/<name>.ts that declares a suite must load and export one, or `pnpm bench` skips it.
const dir = fileURLToPath(new URL('../', import.meta.url));
const files = readdirSync(dir).filter(
  (f) => f.endsWith('.ts') && f !== 'run.ts' && /export\s+const\s+suite\b/.test(readFileSync(dir + f, 'utf8')),
);

describe('benchmark suites', () => {
  it('there is at least one', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(`${f} loads and exports a suite with a name, a description and cases()`, async () => {
      const mod = (await import(pathToFileURL(dir + f).href)) as { suite?: Suite };
      expect(mod.suite, `${f} exports no suite`).toBeDefined();
      expect(typeof mod.suite!.name).toBe('string');
      expect(mod.suite!.description.length).toBeGreaterThan(0);
      expect(typeof mod.suite!.cases).toBe('function');
    });
  }
});
