import type pg from 'pg';
import type { Runtime } from '../../apps/server/src/bootstrap';
import type { Session } from './http';
import type { ServerHandle } from './server';
import type { Latency } from './stats';

/** One line of the results table. */
export type Row = {
  workload: string;
  ours: string;
  ceiling: string;
  ratio: string;
  target: string;
  result: 'pass' | 'FAIL' | 'not landed' | 'error' | 'n/a';
  note?: string;
};

/** What the bench measured on this box before the workloads, to compare them with. */
export type Ceilings = {
  readsTps?: number;
  writeTps?: number;
  writeLat?: number;
  sweepFullMs?: number;
  sweepSteadyMs?: number;
  dispatchPerSecond?: number;
  http?: { perSecond: number; lat: Latency };
  exportMs?: number;
  ledgerSql?: Latency;
  matterSql?: Latency;
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
  today: string;
  office: Session;
  liaisons: { session: Session; unitId: number }[];
  targets: { matterId: number; unitId: number; progress: number; who: number }[];
  ceilings: Ceilings;
  exportRows: number;
  /** created_at lower bound that selects about exportRows matters of the tenant. */
  exportFrom: string;
  /** p99 of report writes without a sweep running, for the under-sweep comparison. */
  idleReportP99?: number;
};

/** A benchmark of one feature; returns its table row (or "not landed" when the feature is missing). */
export type Workload = { id: string; run(ctx: BenchContext): Promise<Row[]> };

export const ratio = (ours: number, ceiling: number | undefined) => (ceiling && Number.isFinite(ours) ? `${(ours / ceiling).toFixed(2)}×` : '–');
export const verdict = (ok: boolean): Row['result'] => (ok ? 'pass' : 'FAIL');
export const notLanded = (workload: string, target: string, what: string): Row => ({ workload, ours: '–', ceiling: '–', ratio: '–', target, result: 'not landed', note: `${what} is not on this branch yet` });
