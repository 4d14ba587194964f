import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// DESIGN.md: everything in @floodzone/raster except src/node.ts runs in a browser / Web Worker.
describe('browser-safe sources', () => {
  const dir = new URL('../src/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'node.ts');
  it('has sources to check', () => expect(files.length).toBeGreaterThan(10));
  for (const f of files) {
    it(`${f} imports no node: modules and uses no Buffer/process`, () => {
      const src = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(src).not.toMatch(/from ['"]node:|require\(|\bBuffer\b|\bprocess\./);
      // run-time imports only from the allowed dependencies or our own files
      for (const m of src.matchAll(/^import (?!type)[^'"]*['"]([^'"]+)['"]/gm)) expect(m[1]).toMatch(/^(\.\/|geotiff$|proj4$|fflate$)/);
    });
  }
});
