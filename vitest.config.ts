import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests run against the TypeScript sources, never against built output.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@floodzone\/raster\/node$/, replacement: src('./packages/raster/src/node.ts') },
      { find: /^@floodzone\/raster$/, replacement: src('./packages/raster/src/index.ts') },
      { find: /^@floodzone\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@floodzone\/zones$/, replacement: src('./packages/zones/src/index.ts') },
      { find: /^floodzone$/, replacement: src('./packages/cli/src/main.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
