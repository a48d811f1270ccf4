import { defineConfig } from 'vitest/config';

// Unit and service tiers. The server's tests run on the embedded engine, and again on
// PostgreSQL when TEST_DATABASE_URL is set (CI sets it). Browser tests: apps/web/e2e.
const pgUrl = process.env.TEST_DATABASE_URL || null;
const server = (engine: 'embedded' | 'postgres') => ({
  test: {
    name: `server-${engine}`,
    include: ['apps/server/src/**/*.test.ts', 'bench/**/*.test.ts'],
    provide: { engine, databaseUrl: pgUrl },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    // Two test files at once: each file has its own database, and on a 2-core box one worker left a core idle
    // while a test waited on PostgreSQL or a child process (the suite had grown to 23 minutes in one worker).
    maxWorkers: 2,
    projects: [
      { test: { name: 'shared', include: ['packages/shared/src/**/*.test.ts'] } },
      { test: { name: 'web-unit', include: ['apps/web/src/**/*.test.{ts,tsx}'] } },
      server('embedded'),
      ...(pgUrl ? [server('postgres')] : []),
    ],
  },
});
