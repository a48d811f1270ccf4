import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The Duban server as a child process, with its memory watched through /proc. */
export type ServerHandle = { url: string; pid: number; rssMb(): number; peakMb(): number; stop(): Promise<void> };

const root = path.resolve(new URL('.', import.meta.url).pathname, '../..');

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Starts `node --import tsx apps/server/src/main.ts` on a free port against DATABASE_URL; resolves when /api/health answers. */
export async function startServer(env: { databaseUrl: string; dataDir: string; port: number; extra?: Record<string, string> }): Promise<ServerHandle> {
  // BENCH_PROFILE=1: a V8 CPU profile of the server, written to bench/.data/profiles when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, 'bench/.data/profiles')] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: env.databaseUrl, DATA_DIR: env.dataDir, PORT: String(env.port), HOST: '127.0.0.1', DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'warn', DB_POOL_SIZE: '20', API_DOCS: 'public', RATE_LIMIT_LOGIN: '100000', ...env.extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${env.port}`;
  const pid = child.pid ?? 0;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
    if (i === 119) throw new Error(`server did not start: ${stderr}`);
  }
  return {
    url,
    pid,
    rssMb: () => procStatus(pid, 'VmRSS'),
    peakMb: () => procStatus(pid, 'VmHWM'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Samples the server's RSS every 100 ms while fn runs; returns fn's result and the peak growth (MB). */
export async function watchRss<T>(server: ServerHandle, fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const base = server.rssMb();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, server.rssMb());
  }, 100);
  try {
    const value = await fn();
    peak = Math.max(peak, server.rssMb());
    return { value, growthMb: peak - base };
  } finally {
    clearInterval(timer);
  }
}
