import { DEFAULT_RULE_BOOK, missedReports, parsePeriod, REPORT_CADENCE_WORKDAYS, shanghaiDate } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMatter } from '../../../test/files-fixtures';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { tenantCalendar } from '../calendar/calendar.service';
import { seedOutcomes } from './assessment.fixtures';
import { derivePeriod, recomputePeriod } from './recompute.service';
import { bookInForce, saveRuleBook } from './rulebook.service';
import { subjectOf } from './store.repository';

// The recompute reads, scores and stores a period chunk by chunk and rewrites only the matters whose lines changed;
// whatever the chunk size and whatever was stored before, the stored figures are the one-shot derivation's.

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let matters: number[];

const periodId = async () => (await rt.db.selectFrom('assessment_periods').select('id').where('tenant_id', '=', t.tenantId).where('code', '=', '2026Q4').executeTakeFirstOrThrow()).id;
const stored = async () => {
  const id = await periodId();
  const lines = await rt.db.selectFrom('assessment_lines').select(['id', 'subject_type', 'subject_id', 'carrier_role', 'line_key', 'points', 'share', 'exempt', 'text']).where('period_id', '=', id).orderBy('subject_type').orderBy('subject_id').orderBy('line_key').execute();
  const totals = await rt.db.selectFrom('assessment_totals').select(['subject_type', 'subject_id', 'peer_group', 'raw', 'total', 'matters', 'rank', 'group_size', 'flagged', 'flagged_matter_ids']).where('period_id', '=', id).orderBy('subject_type').orderBy('subject_id').execute();
  return { lines, totals };
};
const withoutIds = (s: Awaited<ReturnType<typeof stored>>) => ({ lines: s.lines.map(({ id: _id, ...l }) => l), totals: s.totals });
const derived = async () => {
  const p = parsePeriod('2026Q4')!;
  const book = await bookInForce(rt.db, t.tenantId, p.to, rt.clock.now());
  const d = await derivePeriod(rt.db, await tenantCalendar(rt.db, t.tenantId), t.tenantId, p, book, shanghaiDate(rt.clock.now()));
  const key = (x: { subject_type: string; subject_id: number; line_key?: string }) => `${x.subject_type}:${String(x.subject_id).padStart(9, '0')}:${x.line_key ?? ''}`;
  const lines = d.lines
    .map((l) => ({ ...subjectOf(l.subject), carrier_role: l.role, line_key: l.key, points: l.points, share: l.share, exempt: l.exempt, text: l.text }))
    .sort((a, b) => key(a).localeCompare(key(b)));
  const totals = d.totals
    .map((x) => ({ ...subjectOf(x.subject), peer_group: x.group, raw: x.raw, total: x.total, matters: x.matters, rank: x.rank, group_size: x.groupSize, flagged: x.flagged, flagged_matter_ids: x.flaggedMatterIds }))
    .sort((a, b) => key(a).localeCompare(key(b)));
  return { lines, totals };
};
const recompute = (chunk: number) => recomputePeriod(rt, systemActor(t.tenantId), '2026Q4', undefined, { chunk });

