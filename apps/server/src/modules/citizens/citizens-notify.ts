import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { enqueue } from '../outbox/outbox.service';

/**
 * Feedback to the citizens of a problem (issue 17): every reporter row with a sealed mobile number and no account
 * — the first reporter, followers who added themselves, the reporters of problems merged into it — gets one SMS per
 * step through the outbox (quiet hours respected by the dispatcher). Nothing without a number: anonymous is anonymous.
 */
export async function tellCitizens(trx: Transaction<DB>, p: { id: string; tenant_id: number; ticket: string }, kind: string, body: string, at: Date): Promise<number> {
  const rows = await trx
    .selectFrom('grid_problem_reporters')
    .select(['id', 'mobile_enc', 'mobile_hash'])
    .where('problem_id', '=', p.id)
    .where('account_id', 'is', null)
    .where('mobile_enc', 'is not', null)
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  let told = 0;
  for (const r of rows) {
    // One number that reported twice (or followed its own report) gets one message.
    if (!r.mobile_enc || (r.mobile_hash && seen.has(r.mobile_hash))) continue;
    if (r.mobile_hash) seen.add(r.mobile_hash);
    const id = await enqueue(trx, {
      tenantId: p.tenant_id,
      kind: `citizen.${kind}`,
      eventKey: `citizen.${kind}:${p.id}:${at.getTime()}:r${r.id}`,
      title: `受理编号 ${p.ticket}`,
      body,
      payload: { problemId: String(p.id), reporterId: String(r.id) },
      personIds: [],
      at,
      citizenSms: r.mobile_enc,
    });
    if (id !== null) told++;
  }
  return told;
}
