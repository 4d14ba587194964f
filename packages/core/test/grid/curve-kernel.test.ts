import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CURVE_KERNEL_WASM } from '../../src/grid/curve-kernel.js';

describe('curve-kernel.ts', () => {
  it('is wat2wasm of curve-kernel.wat (run `pnpm --filter @floodzone/core build:wasm` after editing the .wat)', () => {
    const script = fileURLToPath(new URL('../../scripts/build-curve-kernel.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is a valid module exporting mem, setup and run', () => {
    const bytes = Uint8Array.from(atob(CURVE_KERNEL_WASM), (ch) => ch.charCodeAt(0));
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.kind} ${e.name}`);
    expect(names.sort()).toEqual(['function run', 'function setup', 'memory mem']);
  });
});
