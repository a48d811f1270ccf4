import { sql, type Kysely, type Transaction } from 'kysely';
import type { DecisionListQuery, MeetingListQuery } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { decisionScopeSql, meetingScopeSql } from './meeting.scope';

type Conn = Kysely<DB> | Transaction<DB>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `meetings as mt` in the actor's tenant and data scope. */
function scopedMeetings(db: Conn, actor: Actor) {
  const q = db.selectFrom('meetings as mt').where('mt.tenant_id', '=', actor.tenantId);
  const scope = meetingScopeSql(actor);
  return scope ? q.where(scope) : q;
}

// Counts over the decisions the viewer sees (their units' for a unit scope).
const decisionCount = (actor: Actor, extra: ReturnType<typeof sql> | null, today: string | null) => {
  const scope = decisionScopeSql(actor);
  return sql<number>`(select count(*)::int from meeting_decisions d where d.meeting_id = mt.id
    ${scope ? sql`and ${scope}` : sql``} ${extra ? sql`and ${extra}` : sql``} ${today ? sql`and d.status = 'open' and d.deadline < ${today}` : sql``})`;
};

type MeetingBase = ReturnType<typeof scopedMeetings>;

function withMeetingColumns(base: MeetingBase, actor: Actor, today: string) {
  return base
    .leftJoin('people as cp', 'cp.id', 'mt.convenor_person_id')
    .leftJoin('units as cu', 'cu.id', 'mt.convenor_unit_id')
    .leftJoin('accounts as ca', 'ca.id', 'mt.created_by')
    .selectAll('mt')
    .select(['cp.name as convenor_name', 'cu.name as convenor_unit_name', 'ca.display_name as created_by_name'])
    .select([
      sql<number>`(select count(*)::int from meeting_units mu where mu.meeting_id = mt.id and mu.present)`.as('present'),
      sql<number>`(select count(*)::int from meeting_units mu where mu.meeting_id = mt.id and not mu.present)`.as('absent'),
      sql<number>`(select count(*)::int from meeting_problems mp where mp.meeting_id = mt.id)`.as('problems'),
      decisionCount(actor, null, null).as('decisions'),
      decisionCount(actor, sql`d.status = 'done'`, null).as('done'),
      decisionCount(actor, null, today).as('overdue'),
      sql<number>`(select count(*)::int from meeting_decisions d where d.meeting_id = mt.id)`.as('all_decisions'),
    ]);
}
export type MeetingRow = Awaited<ReturnType<ReturnType<typeof withMeetingColumns>['executeTakeFirstOrThrow']>>;

