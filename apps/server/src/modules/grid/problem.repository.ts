import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { GridAction, HoldLevel } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { GridLevelHoldTable, GridProblemEventTable, GridProblemTable } from './grid.table';

type Conn = Kysely<DB> | Transaction<DB>;
export type ProblemRecord = Selectable<GridProblemTable>;

/** Writes one step of a problem's timeline. */
export function insertEvent(db: Conn, e: Insertable<GridProblemEventTable>) {
  return db.insertInto('grid_problem_events').values(eventRow(e)).execute();
}

/** A timeline row as stored (its data as JSON text). */
function eventRow(e: Insertable<GridProblemEventTable>): Insertable<GridProblemEventTable> {
  return { ...e, data: e.data === undefined || e.data === null ? null : JSON.stringify(e.data) };
}

/** A step as services describe it. */
export type ProblemStep = {
  action: GridAction | 'report' | 'instant' | 'reopen' | 'auto_escalate' | 'supervise' | 'matter_closed' | 'auto_unpark' | 'extension_decided' | 'follow' | 'merge' | 'merged_in';
  from: string | null;
  to: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  public: boolean;
};

/** Writes a step of `p` at `at` by `actorAccountId` (null: the system). */
export function recordStep(db: Conn, p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'hold_level' | 'hold_unit_id'>, step: ProblemStep, at: Date, actorAccountId: number | null) {
  return db.insertInto('grid_problem_events').values(stepRow(p, step, at, actorAccountId)).execute();
}

/** The timeline row recordStep writes (for a write that folds the step into its own statement). */
export function stepRow(p: Pick<ProblemRecord, 'id' | 'tenant_id' | 'hold_level' | 'hold_unit_id'>, step: ProblemStep, at: Date, actorAccountId: number | null): Insertable<GridProblemEventTable> {
  return eventRow({
    tenant_id: p.tenant_id,
    problem_id: p.id,
    at,
    action: step.action,
    from_status: step.from,
    to_status: step.to,
    hold_level: p.hold_level,
    unit_id: p.hold_unit_id,
    actor_account_id: actorAccountId,
    note: step.note ?? null,
    data: step.data ?? null,
    public: step.public,
  });
}

/** Opens the row of who holds the clock now. */
export function openHold(db: Conn, h: Omit<Insertable<GridLevelHoldTable>, 'ended_at' | 'working_minutes' | 'left_by'>) {
  return db.insertInto('grid_level_holds').values(h).execute();
}

/** Closes the problem's open hold row: when, how many working minutes it held, and how it left. */
export async function closeHold(db: Conn, problemId: string, at: Date, workingMinutesOf: (startedAt: Date) => number, leftBy: NonNullable<GridLevelHoldTable['left_by']>) {
  const open = await db.selectFrom('grid_level_holds').select(['id', 'started_at']).where('problem_id', '=', problemId).where('ended_at', 'is', null).execute();
  for (const h of open) {
    await db
      .updateTable('grid_level_holds')
      .set({ ended_at: at, working_minutes: Math.max(0, Math.round(workingMinutesOf(new Date(h.started_at)))), left_by: leftBy })
      .where('id', '=', h.id)
      .execute();
  }
}

/** Updates a problem, bumping its version. */
export function updateProblem(db: Conn, id: string, values: Updateable<GridProblemTable>, now: Date) {
  return db
    .updateTable('grid_problems')
    .set({ ...values, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The cell above a cell, with its level and unit (null at a top cell). */
export function parentCell(db: Conn, cellId: number) {
  return db
    .selectFrom('grid_cells as c')
    .innerJoin('grid_cells as up', 'up.id', 'c.parent_id')
    .select(['up.id', 'up.level', 'up.unit_id', 'up.name'])
    .where('c.id', '=', cellId)
    .executeTakeFirst();
}

/** A cell's level and unit. */
export function cellInfo(db: Conn, cellId: number) {
  return db.selectFrom('grid_cells').select(['id', 'level', 'unit_id', 'name', 'code', 'tenant_id', 'valid_to']).where('id', '=', cellId).executeTakeFirst();
}

/** Where a problem is held: the level, the cell whose level it is and its unit. */
export type HoldPlace = { level: HoldLevel; cellId: number | null; unitId: number | null };
