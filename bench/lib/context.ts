import type pg from 'pg';
import type { Runtime } from '../../apps/server/src/bootstrap';
import type { Session } from './http';
import type { ServerHandle } from './server';
import type { Latency } from './stats';
import type { CpuPerOp } from './cpu';

/** One line of the results table. */
export type Row = {
  workload: string;
  ours: string;
  ceiling: string;
  ratio: string;
  target: string;
  result: 'pass' | 'FAIL' | 'not landed' | 'error' | 'n/a';
  note?: string;
  /** CPU per operation of ours (server or Node + PostgreSQL) and of the ceiling, formatted (bench/lib/cpu.ts). */
  cpu?: string;
  cpuCeiling?: string;
  /** Printed on the console only: e.g. the server's system (kernel) share. */
  cpuNote?: string;
};

/** What the bench measured on this box before the workloads, to compare them with. */
export type Ceilings = {
  readsTps?: number;
  writeTps?: number;
  writeLat?: number;
  sweepFullMs?: number;
  sweepSteadyMs?: number;
  dispatchPerSecond?: number;
  http?: { perSecond: number; lat: Latency; cpu?: CpuPerOp };
  exportMs?: number;
  ledgerSql?: Latency;
  matterSql?: Latency;
  /** CPU per operation of each ceiling: reads, write, dispatch, http, export, ledgerSql, matterSql, sweepAll, sweepFull, sweepSteady. */
  cpu?: Record<string, CpuPerOp>;
};

/** Everything a workload needs. */
export type BenchContext = {
  smoke: boolean;
  seconds: number;
  pgUrl: string;
  pool: pg.Pool;
  rt: Runtime;
  server: ServerHandle;
  tenant: { id: number; code: string };
  /** Every tenant the HTTP workloads act in, chosen at random per request, with its office's session. */
  tenants: { id: number; code: string; office: Session }[];
  today: string;
  office: Session;
  liaisons: { session: Session; unitId: number; tenantId: number; username: string }[];
  targets: { tenantId: number; matterId: number; unitId: number; progress: number; who: number }[];
  ceilings: Ceilings;
  exportRows: number;
  /** created_at lower bound that selects about exportRows matters of the tenant. */
  exportFrom: string;
  /** p99 of report writes without a sweep running, for the under-sweep comparison. */
  idleReportP99?: number;
  /** Runs fn while measuring the CPU of the server process, the bench process and the database's backends; per op from ops(value). */
  metered<T>(fn: () => Promise<T>, ops: (value: T) => number): Promise<{ value: T; cpu: CpuPerOp }>;
};

/** A random element (the workloads pick a tenant, a matter, a person per request). */
export const pick = <T>(xs: readonly T[]): T => {
  const x = xs[Math.floor(Math.random() * xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
};

/** A benchmark of one feature; returns its table row (or "not landed" when the feature is missing). */
export type Workload = { id: string; run(ctx: BenchContext): Promise<Row[]> };

export const ratio = (ours: number, ceiling: number | undefined) => (ceiling && Number.isFinite(ours) ? `${(ours / ceiling).toFixed(2)}×` : '–');
export const verdict = (ok: boolean): Row['result'] => (ok ? 'pass' : 'FAIL');
export const notLanded = (workload: string, target: string, what: string): Row => ({ workload, ours: '–', ceiling: '–', ratio: '–', target, result: 'not landed', note: `${what} is not on this branch yet` });
