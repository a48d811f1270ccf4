import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/** One server of the run: where it listens and its data directory (the TOTP state of its sign-ins lives there). */
export type E2eServer = { baseUrl: string; dataDir: string };

declare module 'vitest' {
  export interface ProvidedContext {
    servers: E2eServer[];
  }
}

const ROOT = path.resolve(new URL('.', import.meta.url).pathname, '../../..');

/**
 * Starts `npm start`'s server (built web app, embedded database, demo tenant) on a free port, once per worker: the
 * files of one worker run one after another against their own server and demo tenant, as the whole tier did when
 * it had one worker, so no two files ever change the same data at once.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One server per worker (vitest.config.ts sets maxWorkers from E2E_WORKERS).
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const started = await Promise.allSettled(Array.from({ length: workers }, (_, i) => startServer(i)));
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = async () => {
    for (const s of servers) await s.stop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  project.provide('servers', servers.map(({ baseUrl, dataDir }) => ({ baseUrl, dataDir })));
  return stopAll;
}

async function startServer(index: number): Promise<E2eServer & { stop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-e2e-'));
  const port = 3900 + index * 100 + Math.floor(Math.random() * 90);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    // Every browser signs in from 127.0.0.1, dozens of times a minute: the per-address limits are lifted here.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'on', JOBS: 'on', LOG_LEVEL: 'warn', DATABASE_URL: '', RATE_LIMIT_LOGIN: '10000', RATE_LIMIT_PUBLIC: '100000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server ${index + 1} exited early:\n${output}`);
    }
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server ${index + 1} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { baseUrl, dataDir, stop };
}
