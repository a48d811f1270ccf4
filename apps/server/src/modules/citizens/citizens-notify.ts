import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { onReporterNotice, type ReporterNotice } from '../grid/grid-hooks';

/**
 * Feedback to the citizens of problems (issue 17): every reporter row with a sealed mobile number and no account
 * — the first reporter, followers who added themselves, the reporters of problems merged into it — gets one SMS per
 * step through the outbox (quiet hours respected by the dispatcher). Nothing without a number: anonymous is anonymous.
 * One statement to read the reporters and one to write the messages, however many problems (the escalation job
 * moves hundreds at once).
 */
export async function tellCitizens(trx: Transaction<DB>, items: readonly ReporterNotice[], kind: string, at: Date): Promise<number> {
  if (!items.length) return 0;
  const byProblem = new Map(items.map((i) => [String(i.p.id), i]));
  const rows = await trx
    .selectFrom('grid_problem_reporters')
    .select(['id', 'problem_id', 'mobile_enc', 'mobile_hash'])
    .where('problem_id', 'in', [...byProblem.keys()])
    .where('account_id', 'is', null)
    .where('mobile_enc', 'is not', null)
    .orderBy('problem_id')
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  const values = rows.flatMap((r) => {
    const item = byProblem.get(String(r.problem_id));
    // One number that reported twice (or followed its own report) gets one message per problem.
    const once = `${r.problem_id}:${r.mobile_hash ?? r.id}`;
    if (!item || !r.mobile_enc || seen.has(once)) return [];
    seen.add(once);
    const { p, body } = item;
    return [
      {
        tenant_id: p.tenant_id,
        kind: `citizen.${kind}`,
        event_key: `citizen.${kind}:${p.id}:${at.getTime()}:r${r.id}`,
        matter_id: null,
        title: `受理编号 ${p.ticket}`,
        body,
        link: null,
        payload: JSON.stringify({ problemId: String(p.id), reporterId: String(r.id), citizenSms: r.mobile_enc }),
        created_at: at,
      },
    ];
  });
  if (!values.length) return 0;
  const written = await trx
    .insertInto('outbox')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'event_key']).doNothing())
    .returning('id')
    .execute();
  return written.length;
}

/** Citizens hear every reporter notice of the grid flow (grid-hooks: grid does not import this module). */
export function registerCitizenHooks(): void {
  onReporterNotice(tellCitizens);
}
