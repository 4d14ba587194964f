import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareOutputs, renderTable } from '../lib/table.js';
import { fingerprint, terrain, TERRAIN_KINDS, TERRAIN_LEVEL } from '../lib/terrain.js';
import { median, sink, timeIt } from '../lib/time.js';
import { mulberry32 } from '../lib/prng.js';
import { borderFlood } from './fixtures/tiny-suite.js';

describe('seeded terrains', () => {
  it('are a pure function of kind, size and seed', () => {
    for (const kind of TERRAIN_KINDS) {
      const a = terrain(kind, 120, 80, 7);
      const b = terrain(kind, 120, 80, 7);
      const c = terrain(kind, 120, 80, 8);
      expect(fingerprint(a.data)).toBe(fingerprint(b.data));
      expect(fingerprint(a.data)).not.toBe(fingerprint(c.data));
      expect(a.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('flood a sizeable but partial share at their suggested level', () => {
    for (const kind of TERRAIN_KINDS) {
      const g = terrain(kind, 300, 300, 1);
      const share = borderFlood(g.data, g.width, g.height, TERRAIN_LEVEL[kind]) / g.data.length;
      expect(share, kind).toBeGreaterThan(0.1);
      expect(share, kind).toBeLessThan(0.9);
    }
  });

  it('basin: the bowl fills only above its 40 m sill', () => {
    const g = terrain('basin', 300, 300, 1);
    const centre = 150 * 300 + 150;
    const floodedAt = (level: number) => {
      // A flood that records cells: reuse borderFlood's rule on a copy where the centre is marked.
      const z = g.data;
      return borderFloodSet(z, g.width, g.height, level)[centre];
    };
    expect(floodedAt(38)).toBe(0);
    expect(floodedAt(45)).toBe(1);
  });
});

function borderFloodSet(z: Float32Array, w: number, h: number, level: number): Uint8Array {
  // Naive repeated relaxation (a different algorithm from the fixture's BFS) for the check above.
  const f = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) if ((r === 0 || c === 0 || r === h - 1 || c === w - 1) && z[r * w + c] < level) f[r * w + c] = 1;
  let changed = true;
  while (changed) {
    changed = false;
    for (let r = 1; r < h - 1; r++) {
      for (let c = 1; c < w - 1; c++) {
        const i = r * w + c;
        if (f[i] || !(z[i] < level)) continue;
        for (let dr = -1; dr <= 1 && !f[i]; dr++) for (let dc = -1; dc <= 1; dc++) if (f[i + dr * w + dc]) { f[i] = 1; changed = true; break; }
      }
    }
  }
  return f;
}

describe('timing helpers', () => {
  it('timeIt runs warm-up + runs, sinks results and orders min ≤ median', async () => {
    let calls = 0;
    const before = sink.count;
    const t = await timeIt(() => ++calls, { warmup: 2, runs: 5 });
    expect(calls).toBe(7);
    expect(sink.count - before).toBe(7);
    expect(t.samples).toHaveLength(5);
    expect(t.min).toBeLessThanOrEqual(t.median);
    await expect(timeIt(() => 0, { runs: 0 })).rejects.toThrow(/runs must be at least 1/);
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('tables', () => {
  it('pads columns and compares outputs key by key', () => {
    const t = renderTable([['a', 'bb'], ['ccc', 'd']]).split('\n');
    expect(t[0]).toBe('| a   | bb |');
    expect(t[2]).toBe('| ccc | d  |');
    expect(compareOutputs({ flooded: 3 }, { flooded: 3 })).toEqual([]);
    expect(compareOutputs({ flooded: 3 }, { flooded: 4 })).toEqual(['flooded']);
    expect(compareOutputs({ flooded: 3 }, { cells: 4 })).toBeNull();
  });
});

describe('runner end to end', () => {
  it('times the fixture suite, measures memory in a child and agrees with scipy', { timeout: 120_000 }, () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const out = join(tmpdir(), `fz-bench-${process.pid}.json`);
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'bench/test/fixtures/tiny-suite.ts', '--out', out], {
        cwd: root,
        stdio: 'pipe',
        timeout: 110_000,
      });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`bench/run.ts failed: ${err.stderr?.toString().slice(-2000) ?? err.message}`);
    }
    const r = JSON.parse(readFileSync(out, 'utf8')) as {
      results: { cells: number; timing: { min: number }; memory: { extraBytes: number } | null; memoryNote?: string; peers: { skipped?: string; mismatches: string[] | null }[] }[];
    };
    rmSync(out, { force: true });
    expect(r.results).toHaveLength(1);
    const c = r.results[0];
    expect(c.cells).toBe(250_000);
    expect(c.timing.min).toBeGreaterThan(0);
    if (c.memory === null) expect(c.memoryNote).toMatch(/Linux only|not readable/);
    else expect(c.memory.extraBytes).toBeGreaterThanOrEqual(0);
    const p = c.peers[0];
    if (!p.skipped) expect(p.mismatches).toEqual([]);
  });
});
