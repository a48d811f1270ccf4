import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { recordProblemClosed } from './grid-stats';
import type { ProblemRecord } from './problem.repository';

/**
 * What else must happen, in the same transaction, when a problem closes (结案, 即办, 不予立案, a supervised
 * matter's close): the problem is added to the grid statistics' monthly rollup (grid-stats.ts), with whether it
 * closed by its 结案期限. Call it after the problem's hold rows are closed (their working minutes are counted).
 * A 回访 (rating, or 不满意 reopening it) changes a closed problem's figures: visitProblem wraps itself in
 * trackProblemStats instead. Escalation moves only open problems, which count nothing until they close.
 */
export async function onProblemClosed(trx: Transaction<DB>, p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'due_at' | 'closed_at'>): Promise<void> {
  const closedAt = p.closed_at === null ? null : new Date(p.closed_at);
  const onTime = p.due_at === null || closedAt === null || closedAt.getTime() <= new Date(p.due_at).getTime();
  await recordProblemClosed(trx, p.tenant_id, p.id, onTime);
}

/** What the reporters of one problem are told at a public step (受理, 派遣, 逐级上报, 办结 …). */
export type ReporterNotice = { p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'ticket'>; body: string };
type ReporterListener = (trx: Transaction<DB>, items: readonly ReporterNotice[], kind: string, at: Date) => Promise<unknown>;
const reporterListeners = new Set<ReporterListener>();

/**
 * Another module hears every reporter notice, in the step's transaction (the citizens' channel sends its SMS):
 * the grid flow does not import the modules that listen. Registered once at start-up (bootstrap.ts).
 */
export function onReporterNotice(fn: ReporterListener): void {
  reporterListeners.add(fn);
}

/** Tells the listeners about a public step of one or many problems (tellReporter, tellReporters). */
export async function noticeReporters(trx: Transaction<DB>, items: readonly ReporterNotice[], kind: string, at: Date): Promise<void> {
  if (!items.length) return;
  for (const fn of reporterListeners) await fn(trx, items, kind, at);
}
