import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { runSweep } from './sweep.service';

let rt: TestRuntime;
const N = 10_000;

// A measurement, not a check: run with SWEEP_PERF=1 (the bench suite measures the sweep properly).
describe.skipIf(!process.env.SWEEP_PERF)('sweep speed (10,000 open matters)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    const t = await seedTenant(rt);
    await sql`
      insert into matters (tenant_id, year, seq, number, title, source, lead_unit_id, start_date, deadline, original_deadline,
        report_cadence, priority, status, progress, assigned_at, last_report_at, last_progress_at, lead_leader_id)
      select ${t.tenantId}, 2026, g, 'P' || g, '事项' || g, 'key_work', ${t.units.street}, date '2026-09-01' + (g % 60),
        date '2026-11-01' + (g % 90), date '2026-11-01' + (g % 90), case when g % 3 = 0 then 'weekly' else 'none' end, 'normal', 'in_progress',
        (g * 7) % 100, timestamptz '2026-09-01 10:00+08', timestamptz '2026-11-01 10:00+08' + make_interval(days => g % 19),
        timestamptz '2026-11-01 10:00+08' + make_interval(days => g % 19), ${t.people.leader}
      from generate_series(1, ${N}) g`.execute(rt.db);
    await sql`insert into matter_units (tenant_id, matter_id, unit_id, role, status) select tenant_id, id, lead_unit_id, 'lead', 'signed' from matters`.execute(rt.db);
    await sql`insert into matter_handlers (tenant_id, matter_id, unit_id, person_id) select tenant_id, id, lead_unit_id, ${t.people.handler} from matters`.execute(rt.db);
  }, 120_000);
  afterAll(() => rt.close());

  it('full and steady-state sweeps', async () => {
    const full = await runSweep(rt, { at: new Date('2026-11-20T02:00:00Z') });
    const steady = await runSweep(rt, { at: new Date('2026-11-20T02:01:00Z') });
    const nextDay = await runSweep(rt, { at: new Date('2026-11-23T02:00:00Z') });
    const colours = await sql<{ colour: string; n: number }>`select colour, count(*)::int as n from matters group by 1 order by 1`.execute(rt.db);
    process.stdout.write(`${JSON.stringify({ full: { ms: full.ms, changed: full.changed, reminders: full.reminders }, steady: { ms: steady.ms, candidates: steady.candidates }, nextDay: { ms: nextDay.ms, candidates: nextDay.candidates, changed: nextDay.changed, reminders: nextDay.reminders }, colours: colours.rows })}\n`);
    expect(full.checked).toBe(N);
    expect(steady.candidates).toBe(0);
  }, 120_000);
});
