import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One copy of graphql: Node (and so Apollo's CommonJS) loads index.js; without this, Vite
    // would hand our sources index.mjs, and instanceof checks across the two would fail.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'subgraphs/**/*.test.ts', 'systems/**/*.test.ts', 'gateway/**/*.test.ts', 'lib/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Whole-stack suites start several servers each; two cores run two files at a time.
    maxWorkers: 2,
  },
});
