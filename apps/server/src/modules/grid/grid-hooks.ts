import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { ProblemRecord } from './problem.repository';

/**
 * What else must happen, in the same transaction, when a problem closes (结案, 即办, 不予立案, a supervised matter's
 * close), is reopened (不满意 → 重新办理) or rated (回访): the grid statistics' roll-ups (grid-stats.ts) keep count.
 */
export async function onProblemClosed(_trx: Transaction<DB>, _p: ProblemRecord): Promise<void> {}

export async function onProblemReopened(_trx: Transaction<DB>, _p: ProblemRecord): Promise<void> {}

export async function onProblemRated(_trx: Transaction<DB>, _p: ProblemRecord, _oldRating: string | null): Promise<void> {}
