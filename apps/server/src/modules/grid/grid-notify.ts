import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { liaisonsOf, officePeople } from '../matters/matter.repository';
import { enqueueMany } from '../outbox/outbox.bulk';
import { enqueue, type OutboxEntry } from '../outbox/outbox.service';
import { noticeReporters } from './grid-hooks';
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

/**
 * levelPeople of a cell's or community's or street's level as one SQL expression (person ids, possibly repeated), for
 * a write that tells them in its own statement: the cell's current leaders and members (their person, else their
 * account's), and the unit's liaisons, or its heads when it has none (liaisonsOf). Null for the district and city
 * levels (the office's people: levelPeople).
 */
export function levelPeopleSql(tenantId: number, place: HoldPlace): RawBuilder<{ person_id: number | null }> | null {
  if (place.level === 'district' || place.level === 'city') return null;
  const arms = [];
  if (place.cellId !== null) {
    arms.push(sql`select coalesce(s.person_id, a.person_id) as person_id from grid_staff s left join accounts a on a.id = s.account_id
      where s.cell_id = ${place.cellId} and s.valid_to is null and s.duty in ('leader', 'member')`);
  }
  if (place.unitId !== null) {
    arms.push(sql`select pe.id as person_id from people pe where pe.tenant_id = ${tenantId} and pe.unit_id = ${place.unitId} and pe.active
      and (pe.is_liaison or (pe.is_unit_head and not exists (select 1 from people l where l.tenant_id = ${tenantId} and l.unit_id = ${place.unitId} and l.active and l.is_liaison)))`);
  }
  return arms.length ? sql`${sql.join(arms, sql` union all `)}` : sql`select null::integer as person_id where false`;
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
  await enqueue(trx, { ...problemNotice(p, kind, body, at, payload), personIds });
}

/** The outbox entry tellPeople writes for a step of a problem (its recipients aside). */
export function problemNotice(p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'ticket' | 'title'>, kind: string, body: string, at: Date, payload: Record<string, unknown> | null = null): Omit<OutboxEntry, 'personIds'> {
  return { tenantId: p.tenant_id, kind, eventKey: `${kind}:${p.id}:${at.getTime()}`, title: `【网格】${p.ticket} ${p.title}`, body, link: link(p), payload: { problemId: p.id, ...payload }, at };
}

/**
 * Feedback to whoever reported the problem at a public step (受理, 不予立案, 派遣, 办结, 重新办理): the reporting
 * account's person through the inbox and their channels; the listeners of grid-hooks (the citizens' channel: a
 * citizen's or caller's sealed mobile number, by SMS through the same outbox in quiet-hours rules) hear it too.
 */
export async function tellReporter(trx: Transaction<DB>, p: ProblemRecord, kind: string, body: string, at: Date): Promise<void> {
  const people: number[] = [];
  if (p.reporter_account_id !== null) {
    const a = await trx.selectFrom('accounts').select('person_id').where('id', '=', p.reporter_account_id).executeTakeFirst();
    if (a?.person_id) people.push(a.person_id);
  }
  if (people.length) await tellPeople(trx, p, `grid.reporter.${kind}`, body, people, at);
  await noticeReporters(trx, [{ p, body }], kind, at);
}

/**
 * Feedback to the reporters of many problems at once (the escalation job): one outbox entry per problem, written
 * with enqueueMany; the listeners (citizens' SMS) hear all of them at once. Same event keys as tellReporter.
 */
export async function tellReporters(trx: Transaction<DB>, items: readonly { p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'ticket' | 'title' | 'reporter_account_id'>; body: string }[], kind: string, at: Date): Promise<void> {
  await noticeReporters(trx, items, kind, at);
  const accounts = [...new Set(items.map((i) => i.p.reporter_account_id).filter((a): a is number => a !== null))];
  if (!accounts.length) return;
  const personOf = new Map((await trx.selectFrom('accounts').select(['id', 'person_id']).where('id', 'in', accounts).execute()).map((a) => [a.id, a.person_id]));
  const k = `grid.reporter.${kind}`;
  await enqueueMany(
    trx,
    items.flatMap(({ p, body }) => {
      const person = p.reporter_account_id === null ? null : personOf.get(p.reporter_account_id);
      return person ? [{ tenantId: p.tenant_id, kind: k, eventKey: `${k}:${p.id}:${at.getTime()}`, title: `【网格】${p.ticket} ${p.title}`, body, link: link(p), payload: { problemId: p.id }, personIds: [person], at }] : [];
    }),
  );
}

/** The people of many levels' platforms at once (as levelPeople, in three statements whatever their number). */
export async function levelPeopleMany(db: Conn, tenantId: number, places: readonly HoldPlace[]): Promise<(place: HoldPlace) => number[]> {
  const cells = [...new Set(places.flatMap((p) => (p.level === 'district' || p.level === 'city' || p.cellId === null ? [] : [p.cellId])))];
  const units = [...new Set(places.flatMap((p) => (p.level === 'district' || p.level === 'city' || p.unitId === null ? [] : [p.unitId])))];
  const office = places.some((p) => p.level === 'district' || p.level === 'city') ? await officePeople(db, tenantId) : [];
  const staff = cells.length
    ? await db
        .selectFrom('grid_staff as s')
        .leftJoin('accounts as a', 'a.id', 's.account_id')
        .select(['s.cell_id', 's.person_id', 'a.person_id as account_person_id'])
        .where('s.cell_id', 'in', cells)
        .where('s.valid_to', 'is', null)
        .where('s.duty', 'in', ['leader', 'member'])
        .execute()
    : [];
  const people = units.length
    ? await db
        .selectFrom('people')
        .select(['id', 'unit_id', 'is_liaison'])
        .where('tenant_id', '=', tenantId)
        .where('unit_id', 'in', units)
        .where('active', '=', true)
        .where((eb) => eb.or([eb('is_liaison', '=', true), eb('is_unit_head', '=', true)]))
        .execute()
    : [];
  const byCell = new Map<number, number[]>();
  for (const s of staff) {
    const id = s.person_id ?? s.account_person_id;
    if (id !== null) byCell.set(s.cell_id, [...(byCell.get(s.cell_id) ?? []), id]);
  }
  // As liaisonsOf: a unit's liaisons, or its head when it has none.
  const byUnit = new Map<number, number[]>();
  for (const u of units) {
    const mine = people.filter((r) => r.unit_id === u);
    const liaisons = mine.filter((r) => r.is_liaison);
    byUnit.set(u, (liaisons.length ? liaisons : mine).map((r) => r.id));
  }
  return (place) => {
    if (place.level === 'district' || place.level === 'city') return office;
    return [...new Set([...(place.cellId === null ? [] : (byCell.get(place.cellId) ?? [])), ...(place.unitId === null ? [] : (byUnit.get(place.unitId) ?? []))])];
  };
}
