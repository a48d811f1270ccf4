import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

// CPU per operation: what a busy box does not move much. Wall-clock ratios on a shared 2-core machine
// mostly measure who got the CPU; the CPU time a process spent for a number of operations does not
// depend much on how long it waited for a core. Read from /proc/<pid>/stat (utime + stime: all of the
// process's threads, user and kernel), for the Duban server (a child process of the bench) and for
// the PostgreSQL backends connected to the bench's database.

/** CPU ticks of one process from the text of /proc/<pid>/stat (user, system, and reaped children's). */
export type ProcTicks = { utime: number; stime: number; cutime: number; cstime: number };

/**
 * Parses /proc/<pid>/stat. The second field (comm) is in parentheses and may itself contain spaces and
 * parentheses, so the fields are counted from the last ')'. utime and stime are fields 14 and 15,
 * cutime and cstime 16 and 17 (proc(5)); after the ')' field 3 (state) comes first.
 */
export function parseProcStat(text: string): ProcTicks {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc/<pid>/stat line: no ")"');
  const f = text.slice(close + 1).trim().split(/\s+/);
  const at = (field: number) => {
    const v = Number(f[field - 3]);
    if (!Number.isFinite(v)) throw new Error(`not a /proc/<pid>/stat line: field ${field} is "${f[field - 3]}"`);
    return v;
  };
  return { utime: at(14), stime: at(15), cutime: at(16), cstime: at(17) };
}

let clkTck: number | undefined;
/** Clock ticks per second (USER_HZ), almost always 100. */
export function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU milliseconds (user + system) a live process has spent so far; NaN when it is gone or /proc is missing. */
export function processCpuMs(pid: number): number {
  const t = processTicksMs(pid);
  return t.user + t.system;
}

/** User and system CPU milliseconds of a live process so far (NaN when it is gone). */
export function processTicksMs(pid: number): { user: number; system: number } {
  try {
    const t = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return { user: (t.utime * 1000) / ticksPerSecond(), system: (t.stime * 1000) / ticksPerSecond() };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

/** CPU spent between start and stop, in ms: the server, PostgreSQL's backends of the database, this process. */
export type CpuSpent = { serverMs: number; pgMs: number; benchMs: number; pgBackends: number; serverSystemMs?: number };

/** CPU per operation in ms, from what was spent and how many operations it bought. */
export type CpuPerOp = { serverMs: number; pgMs: number; benchMs: number; ops: number; serverSystemMs?: number };

/**
 * Follows the backends of one database (pg_stat_activity, sampled every `everyMs`) and a server pid.
 * A backend first seen after the start began during the window (its CPU counts from 0); one that
 * exits between two samples loses at most one interval of CPU — pgbench and the pools keep their
 * connections for the whole run, so that is rare.
 */
export async function startCpuMeter(opts: { pgUrl?: string; serverPid?: number; everyMs?: number }): Promise<{ stop(): Promise<CpuSpent> }> {
  const dbName = opts.pgUrl ? decodeURIComponent(new URL(opts.pgUrl).pathname.slice(1)) : '';
  const client = opts.pgUrl ? new pg.Client({ connectionString: opts.pgUrl }) : null;
  await client?.connect();
  const self = client ? ((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0) : 0;
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  const pids = async () =>
    client ? (await client.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and pid <> $2`, [dbName, self])).rows.map((r) => r.pid) : [];
  for (const pid of await pids()) {
    const ms = processCpuMs(pid);
    if (Number.isFinite(ms)) base.set(pid, ms);
  }
  const sample = async () => {
    for (const pid of await pids()) {
      const ms = processCpuMs(pid);
      if (Number.isFinite(ms)) last.set(pid, ms);
    }
  };
  const server0 = opts.serverPid ? processTicksMs(opts.serverPid) : { user: Number.NaN, system: Number.NaN };
  const bench0 = process.cpuUsage();
  let busy: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy.then(sample).catch(() => undefined);
  }, opts.everyMs ?? 250);
  return {
    async stop() {
      clearInterval(timer);
      await busy;
      await sample();
      const bench = process.cpuUsage(bench0);
      const server1 = opts.serverPid ? processTicksMs(opts.serverPid) : { user: Number.NaN, system: Number.NaN };
      const serverSystemMs = server1.system - server0.system;
      const server = server1.user - server0.user + serverSystemMs;
      await client?.end();
      let pgMs = 0;
      for (const [pid, ms] of last) pgMs += ms - (base.get(pid) ?? 0);
      return { serverMs: server, pgMs, benchMs: (bench.user + bench.system) / 1000, pgBackends: last.size, serverSystemMs };
    },
  };
}

/** Runs fn under a CPU meter; returns its value and the CPU per operation (ops from the value). */
export async function metered<T>(opts: { pgUrl?: string; serverPid?: number }, fn: () => Promise<T>, ops: (value: T) => number): Promise<{ value: T; cpu: CpuPerOp }> {
  const meter = await startCpuMeter(opts);
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    await meter.stop();
    throw err;
  }
  const spent = await meter.stop();
  return { value, cpu: perOp(spent, ops(value)) };
}

export function perOp(spent: CpuSpent, ops: number): CpuPerOp {
  const d = ops > 0 ? ops : Number.NaN;
  return { serverMs: spent.serverMs / d, pgMs: spent.pgMs / d, benchMs: spent.benchMs / d, ops, ...(spent.serverSystemMs !== undefined ? { serverSystemMs: spent.serverSystemMs / d } : {}) };
}

const fmt = (v: number) => (!Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * "server 1.23 + PG 0.45 ms/op" for an HTTP workload (server process and its backends);
 * "Node 1.23 + PG 0.45 ms/op" for a job run in the bench process; "PG 0.45 ms/op" for a ceiling.
 * `unit` names the operation when it is not a request (a matter, a message, a run).
 */
export function fmtCpu(c: CpuPerOp | undefined, who: 'server' | 'node' | 'pg', unit = 'op'): string {
  if (!c) return '–';
  const pgPart = `PG ${fmt(c.pgMs)}`;
  if (who === 'pg') return `${pgPart} ms/${unit}`;
  const node = who === 'server' ? c.serverMs : c.benchMs;
  return `${who === 'server' ? 'server' : 'Node'} ${fmt(node)} + ${pgPart} ms/${unit}`;
}

/** Total CPU per op (Node side + PostgreSQL) for ratios. */
export const totalCpu = (c: CpuPerOp | undefined, who: 'server' | 'node' | 'pg'): number =>
  !c ? Number.NaN : (who === 'pg' ? 0 : who === 'server' ? c.serverMs : c.benchMs) + c.pgMs;

/** The ceiling's CPU per op, and ours (Node side + PostgreSQL) as a multiple of it: "PG 0.25 ms/op (ours 3.0×)". */
export function fmtCpuCeiling(ceiling: CpuPerOp | undefined, ours: CpuPerOp | undefined, who: 'server' | 'node', unit = 'op', ceilingWho: 'pg' | 'server' | 'node' = 'pg'): string {
  if (!ceiling) return '–';
  const r = totalCpu(ours, who) / totalCpu(ceiling, ceilingWho);
  return `${fmtCpu(ceiling, ceilingWho, unit)}${Number.isFinite(r) ? ` (ours ${r.toFixed(1)}×)` : ''}`;
}