describe('chunked recompute', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-05T02:00:00Z' });
    t = await seedTenant(rt, 't1');
    const { late, onTime } = await seedOutcomes(rt, t);
    const more = [];
    // Open matters past their deadline (late today), one shared with a co-unit: each scores for several carriers.
    for (const deadline of ['2026-11-10', '2026-11-16', '2026-11-27', '2026-12-20']) more.push(await insertMatter(rt, t, { deadline, coUnitIds: [t.units.housing] }));
    await rt.db.updateTable('matters').set({ report_cadence: 'none' }).where('id', 'in', more).execute();
    matters = [late, onTime, ...more].sort((a, b) => a - b);
  });
  afterAll(() => rt.close());

  it('stores the one-shot derivation whatever the chunk size, and a recompute with nothing changed writes nothing', async () => {
    await recompute(1);
    const first = await stored();
    expect(first.lines.length).toBeGreaterThan(10);
    expect(withoutIds(first)).toEqual(await derived());
    for (const chunk of [2, 3, 1000]) {
      await recompute(chunk);
      // Same rows, same ids: no matter's digest moved, so nothing was deleted or inserted.
      expect(await stored()).toEqual(first);
    }
  });

  it('rewrites only the matter that changed; a matter that stops scoring loses its lines, also past the last chunk', async () => {
    const before = await stored();
    const changed = matters[2]!;
    await rt.db.updateTable('matters').set({ deadline: '2026-11-30' }).where('id', '=', changed).execute();
    await recompute(2);
    const after = await stored();
    expect(withoutIds(after)).toEqual(await derived());
    const ids = (s: typeof before, keep: (key: string) => boolean) => s.lines.filter((l) => keep(l.line_key)).map((l) => l.id);
    const other = (key: string) => !key.startsWith(`${changed}:`);
    expect(ids(after, other)).toEqual(ids(before, other));
    expect(after.lines.some((l) => l.line_key.startsWith(`${changed}:`))).toBe(true);
    // Cancelled matters no longer score: one inside the chunks' ranges, the last one after them.
    const last = matters[matters.length - 1]!;
    await rt.db.updateTable('matters').set({ status: 'cancelled' }).where('id', 'in', [matters[1]!, last]).execute();
    await recompute(2);
    const gone = await stored();
    expect(gone.lines.some((l) => l.line_key.startsWith(`${last}:`) || l.line_key.startsWith(`${matters[1]}:`))).toBe(false);
    expect(withoutIds(gone)).toEqual(await derived());
    const digests = await rt.db.selectFrom('assessment_matter_digests').select('matter_id').where('period_id', '=', await periodId()).execute();
    expect(digests.map((d) => d.matter_id)).not.toContain(last);
  });

  it('a period stored before digests existed is rewritten once, without duplicate lines', async () => {
    await rt.db.deleteFrom('assessment_matter_digests').where('period_id', '=', await periodId()).execute();
    await recompute(3);
    expect(withoutIds(await stored())).toEqual(await derived());
  });

  // The scored digest (migration 13500): a matter whose lines' sources are unchanged is not rebuilt; these check that
  // whatever moves them — an event, a 容错 decision, the rule book, the split alone — rewrites them as derived.
  const linesOf = (s: Awaited<ReturnType<typeof stored>>, matter: number) => s.lines.filter((l) => l.line_key.startsWith(`${matter}:`));
  const idsBut = (s: Awaited<ReturnType<typeof stored>>, matter: number) => s.lines.filter((l) => !l.line_key.startsWith(`${matter}:`)).map((l) => l.id);

  it('lines stored before their scored digest are kept (nothing rewritten) and the digests are filled in', async () => {
    await recompute(1000);
    const before = await stored();
    await rt.db.updateTable('assessment_matter_digests').set({ scored: null }).where('period_id', '=', await periodId()).execute();
    await recompute(2);
    expect(await stored()).toEqual(before);
    const digests = await rt.db.selectFrom('assessment_matter_digests').select('scored').where('period_id', '=', await periodId()).execute();
    expect(digests.length).toBeGreaterThan(0);
    expect(digests.every((d) => d.scored !== null)).toBe(true);
  });

  it('a new red warning on one matter rewrites that matter only', async () => {
    const before = await stored();
    const matter = matters[3]!;
    await rt.db
      .insertInto('colour_history')
      .values({ tenant_id: t.tenantId, matter_id: matter, from_colour: 'yellow', to_colour: 'red', reasons: JSON.stringify([{ code: 'overdue', colour: 'red', text: '已逾期' }]), at: new Date('2026-11-28T02:00:00Z') })
      .execute();
    await recompute(2);
    const after = await stored();
    expect(withoutIds(after)).toEqual(await derived());
    expect(linesOf(after, matter).some((l) => l.line_key.includes(':red_warning:'))).toBe(true);
    expect(idsBut(after, matter)).toEqual(idsBut(before, matter));
  });

  it('an approved 容错 changes exactly the exempted line, and no other matter is rewritten', async () => {
    const before = await stored();
    const line = before.lines.find((l) => l.line_key.includes(':overdue:') && l.subject_type === 'unit')!;
    const matter = Number(line.line_key.split(':')[0]);
    await rt.db
      .insertInto('assessment_tolerance')
      .values({ tenant_id: t.tenantId, period_id: await periodId(), subject_type: 'unit', subject_id: line.subject_id, line_keys: [line.line_key], situation: '客观原因', reason: '测试', evidence: '函件', status: 'approved', applied_by: null, applied_at: rt.clock.now(), verified_by: null, verified_at: null, verify_note: null, decided_by: null })
      .execute();
    await recompute(3);
    const after = await stored();
    expect(withoutIds(after)).toEqual(await derived());
    expect(idsBut(after, matter)).toEqual(idsBut(before, matter));
    const strip = (s: typeof before) => linesOf(s, matter).map(({ id: _id, exempt: _e, ...l }) => l);
    expect(strip(after)).toEqual(strip(before));
    const flips = linesOf(after, matter).filter((l, i) => l.exempt !== linesOf(before, matter)[i]!.exempt);
    expect(flips.length).toBeGreaterThan(0);
    expect(flips.every((l) => l.line_key === line.line_key && l.exempt)).toBe(true);
    await rt.db.deleteFrom('assessment_tolerance').where('tenant_id', '=', t.tenantId).execute();
    await recompute(3);
    expect(withoutIds(await stored())).toEqual(await derived());
  });

  it('a rule book edit rewrites what it moves: the points, and a change of the split alone (same lines before sharing)', async () => {
    const actor = systemActor(t.tenantId);
    const book = await bookInForce(rt.db, t.tenantId, '2026-12-31', rt.clock.now());
    const split = await saveRuleBook(rt, actor, { rules: { ...book.rules, split: { ...book.rules.split, handler: book.rules.split.handler / 2 } }, effectiveFrom: book.effectiveFrom, version: book.version });
    await recompute(2);
    const halved = await stored();
    expect(withoutIds(halved)).toEqual(await derived());
    const handlerLine = halved.lines.find((l) => l.carrier_role === 'handler' && l.points !== 0);
    expect(handlerLine?.share).toBe(book.rules.split.lead * (book.rules.split.handler / 2));
    await saveRuleBook(rt, actor, { rules: { ...DEFAULT_RULE_BOOK, overdueDay: { ...DEFAULT_RULE_BOOK.overdueDay, points: -1 } }, effectiveFrom: split.effectiveFrom, version: split.version });
    await recompute(1000);
    const after = await stored();
    expect(withoutIds(after)).toEqual(await derived());
    expect(after.lines.some((l) => l.line_key.includes(':overdue:') && l.text.includes('× −1 ='))).toBe(true);
  });

  it('missed reports read from the last report before the period and those in it are those of the whole history', async () => {
    const cal = await tenantCalendar(rt.db, t.tenantId);
    const check = async (assigned: string, reports: string[]) => {
      const matter = await insertMatter(rt, t, { deadline: '2027-03-31' });
      await rt.db.updateTable('matters').set({ report_cadence: 'weekly', start_date: '2026-01-05', assigned_at: new Date(`${assigned}T02:00:00Z`) }).where('id', '=', matter).execute();
      for (const on of reports) {
        await rt.db.insertInto('progress_reports').values({ tenant_id: t.tenantId, matter_id: matter, unit_id: t.units.street, reporter_account_id: null, reporter_name: '承办人', progress: 10, text: '汇报', investment_done: null, disputed_at: null, created_at: new Date(`${on}T02:00:00Z`) }).execute();
      }
      await recompute(2);
      const today = shanghaiDate(rt.clock.now());
      // The walk over every report since the assignment, as the schedule is defined.
      const expected = missedReports(cal, assigned, reports, REPORT_CADENCE_WORKDAYS.weekly, today).filter((d) => d >= '2026-10-01' && d <= '2026-12-31');
      // The lead unit's lines (the matter's missed reports are capped per matter, so the first few of the walk's).
      const got = (await stored()).lines.filter((l) => l.carrier_role === 'lead' && l.line_key.startsWith(`${matter}:missed_report:`)).map((l) => l.line_key.split(':')[2]);
      expect(got).toEqual(expected.slice(0, got.length));
      expect(got.length).toBeGreaterThan(0);
      expect(withoutIds(await stored())).toEqual(await derived());
    };
    // Reports long before, the last one before the period late in September, one in the period.
    await check('2026-03-02', ['2026-02-20', '2026-04-01', '2026-07-15', '2026-09-28', '2026-10-20']);
    // The only report before the period is on the assignment day (it restarts nothing), then one in the period.
    await check('2026-09-21', ['2026-09-21', '2026-11-02']);
  });
});
