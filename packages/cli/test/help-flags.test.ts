// Every --flag a command's --help names is one the command parses (the level help named --crest,
// which only timing takes). Each flag is probed as `--flag --zz-probe`: parsing stops on the first
// flag it does not know, or on a value flag given a flag as its value, so no command does any work.
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { run } from './helpers.js';

describe('--help texts name only flags the command parses', () => {
  for (const entry of commands) {
    it(entry.name, async () => {
      const c = await entry.load();
      expect(c.name, 'the registry and the module name the command alike').toBe(entry.name);
      const flags = new Set([...c.help.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!));
      flags.delete('help');
      expect(flags.size).toBeGreaterThan(0);
      const unknown: string[] = [];
      for (const f of flags) {
        const r = await run([c.name, `--${f}`, '--zz-probe']);
        expect(r.code, `${c.name} --${f}: ${r.err}`).toBe(2);
        if (r.err.includes(`unknown flag --${f};`)) unknown.push(f);
      }
      expect(unknown).toEqual([]);
    });
  }
});
