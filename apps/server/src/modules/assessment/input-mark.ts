import { shanghaiDate } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * A cheap watermark of everything a period's scores are derived from: the newest trace entry other than a
 * recompute (every matter action, 加扣分 item, appeal and 容错 step is traced), the newest colour change,
 * the newest satisfaction vote (a grid visit records one untraced) and today's date while the period runs (an
 * open matter's overdue days and missed reports grow with time; a period that is over no longer moves). Each is a backward index scan; no trigger involved.
 * A period whose stored mark differs is dirty.
 */
export async function inputMark(db: Conn, tenantId: number, now: Date, periodTo: string): Promise<string> {
  const today = shanghaiDate(now);
  const [trace, colour, votes] = await Promise.all([
    db.selectFrom('trace').select('seq').where('tenant_id', '=', tenantId).where('action', '!=', 'assessment.recompute').orderBy('seq', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('colour_history').select('at').where('tenant_id', '=', tenantId).orderBy('at', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('satisfaction_ratings').select('id').where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ]);
  return [today < periodTo ? today : periodTo, trace?.seq ?? 0, colour ? colour.at.getTime() : 0, votes?.id ?? 0].join('/');
}
