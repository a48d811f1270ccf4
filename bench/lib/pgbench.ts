import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** pgbench's figures: transactions per second and mean latency (ms). */
export type PgbenchResult = { tps: number; latencyMs: number };

/** Runs pgbench with a custom script (or built-in flags) against a URL; parses tps and latency. */
export async function pgbench(url: string, opts: { script?: string; args?: string[]; clients: number; seconds: number; vars?: Record<string, string | number> }): Promise<PgbenchResult> {
  const args = ['-n', '-c', String(opts.clients), '-j', String(Math.min(opts.clients, 2)), '-T', String(opts.seconds), ...(opts.args ?? [])];
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push('-D', `${k}=${v}`);
  if (opts.script) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-pgbench-')), 'script.sql');
    fs.writeFileSync(file, opts.script);
    args.push('-f', file);
  }
  args.push(url);
  const { stdout } = await run('pgbench', args, { maxBuffer: 1 << 24 });
  const tps = /tps = ([\d.]+)/.exec(stdout);
  const lat = /latency average = ([\d.]+) ms/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return { tps: Number(tps[1]), latencyMs: lat ? Number(lat[1]) : Number.NaN };
}