/** One page of the actor's meetings, newest first, and the total. */
export async function listMeetings(db: Conn, actor: Actor, q: MeetingListQuery, today: string): Promise<{ rows: MeetingRow[]; total: number }> {
  let base = scopedMeetings(db, actor);
  if (q.kind) base = base.where('mt.kind', '=', q.kind);
  if (q.from) base = base.where('mt.held_on', '>=', q.from);
  if (q.to) base = base.where('mt.held_on', '<=', q.to);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    base = base.where(sql<boolean>`(mt.title ilike ${like} or mt.minutes ilike ${like})`);
  }
  const [rows, count] = await Promise.all([
    withMeetingColumns(base, actor, today)
      .orderBy('mt.held_on', 'desc')
      .orderBy('mt.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A meeting in the actor's scope, with its names and counts; undefined outside it. */
export function findMeeting(db: Conn, actor: Actor, id: number, today: string) {
  return withMeetingColumns(scopedMeetings(db, actor).where('mt.id', '=', id), actor, today).executeTakeFirst();
}

/** Locks a meeting of the tenant for an edit (no scope: only the office edits). */
export function lockMeeting(trx: Transaction<DB>, tenantId: number, id: number) {
  return trx.selectFrom('meetings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function meetingUnits(db: Conn, meetingId: number) {
  return db
    .selectFrom('meeting_units as mu')
    .innerJoin('units as u', 'u.id', 'mu.unit_id')
    .select(['mu.unit_id', 'u.name as unit_name', 'mu.present'])
    .where('mu.meeting_id', '=', meetingId)
    .orderBy('u.sort')
    .orderBy('u.id')
    .execute();
}

/** The grid problems referred to a meeting, read straight from the problems table. */
export function meetingProblems(db: Conn, meetingId: number) {
  return db
    .selectFrom('meeting_problems as mp')
    .innerJoin('grid_problems as gp', 'gp.id', 'mp.problem_id')
    .select(['gp.id', 'gp.ticket', 'gp.title', 'gp.status', 'gp.closed_at'])
    .where('mp.meeting_id', '=', meetingId)
    .orderBy('gp.id')
    .execute();
}

const decisionBase = (db: Conn) => db.selectFrom('meeting_decisions as d').innerJoin('meetings as mt', 'mt.id', 'd.meeting_id');
type DecisionBase = ReturnType<typeof decisionBase>;

/** Decisions with their meeting, unit, problem, matter and who finished them. */
export function withDecisionColumns(base: DecisionBase) {
  return base
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('grid_problems as gp', 'gp.id', 'd.problem_id')
    .leftJoin('matters as m', 'm.id', 'd.matter_id')
    .leftJoin('accounts as da', 'da.id', 'd.done_by')
    .leftJoin('people as dp', 'dp.id', 'da.person_id')
    .selectAll('d')
    .select(['mt.kind as meeting_kind', 'mt.title as meeting_title', 'mt.held_on', 'u.name as unit_name', 'gp.ticket as problem_ticket', 'm.number as matter_number', 'm.status as matter_status', 'm.colour as matter_colour'])
    .select((eb) => eb.fn.coalesce('dp.name', 'da.display_name').as('done_by_name'));
}
export type DecisionRow = Awaited<ReturnType<ReturnType<typeof withDecisionColumns>['executeTakeFirstOrThrow']>>;

/** `meeting_decisions as d` in the actor's tenant and data scope. */
function scopedDecisions(db: Conn, actor: Actor): DecisionBase {
  const q = decisionBase(db).where('d.tenant_id', '=', actor.tenantId);
  const scope = decisionScopeSql(actor);
  return scope ? q.where(scope) : q;
}

/** A meeting's decisions the actor sees, in order. */
export function meetingDecisions(db: Conn, actor: Actor, meetingId: number): Promise<DecisionRow[]> {
  return withDecisionColumns(scopedDecisions(db, actor).where('d.meeting_id', '=', meetingId)).orderBy('d.seq').execute();
}

/** One page of the decisions the actor sees: open ones first by deadline, then done ones, newest first. */
export async function listDecisions(db: Conn, actor: Actor, q: DecisionListQuery, today: string): Promise<{ rows: DecisionRow[]; total: number }> {
  let base = scopedDecisions(db, actor);
  if (q.mine) base = base.where('d.unit_id', '=', actor.unitId ?? -1);
  if (q.kind) base = base.where('mt.kind', '=', q.kind);
  if (q.status === 'open' || q.status === 'done') base = base.where('d.status', '=', q.status);
  if (q.status === 'overdue') base = base.where('d.status', '=', 'open').where('d.deadline', '<', today);
  const [rows, count] = await Promise.all([
    withDecisionColumns(base)
      .orderBy(sql`d.status = 'done'`)
      .orderBy(sql`case when d.status = 'open' then d.deadline end`)
      .orderBy('d.done_at', 'desc')
      .orderBy('d.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A decision in the actor's tenant and scope; `lock` holds it for the transaction. */
export function findDecision(db: Conn, actor: Actor, id: number, lock = false) {
  const q = withDecisionColumns(scopedDecisions(db, actor).where('d.id', '=', id));
  return (lock ? q.forUpdate('d') : q).executeTakeFirst();
}

/** Open grid problems of the tenant the office may refer to a joint meeting, newest first (ticket or title match). */
export function referableProblems(db: Conn, tenantId: number, q: string | undefined, limit = 50) {
  let s = db
    .selectFrom('grid_problems as gp')
    .leftJoin('units as u', (join) => join.on(sql<boolean>`u.id = coalesce(gp.dispatched_unit_id, gp.hold_unit_id)`))
    .select(['gp.id', 'gp.ticket', 'gp.title', 'gp.status', 'gp.reported_at', 'u.name as unit_name'])
    .where('gp.tenant_id', '=', tenantId)
    .where('gp.closed_at', 'is', null)
    .where('gp.merged_into_id', 'is', null);
  if (q) {
    const like = `%${escapeLike(q)}%`;
    s = s.where((eb) => eb.or([eb('gp.ticket', 'ilike', like), eb('gp.title', 'ilike', like)]));
  }
  return s.orderBy('gp.reported_at', 'desc').orderBy('gp.id', 'desc').limit(limit).execute();
}
