import { defineConfig } from 'vitest/config';

// How many test files run at once, each worker against its own server (server.setup.ts starts one per worker).
const E2E_WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 2));

// Browser tests: real servers (embedded database, demo tenant) and Debian's Chromium via playwright-core. Two files
// run at once, each worker against its own server (server.setup.ts): one worker left a core idle while the server
// or the browser waited, and the tier took 12 minutes of the suite.
export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.e2e.ts'],
    globalSetup: ['./server.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: E2E_WORKERS,
    fileParallelism: E2E_WORKERS > 1,
  },
});
