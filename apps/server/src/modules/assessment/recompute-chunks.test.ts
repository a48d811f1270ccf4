import { parsePeriod, shanghaiDate } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMatter } from '../../../test/files-fixtures';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { tenantCalendar } from '../calendar/calendar.service';
import { seedOutcomes } from './assessment.fixtures';
import { derivePeriod, recomputePeriod } from './recompute.service';
import { bookInForce } from './rulebook.service';
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
});
