import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // TF.js keeps one global engine: run test files one after another, each in its own process.
    fileParallelism: false,
  },
});
