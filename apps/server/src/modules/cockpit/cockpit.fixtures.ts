import { addDays, COLOUR_ORDER, MATTER_SOURCES, MATTER_STATUSES, shanghaiInstant, type MatterStatus, type WarningColour } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { perFileCounter } from '../../../test/per-file';

/** A seeded random source (mulberry32), so a failing run can be repeated. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return { next, int, pick };
}

export type MatterSeed = {
  tenantId: number;
  unitIds: number[];
  leaderIds: (number | null)[];
  categoryIds: (number | null)[];
  firstDay: string;
  days: number;
};

const seqs = perFileCounter();

/** Inserts `count` random matters straight into the table (as the service tests do, bypassing the matters API). */
export async function insertRandomMatters(db: Kysely<DB>, seed: MatterSeed, count: number, rand = seeded(42)): Promise<number[]> {
  const rows = Array.from({ length: count }, () => {
    const created = addDays(seed.firstDay, rand.int(0, seed.days - 1));
    const start = created;
    const deadline = addDays(start, rand.int(5, 90));
    const status = rand.pick(MATTER_STATUSES);
    const done = status === 'closed' || status === 'archived';
    const closedDay = done || rand.next() < 0.05 ? addDays(start, rand.int(0, 120)) : null;
    const open = !done && status !== 'cancelled';
    const colour: WarningColour | null = open ? rand.pick([...COLOUR_ORDER, null]) : rand.next() < 0.1 ? 'green' : null;
    const source = rand.pick(MATTER_SOURCES);
    const seqCounter = seqs.next();
    return {
      tenant_id: seed.tenantId,
      year: Number(created.slice(0, 4)),
      seq: seqCounter,
      number: `测督〔${created.slice(0, 4)}〕${seqCounter}号`,
      title: `随机事项 ${seqCounter}`,
      source,
      category_id: rand.pick(seed.categoryIds),
      lead_leader_id: rand.pick(seed.leaderIds),
      lead_unit_id: rand.pick(seed.unitIds),
      start_date: start,
      deadline,
      original_deadline: deadline,
      report_cadence: 'weekly' as const,
      priority: rand.pick(['normal', 'high', 'urgent'] as const),
      status,
      progress: done ? 100 : rand.int(0, 99),
      colour,
      investment_plan: source === 'major_project' ? rand.int(100, 50_000) : null,
      investment_done: source === 'major_project' ? rand.int(0, 20_000) : null,
      closed_at: closedDay ? shanghaiInstant(closedDay, rand.int(0, 1439)) : null,
      created_at: shanghaiInstant(created, rand.int(0, 1439)),
    };
  });
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const out = await db.insertInto('matters').values(rows.slice(i, i + 500)).returning('id').execute();
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}

/** A random change of the kind the lifecycle, sweep and editors make. */
export async function mutateRandomly(db: Kysely<DB>, seed: MatterSeed, ids: number[], rand = seeded(7)): Promise<void> {
  const id = rand.pick(ids);
  const what = rand.int(0, 7);
  const day = addDays(seed.firstDay, rand.int(0, seed.days + 30));
  if (what === 0) {
    const status: MatterStatus = rand.pick(MATTER_STATUSES);
    const done = status === 'closed' || status === 'archived';
    await db
      .updateTable('matters')
      .set({ status, closed_at: done ? shanghaiInstant(day, 600) : null, colour: done ? null : rand.pick([...COLOUR_ORDER, null]) })
      .where('id', '=', id)
      .execute();
  } else if (what === 1) {
    const colour = rand.pick(COLOUR_ORDER);
    await db.updateTable('matters').set({ colour, colour_since: shanghaiInstant(day, 120) }).where('id', '=', id).execute();
    const m = await db.selectFrom('matters').select('tenant_id').where('id', '=', id).executeTakeFirstOrThrow();
    await db.insertInto('colour_history').values({ tenant_id: m.tenant_id, matter_id: id, from_colour: null, to_colour: colour, at: shanghaiInstant(day, rand.int(0, 1439)) }).execute();
  } else if (what === 2) {
    await db.updateTable('matters').set({ lead_unit_id: rand.pick(seed.unitIds), lead_leader_id: rand.pick(seed.leaderIds) }).where('id', '=', id).execute();
  } else if (what === 3) {
    await db.updateTable('matters').set({ deadline: day, category_id: rand.pick(seed.categoryIds) }).where('id', '=', id).execute();
  } else if (what === 4) {
    await db.updateTable('matters').set({ progress: rand.int(0, 100), last_report_at: shanghaiInstant(day) }).where('id', '=', id).execute();
  } else if (what === 5) {
    await db.updateTable('matters').set({ source: rand.pick(MATTER_SOURCES), investment_done: rand.int(0, 9000) }).where('id', '=', id).execute();
  } else if (what === 6) {
    // As the sweep writes (duban.sweep set): many colours in one statement, some matters sharing counter rows, then their history in one.
    const some = [...new Set(Array.from({ length: rand.int(2, 12) }, () => rand.pick(ids)))];
    const colours = some.map(() => rand.pick([...COLOUR_ORDER, null]));
    await db.transaction().execute(async (trx) => {
      await sql`select set_config('duban.sweep', 'on', true)`.execute(trx);
      await trx
        .updateTable('matters')
        .set({ colour: sql<WarningColour | null>`(${JSON.stringify(colours)}::jsonb ->> (array_position(${sql.val(some)}::integer[], id) - 1))` })
        .where('id', 'in', some)
        .execute();
      const rows = await trx.selectFrom('matters').select(['id', 'tenant_id', 'colour']).where('id', 'in', some).execute();
      await trx
        .insertInto('colour_history')
        .values(rows.map((m) => ({ tenant_id: m.tenant_id, matter_id: m.id, from_colour: null, to_colour: m.colour, at: shanghaiInstant(day, rand.int(0, 1439)) })))
        .execute();
    });
  } else {
    await db.deleteFrom('matters').where('id', '=', id).where('parent_id', 'is', null).execute();
    ids.splice(ids.indexOf(id), 1);
  }
}
