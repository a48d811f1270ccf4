import { defineConfig } from 'vitest/config';

// Unit and service tiers. The server's tests run on the embedded engine, and again on
// PostgreSQL when TEST_DATABASE_URL is set (CI sets it). Browser tests: apps/web/e2e.
const pgUrl = process.env.TEST_DATABASE_URL || null;

// Server test files share their worker's modules (isolate: false): importing the whole server again for every file
// took about 40% of the tier's CPU. What a file could leave behind is kept per database or per app (caches are
// keyed by the Kysely instance, the limiter lives on the runtime), and the fixtures' counters restart with every file
// (test/per-file.ts). Only files that change module state run isolated: they subscribe extra lifecycle hooks at
// import, or mock modules.
const ISOLATED = [
  'apps/server/src/lib/crypto-selftest.test.ts',
  'apps/server/src/modules/assessment/dirty.test.ts',
  'apps/server/src/modules/matters/matter-events.test.ts',
];
const SERVER_FILES = ['apps/server/src/**/*.test.ts', 'bench/**/*.test.ts'];

const server = (engine: 'embedded' | 'postgres', isolated: boolean) => ({
  test: {
    name: `server-${engine}${isolated ? '-isolated' : ''}`,
    include: isolated ? ISOLATED : SERVER_FILES,
    exclude: isolated ? [] : ISOLATED,
    isolate: isolated,
    // Resets the fixtures' counters before every file (test/per-file.ts).
    setupFiles: ['apps/server/test/setup-file.ts'],
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
      ...(['embedded', 'postgres'] as const).filter((e) => e === 'embedded' || pgUrl).flatMap((e) => [server(e, false), server(e, true)]),
    ],
  },
});
