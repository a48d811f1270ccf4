import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/** Active divisions (处室) of the tenant with their unit, optionally only those of the given units. */
export function activeDivisions(db: Db, tenantId: number, unitIds?: number[]) {
  let q = db
    .selectFrom('units as d')
    .innerJoin('units as u', 'u.id', 'd.parent_id')
    .select(['d.id as divisionId', 'u.id as unitId'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.kind', '=', 'division')
    .where('d.active', '=', true)
    .where('u.active', '=', true);
  if (unitIds) q = q.where('u.id', 'in', unitIds.length ? unitIds : [-1]);
  return q.orderBy('u.sort').orderBy('u.id').orderBy('d.sort').orderBy('d.id').execute();
}

export function findRound(db: Db, tenantId: number, id: number) {
  return db.selectFrom('evaluation_rounds').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Rounds, newest quarter first, with how many divisions, units and ratings each has. */
export function listRounds(db: Db, tenantId: number) {
  return db
    .selectFrom('evaluation_rounds as r')
    .selectAll('r')
    .select((eb) => [
      eb.selectFrom('evaluation_divisions as d').select((e) => e.fn.countAll<number>().as('n')).whereRef('d.round_id', '=', 'r.id').as('divisions'),
      eb.selectFrom('evaluation_divisions as d').select((e) => e.fn.count<number>('d.unit_id').distinct().as('n')).whereRef('d.round_id', '=', 'r.id').as('units'),
      eb.selectFrom('evaluation_ratings as g').select((e) => e.fn.countAll<number>().as('n')).whereRef('g.round_id', '=', 'r.id').as('ratings'),
    ])
    .where('r.tenant_id', '=', tenantId)
    .orderBy('r.year', 'desc')
    .orderBy('r.quarter', 'desc')
    .execute();
}

/** The round's divisions with their names and their unit's name and rule, in the units' order. */
export function roundDivisions(db: Db, roundId: number) {
  return db
    .selectFrom('evaluation_divisions as e')
    .innerJoin('units as d', 'd.id', 'e.division_id')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.division_id as divisionId', 'e.unit_id as unitId', 'e.unit_rule as unitRule', 'd.name as divisionName', 'u.name as unitName'])
    .where('e.round_id', '=', roundId)
    .orderBy('u.sort')
    .orderBy('u.id')
    .orderBy('d.sort')
    .orderBy('d.id')
    .execute();
}

export function roundRatings(db: Db, roundId: number) {
  return db.selectFrom('evaluation_ratings').select(['division_id', 'rater_kind', 'scores']).where('round_id', '=', roundId).execute();
}

/** The recorded 突出问题 and 整改措施 of a round, with each measure's matter as it stands now. */
export async function roundRectifications(db: Db, roundId: number) {
  const problems = await db.selectFrom('evaluation_rectifications').select(['division_id', 'problems']).where('round_id', '=', roundId).execute();
  const measures = await db
    .selectFrom('evaluation_measures as m')
    .leftJoin('matters as x', 'x.id', 'm.matter_id')
    .select(['m.division_id', 'm.text', 'm.deadline', 'm.matter_id', 'x.number', 'x.colour', 'x.status'])
    .where('m.round_id', '=', roundId)
    .orderBy('m.division_id')
    .orderBy('m.seq')
    .execute();
  return { problems, measures };
}
