import { shanghaiDate } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Trace actions the mark leaves out: the matter events assessment subscribes to (they mark their periods dirty
 * in their own transaction, dirty.ts), the recompute itself, and actions that change no score (sign-ins,
 * accounts, tokens, exports, the weekly report, notification settings, urges, attachments).
 */
const MARKED_BY_EVENTS = ['matter.sign', 'matter.report', 'matter.complete', 'matter.return', 'matter.extension_decide', 'assessment.recompute'];
const SCORELESS = ['auth.%', 'account.%', 'token.%', 'trace.%', 'export.%', 'report.%', 'notify.%', 'delivery.%', 'person.notify_%', 'matter.urge', 'matter.attach', 'attachment.%'];

/**
 * The recompute job's safety net beside the event marks: a cheap watermark of the inputs no matter event
 * announces — the newest trace entry of another scoring action (加扣分 items, appeals, 容错, a rating, an edit of
 * difficulty or workload, handlers, an inspection …), the newest satisfaction vote (a grid visit records one
 * untraced) and today's date while the period runs (an open matter's overdue days and missed reports grow with
 * time; a period that is over no longer moves). Each is a backward index scan; no trigger involved. A period whose
 * stored mark differs is recomputed.
 */
export async function inputMark(db: Conn, tenantId: number, now: Date, periodTo: string): Promise<string> {
  const today = shanghaiDate(now);
  let trace = db.selectFrom('trace').select('seq').where('tenant_id', '=', tenantId).where('action', 'not in', MARKED_BY_EVENTS);
  for (const p of SCORELESS) trace = trace.where('action', 'not like', p);
  const [last, votes] = await Promise.all([
    trace.orderBy('seq', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('satisfaction_ratings').select('id').where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ]);
  return [today < periodTo ? today : periodTo, last?.seq ?? 0, votes?.id ?? 0].join('/');
}
