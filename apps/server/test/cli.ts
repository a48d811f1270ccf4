import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { SERVER_ROOT } from '../src/config';
import { createTestRuntime, engine, type TestRuntime } from './runtime';

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * The `duban` command run as a person runs it (a child process of bin/duban.mjs), against a database of its own.
 *
 * The tests run once: on PostgreSQL when the run has one (production's engine, where a deployment runs these
 * commands; the file's database is cloned from the migrated template), otherwise on the embedded engine in a fresh
 * DATA_DIR. On the embedded engine every command opens PGlite from disk, and the first one migrates it: about 2 s of
 * CPU per command on top of Node's start, in files that run a dozen commands. The embedded engine's opening,
 * locking and migrating are tested in db/database.test.ts.
 */
export interface Cli {
  /** Runs `duban …args` with `input` on stdin; resolves with the exit code and both streams, never rejects. */
  run(args: string[], input?: string): Promise<CliResult>;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** True in the test project where the CLI tests run (see Cli): PostgreSQL when there is one, else embedded. */
export const cliRunsHere = (): boolean => (inject('databaseUrl') ? engine() === 'postgres' : engine() === 'embedded');

export async function openCli(): Promise<Cli> {
  let rt: TestRuntime | null = null;
  let dataDir: string;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', DEMO: 'off', JOBS: 'off' };
  if (engine() === 'postgres') {
    rt = await createTestRuntime();
    dataDir = rt.dataDir;
    env.DATABASE_URL = rt.config.databaseUrl ?? '';
    env.MIGRATION_DATABASE_URL = rt.config.migrationDatabaseUrl ?? '';
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-cli-'));
  }
  env.DATA_DIR = dataDir;
  return {
    dataDir,
    run: (args, input) =>
      new Promise<CliResult>((resolve) => {
        const child = execFile(process.execPath, [path.join(SERVER_ROOT, 'bin/duban.mjs'), ...args], { env, timeout: 180_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin?.end(input ?? '');
      }),
    async close() {
      if (rt) await rt.close();
      else fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
