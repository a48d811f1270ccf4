import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { generateBenchData, type BenchDataSummary } from './generate';
import { benchSize } from './sizes';

describe('bench data generator', () => {
  let rt: TestRuntime;
  let summary: BenchDataSummary;
  beforeAll(async () => {
    rt = await createTestRuntime();
    // A bulk load: foreign-key triggers off and indexes dropped, which takes the owner's powers.
    summary = await generateBenchData({ ...rt, db: rt.owner }, { size: benchSize('tiny') });
  });
  afterAll(() => rt.close());

  it('makes the requested matters with every state, colour and source, and activity around them', async () => {
    expect(summary.rows.matters).toBe(300);
    const states = await sql<{ status: string; colour: string | null }>`select distinct status, colour from matters`.execute(rt.db);
    const statuses = new Set(states.rows.map((r) => r.status));
    for (const s of ['registered', 'assigned', 'in_progress', 'completion_requested', 'closed', 'archived', 'cancelled']) expect(statuses).toContain(s);
    expect(new Set(states.rows.map((r) => r.colour))).toEqual(new Set([null, 'green', 'yellow', 'blue', 'red']));
    const sources = await sql<{ n: number }>`select count(distinct source)::int as n from matters`.execute(rt.db);
    expect(sources.rows[0]?.n).toBe(9);
    for (const t of ['progress_reports', 'milestones', 'matter_units', 'notices', 'notice_recipients', 'colour_history', 'outbox']) expect(summary.rows[t]).toBeGreaterThan(0);
    const people = await sql<{ n: number }>`select count(*)::int as n from people`.execute(rt.db);
    expect(people.rows[0]?.n).toBeGreaterThan(700);
    // Numbers sealed like a start seals them: none left in clear.
    const numbers = await sql<{ plain: number; sealed: number }>`select count(mobile)::int as plain, count(mobile_enc)::int as sealed from people`.execute(rt.db);
    expect(numbers.rows[0]).toMatchObject({ plain: 0 });
    expect(numbers.rows[0]?.sealed).toBeGreaterThan(600);
  });

  it('keeps the colours consistent with the facts: red past the deadline, blue without a recent report', async () => {
    const bad = await sql<{ n: number }>`
      select count(*)::int as n from matters
      where (colour = 'red' and deadline >= date '2026-11-20')
         or (colour = 'blue' and last_report_at > timestamptz '2026-11-13 10:00+08')
         or (colour in ('green', 'yellow', 'blue') and deadline < date '2026-11-20')`.execute(rt.db);
    expect(bad.rows[0]?.n).toBe(0);
    const future = await sql<{ n: number }>`select count(*)::int as n from progress_reports where created_at > timestamptz '2026-11-20 10:00+08'`.execute(rt.db);
    expect(future.rows[0]?.n).toBe(0);
  });

  it('leaves no dangling reference although foreign-key checks were off while loading', async () => {
    const fks = await sql<{ child: string; col: string; parent: string; pcol: string }>`
      select c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent, pa.attname as pcol
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
      where c.contype = 'f' and array_length(c.conkey, 1) = 1`.execute(rt.db);
    expect(fks.rows.length).toBeGreaterThan(20);
    for (const fk of fks.rows) {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(fk.child)} c
        where c.${sql.ref(fk.col)} is not null and not exists (select 1 from ${sql.table(fk.parent)} p where p.${sql.ref(fk.pcol)} = c.${sql.ref(fk.col)})`.execute(rt.db);
      expect(r.rows[0]?.n, `${fk.child}.${fk.col} → ${fk.parent}`).toBe(0);
    }
  });

  it('rebuilds every index the migrations made, and the trace verifies intact', async () => {
    const idx = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname in ('matters_text_idx', 'matters_ledger_idx', 'progress_reports_matter_idx', 'outbox_pending_idx')`.execute(rt.db);
    expect(idx.rows[0]?.n).toBe(4);
    expect(summary.trace).toMatch(/^intact/);
    const dirty = await sql<{ n: number }>`select count(*)::int as n from matter_dirty`.execute(rt.db);
    expect(dirty.rows[0]?.n).toBe(300); // the first sweep looks at every generated matter
  });

  it('rebuilds the cockpit totals set-wise exactly as the per-matter trigger function would', async () => {
    const totals = async () => ({
      stats: (await sql`select * from cockpit_stats order by tenant_id, kind, grain, bucket, unit_id, leader_id, key`.execute(rt.db)).rows,
      weekly: (await sql`select * from cockpit_weekly order by tenant_id, week, unit_id, leader_id`.execute(rt.db)).rows,
      totals: (await sql`select * from cockpit_totals order by tenant_id, kind, grain, bucket, unit_id, key`.execute(rt.db)).rows,
      weeklyTotals: (await sql`select * from cockpit_weekly_totals order by tenant_id, week`.execute(rt.db)).rows,
    });
    const setWise = await totals();
    expect(setWise.stats.length).toBeGreaterThan(100);
    expect(setWise.totals.length).toBeGreaterThan(100);
    expect(setWise.weeklyTotals.length).toBeGreaterThan(10);
    await sql`delete from cockpit_stats`.execute(rt.db);
    await sql`delete from cockpit_weekly`.execute(rt.db);
    await sql`delete from cockpit_warned`.execute(rt.db);
    await sql`delete from cockpit_totals`.execute(rt.db);
    await sql`delete from cockpit_weekly_totals`.execute(rt.db);
    // Migration 4000's own backfill of existing matters.
    await sql`insert into cockpit_warned (matter_id, week) select distinct matter_id, date_trunc('week', (at at time zone 'Asia/Shanghai'))::date from colour_history where to_colour in ('yellow', 'blue', 'red')`.execute(rt.db);
    await sql`select count(cockpit_apply(m, 1, true)) from matters m`.execute(rt.db);
    expect(await totals()).toEqual(setWise);
  });

  it('is deterministic and refuses to generate twice into one database', async () => {
    const first = await sql<{ number: string; title: string }>`select number, title from matters order by id limit 3`.execute(rt.db);
    expect(first.rows.map((r) => r.number)).toEqual(['中原督〔2026〕1号', '中原督〔2026〕2号', '中原督〔2026〕3号']);
    await expect(generateBenchData({ ...rt, db: rt.owner }, { size: benchSize('tiny') })).rejects.toThrow(/exist already/);
  });
});
