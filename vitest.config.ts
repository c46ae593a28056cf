import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and multi-process suites start servers on their own ports; two workers fit 2 cores.
    maxWorkers: 2,
    reporters: ['default'],
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
