import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { liaisonsOf, officePeople } from '../matters/matter.repository';
import { tellCitizens } from '../citizens/citizens-notify';
import { enqueue } from '../outbox/outbox.service';
import type { HoldPlace, ProblemRecord } from './problem.repository';

type Conn = Kysely<DB> | Transaction<DB>;

/** The people of a level's platform: the staff of the cell whose level it is, its unit's liaison and head; 督查办 above. */
export async function levelPeople(db: Conn, tenantId: number, place: HoldPlace): Promise<number[]> {
  if (place.level === 'district' || place.level === 'city') return officePeople(db, tenantId);
  const out = new Set<number>();
  if (place.cellId !== null) {
    const staff = await db
      .selectFrom('grid_staff as s')
      .leftJoin('accounts as a', 'a.id', 's.account_id')
      .select(['s.person_id', 'a.person_id as account_person_id'])
      .where('s.cell_id', '=', place.cellId)
      .where('s.valid_to', 'is', null)
      .where('s.duty', 'in', ['leader', 'member'])
      .execute();
    for (const s of staff) {
      const id = s.person_id ?? s.account_person_id;
      if (id !== null) out.add(id);
    }
  }
  if (place.unitId !== null) for (const id of await liaisonsOf(db, tenantId, [place.unitId])) out.add(id);
  return [...out];
}

/** The people a dispatch reaches: the unit's liaison and head, and the named handler. */
export async function handlerPeople(db: Conn, tenantId: number, unitId: number | null, handlerAccountId: number | null): Promise<number[]> {
  const out = new Set<number>(unitId === null ? [] : await liaisonsOf(db, tenantId, [unitId]));
  if (handlerAccountId !== null) {
    const a = await db.selectFrom('accounts').select('person_id').where('id', '=', handlerAccountId).executeTakeFirst();
    if (a?.person_id) out.add(a.person_id);
  }
  return [...out];
}

const link = (p: Pick<ProblemRecord, 'id'>) => `/grid/problems/${p.id}`;

/** Tells people about a step of a problem, through the outbox, in the step's transaction (once per event key). */
export async function tellPeople(
  trx: Transaction<DB>,
  p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'ticket' | 'title'>,
  kind: string,
  body: string,
  personIds: readonly number[],
  at: Date,
  payload: Record<string, unknown> | null = null,
): Promise<void> {
  await enqueue(trx, {
    tenantId: p.tenant_id,
    kind,
    eventKey: `${kind}:${p.id}:${at.getTime()}`,
    title: `【网格】${p.ticket} ${p.title}`,
    body,
    link: link(p),
    payload: { problemId: p.id, ...payload },
    personIds,
    at,
  });
}

/**
 * Feedback to whoever reported the problem at a public step (受理, 不予立案, 派遣, 办结, 重新办理): the reporting
 * account's person through the inbox and their channels. A citizen's or caller's sealed mobile number is reached
 * by SMS through the same outbox (quiet hours respected by the dispatcher).
 */
export async function tellReporter(trx: Transaction<DB>, p: ProblemRecord, kind: string, body: string, at: Date): Promise<void> {
  const people: number[] = [];
  if (p.reporter_account_id !== null) {
    const a = await trx.selectFrom('accounts').select('person_id').where('id', '=', p.reporter_account_id).executeTakeFirst();
    if (a?.person_id) people.push(a.person_id);
  }
  if (people.length) await tellPeople(trx, p, `grid.reporter.${kind}`, body, people, at);
  await tellCitizens(trx, p, kind, body, at);
}
