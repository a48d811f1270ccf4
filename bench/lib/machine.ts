import { execFileSync } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';

/** What the numbers were measured on. */
export type Machine = { date: string; cpu: string; cores: number; memoryGb: number; node: string; postgres: string; pgbench: string; load: string };

export async function describeMachine(pgUrl: string): Promise<Machine> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  const v = await c.query<{ version: string }>('select version()');
  await c.end();
  let pgbench = 'not installed';
  try {
    pgbench = execFileSync('pgbench', ['--version']).toString().trim();
  } catch {
    // reported as missing
  }
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: (v.rows[0]?.version ?? '').split(' on ')[0] ?? '',
    pgbench,
    load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
  };
}
