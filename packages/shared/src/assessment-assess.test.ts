import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessPeriod, LINES_FORMAT, periodAccumulator, type CarriedLine, type PeriodMatter, type SubjectKey } from './assessment-assess';
import { DEFAULT_RULE_BOOK } from './assessment-rules';
import { officialCalendar } from './calendar-data';
import { shanghaiInstant } from './time';

const cal = officialCalendar();
const book = { version: 1, rules: DEFAULT_RULE_BOOK };
const q4 = { from: '2026-10-01', to: '2026-12-31' };
const groupOf = (s: SubjectKey) => (s.startsWith('unit:') ? 'district' : 'district:section_principal');
const late = (id: number, closedOn: string | null, returnsFor: (number | null)[] = []): PeriodMatter => ({
  outcome: { matterId: id, number: `M${id}`, source: 'key_work', difficulty: 1, workload: 1, deadline: '2026-11-20', ...(closedOn ? { status: 'closed', closedAt: shanghaiInstant(closedOn, 600) } : { status: 'in_progress', closedAt: null }) },
  shared: [{ seq: 100 + id, kind: 'turned_red', on: '2026-11-23', own: true }],
  returns: returnsFor.map((unitId, i) => ({ unitId, event: { seq: 1000 * id + i, kind: 'returned' as const, on: '2026-11-24' } })),
  people: { units: [{ unitId: 1, role: 'lead', headIds: [10], handlerIds: [11, 10] }, { unitId: 2, role: 'co', headIds: [20], handlerIds: [] }], leaderId: 99 },
});

describe('a period', () => {
  it('charges the co-unit half, its own returns only, and pays a head who is also handler once', () => {
    const { lines, totals } = assessPeriod([late(1, '2026-11-25', [2])], book, cal, q4, new Set(), groupOf);
    const of = (s: SubjectKey) => lines.filter((l) => l.subject === s).map((l) => [l.rule, l.points]);
    expect(of('unit:1')).toEqual([['overdue', -1.5], ['red_warning', -1]]);
    expect(of('unit:2')).toEqual([['overdue', -0.75], ['red_warning', -0.5], ['returned', -1]]);
    expect(of('person:10')).toEqual(of('unit:1'));
    expect(of('person:99')).toEqual([['overdue', -0.75], ['red_warning', -0.5], ['returned', -1]]);
    expect(totals.find((t) => t.subject === 'unit:1')).toMatchObject({ total: -2.5, rank: 2, matters: 1 });
    expect(totals.find((t) => t.subject === 'unit:2')).toMatchObject({ total: -2.25, rank: 1 });
  });

  it('flags a unit for 问责 with three late matters, and an approved 容错 on one lifts it', () => {
    const ms = [late(1, null), late(2, null), late(3, '2026-12-01')];
    const flagged = assessPeriod(ms, book, cal, q4, new Set(), groupOf).totals.find((t) => t.subject === 'unit:1');
    expect(flagged).toMatchObject({ flagged: true, flaggedMatterIds: [1, 2, 3] });
    const key = assessPeriod(ms, book, cal, q4, new Set(), groupOf).lines.find((l) => l.matterId === 3 && l.rule === 'overdue')!.key;
    expect(assessPeriod(ms, book, cal, q4, new Set([key]), groupOf).totals.find((t) => t.subject === 'unit:1')).toMatchObject({ flagged: false });
  });

  it('an exemption changes exactly the lines with its keys (property)', () => {
    const ms = [late(1, null, [1]), late(2, '2026-11-30', [null]), late(3, '2026-11-10')];
    const base = assessPeriod(ms, book, cal, q4, new Set(), groupOf).lines;
    fc.assert(
      fc.property(fc.subarray([...new Set(base.map((l) => l.key))]), (keys) => {
        const after = assessPeriod(ms, book, cal, q4, new Set(keys), groupOf).lines;
        expect(after.map(({ exempt: _e, ...l }) => l)).toEqual(base.map(({ exempt: _e, ...l }) => l));
        expect(after.filter((l) => l.exempt).map((l) => l.key).sort()).toEqual(base.filter((l) => keys.includes(l.key)).map((l) => l.key).sort());
      }),
    );
  });

  it('scoring counts a matter towards the totals whether or not its lines are ever built (property)', () => {
    const ms = [late(1, null, [1]), late(2, '2026-11-30', [null]), late(3, '2026-11-10'), late(4, null)];
    const keys = [...new Set(assessPeriod(ms, book, cal, q4, new Set(), groupOf).lines.map((l) => l.key))];
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: ms.length, maxLength: ms.length }), fc.subarray(keys), (build, exempt) => {
        const whole = assessPeriod(ms, book, cal, q4, new Set(exempt), groupOf);
        const acc = periodAccumulator(book, cal, q4, new Set(exempt), groupOf);
        const built: CarriedLine[] = [];
        ms.forEach((m, i) => {
          const s = acc.score(m);
          const lines = acc.lines(s);
          expect(lines).toHaveLength(s.lineCount);
          if (build[i]) built.push(...lines);
        });
        expect(acc.finish().totals).toEqual(whole.totals);
        expect(built).toEqual(whole.lines.filter((l) => build[ms.findIndex((m) => m.outcome.matterId === l.matterId)]));
      }),
    );
  });

  it('builds a carrier\'s line as LINES_FORMAT 1 says (if this fails, the lines are built differently: bump LINES_FORMAT)', () => {
    const acc = periodAccumulator(book, cal, q4, new Set(['1:red_warning:101']), groupOf);
    const line = acc.lines(acc.score(late(1, '2026-11-25'))).find((l) => l.subject === 'unit:2' && l.rule === 'red_warning');
    expect(LINES_FORMAT).toBe(1);
    expect(line).toEqual({
      key: '1:red_warning:101',
      matterId: 1,
      rule: 'red_warning',
      on: '2026-11-23',
      quantity: 1,
      unitPoints: -1,
      points: -0.5,
      clause: line?.clause,
      eventSeq: 101,
      text: `M1 红色预警 1 次 × −1 = −1，依据《${DEFAULT_RULE_BOOK.name}》${line?.clause}（第 1 版）；按 50% 计 −0.5`,
      exempt: true,
      subject: 'unit:2',
      share: 0.5,
      role: 'co',
    });
  });
});
