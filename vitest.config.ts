import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    // Tests run against package sources, so a test never sees a stale dist/ and classes are shared.
    alias: [{ find: /^@newsflow\/([a-z-]+)$/, replacement: resolve(root, 'packages/$1/src/index.ts') }],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    // Generous: a loaded 2-core CI machine once took over 60 s on a process-level test.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
