import { closedOnTime, isClosedMatter, isOpenMatter, isOverdue, isUnfinishedMatter, MATTER_STATUSES, shanghaiInstant, type MatterStatus } from '@duban/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { closedMatter, closedOnTimeSql, openMatter, overdueMatter, unfinishedMatter } from './matter-status.sql';

// The one definition of open / closed / on time / overdue, run both ways on every case: the TS predicates of
// packages/shared and the SQL fragments against real rows, plus the cockpit trigger's cockpit_facts (done, on_time).

const TODAY = '2026-11-20';
const DEADLINE = '2026-11-20';
// Closing instants around the deadline's Asia/Shanghai midnight: 23:59 on the day (on time), 00:00 the next day (late),
// and 07:59 UTC of the next day (still 15:59 that next day in Shanghai: late, though the UTC date is the deadline's).
const CLOSINGS: (Date | null)[] = [null, shanghaiInstant(DEADLINE, 23 * 60 + 59), shanghaiInstant('2026-11-21', 0), new Date('2026-11-21T07:59:00Z'), shanghaiInstant('2026-11-02', 600)];
const DEADLINES = ['2026-11-19', DEADLINE, '2026-11-21'];

type Case = { status: MatterStatus; closedAt: Date | null; deadline: string };
const cases: Case[] = MATTER_STATUSES.flatMap((status) => DEADLINES.flatMap((deadline) => CLOSINGS.map((closedAt) => ({ status, closedAt, deadline }))));

let rt: TestRuntime;
let ids: number[] = [];

beforeAll(async () => {
  rt = await createTestRuntime();
  const s = await seedTenant(rt);
  const rows = cases.map((c, i) => ({
    tenant_id: s.tenantId,
    year: 2026,
    seq: i + 1,
    number: `测督〔2026〕${i + 1}号`,
    title: `状态 ${i}`,
    source: 'key_work' as const,
    priority: 'normal' as const,
    report_cadence: 'none' as const,
    lead_unit_id: s.units.street,
    start_date: '2026-11-01',
    deadline: c.deadline,
    original_deadline: c.deadline,
    status: c.status,
    closed_at: c.closedAt,
    created_at: shanghaiInstant('2026-11-01', 600),
  }));
  ids = (await rt.owner.insertInto('matters').values(rows).returning('id').execute()).map((r) => r.id);
});
afterAll(async () => {
  await rt?.close();
});

describe('one definition of open / closed / on time / overdue', () => {
  it('the SQL fragments and the cockpit trigger agree with the TS predicates on every case', async () => {
    const rows = await rt.db
      .selectFrom('matters as m')
      .where('m.id', 'in', ids)
      .select([
        'm.id',
        openMatter().as('open'),
        unfinishedMatter().as('unfinished'),
        closedMatter().as('closed'),
        overdueMatter(TODAY).as('overdue'),
        closedOnTimeSql().as('on_time'),
        sql<boolean>`(cockpit_facts(m)).done`.as('trg_done'),
        sql<boolean>`(cockpit_facts(m)).on_time`.as('trg_on_time'),
      ])
      .orderBy('m.id')
      .execute();
    expect(rows).toHaveLength(cases.length);
    const got = rows.map((r) => ({ open: r.open, unfinished: r.unfinished, closed: r.closed, overdue: r.overdue, onTime: r.on_time, trgDone: r.trg_done, trgOnTime: r.trg_on_time }));
    const want = cases.map((c) => ({
      open: isOpenMatter(c.status),
      unfinished: isUnfinishedMatter(c.status),
      closed: isClosedMatter(c.status),
      overdue: isOverdue(c, TODAY),
      onTime: closedOnTime(c),
      trgDone: isClosedMatter(c.status),
      trgOnTime: closedOnTime(c),
    }));
    expect(got).toEqual(want);
    // The table is not vacuous: each answer occurs both ways.
    for (const k of ['open', 'unfinished', 'closed', 'overdue', 'onTime'] as const) expect(new Set(want.map((w) => w[k]))).toEqual(new Set([true, false]));
  });

  it('a closing time is judged by its Asia/Shanghai date, and only in a closed status', () => {
    expect(closedOnTime({ status: 'closed', closedAt: shanghaiInstant(DEADLINE, 1439), deadline: DEADLINE })).toBe(true);
    expect(closedOnTime({ status: 'closed', closedAt: new Date('2026-11-20T16:00:00Z'), deadline: DEADLINE })).toBe(false);
    expect(closedOnTime({ status: 'archived', closedAt: shanghaiInstant(DEADLINE, 0), deadline: DEADLINE })).toBe(true);
    expect(closedOnTime({ status: 'in_progress', closedAt: shanghaiInstant(DEADLINE, 0), deadline: DEADLINE })).toBe(false);
    expect(isOverdue({ status: 'registered', deadline: '2026-01-01' }, TODAY)).toBe(false);
    expect(isOverdue({ status: 'completion_requested', deadline: '2026-11-19' }, TODAY)).toBe(true);
    expect(isOverdue({ status: 'in_progress', deadline: TODAY }, TODAY)).toBe(false);
  });
});
