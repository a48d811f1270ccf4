import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessPeriod, type SubjectKey } from './assessment-assess';
import { appealAdmission, appealClock, appealExtension, appealOpen, correctionLines, itemLines, missedReports, satisfactionLine, type DocumentedItem } from './assessment-items';
import { DEFAULT_RULE_BOOK, ruleBookSchema } from './assessment-rules';
import { scoreMatter } from './assessment-score';
import { officialCalendar } from './calendar-data';

const cal = officialCalendar();
const book = { version: 1, rules: DEFAULT_RULE_BOOK };
const q4 = { from: '2026-10-01', to: '2026-12-31' };
const item = (id: number, kind: DocumentedItem['kind'], over: Partial<DocumentedItem> = {}): DocumentedItem => ({ id, kind, subject: 'unit:1', matterId: null, matterNumber: null, on: '2026-11-02', docNumber: `二七督通〔2026〕${id}号`, ...over });

describe('加分/扣分 items', () => {
  it('a 通报批评 is a line naming rule, document, arithmetic and clause', () => {
    const [l] = itemLines([item(7, 'criticise')], book, q4);
    expect(l).toMatchObject({ key: 'item:7', rule: 'criticise', points: -2, subject: 'unit:1', matterId: null });
    expect(l?.text).toBe('通报批评（二七督通〔2026〕7号，2026-11-02）× −2 = −2，依据《督查考核办法（默认）》第 13 条（第 1 版）');
  });

  it('older rule books read with the item defaults', () => {
    const { items: _items, ...old } = DEFAULT_RULE_BOOK;
    expect(ruleBookSchema.parse(old).items).toEqual(DEFAULT_RULE_BOOK.items);
  });

  it('caps per matter and per period: the line at the cap counts the rest, later ones 0, and say so', () => {
    const same = [1, 2, 3].map((id) => item(id, 'praise', { matterId: 5, matterNumber: 'M5', on: `2026-11-0${id}` }));
    expect(itemLines(same, book, q4).map((l) => l.points)).toEqual([2, 2, 1]);
    expect(itemLines(same, book, q4)[2]?.text).toContain('已达加扣分上限，计 1');
    const many = Array.from({ length: 7 }, (_v, i) => item(i + 1, 'praise'));
    expect(itemLines(many, book, q4).reduce((s, l) => s + l.points, 0)).toBe(10);
    expect(itemLines([item(1, 'praise', { on: '2026-09-30' })], book, q4)).toEqual([]);
  });

  const arbItems = fc
    .array(fc.record({ kind: fc.constantFrom('praise' as const, 'commend' as const, 'criticise' as const), unit: fc.constantFrom(1, 2), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 4 })
    .map((xs) => xs.map((x, i) => item(i + 1, x.kind, { subject: `unit:${x.unit}`, on: `2026-11-${String(x.day).padStart(2, '0')}` })));

  it('recompute equals stored: the same items in any order give the same lines (property)', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        expect(itemLines([...items].reverse(), book, q4)).toEqual(itemLines(items, book, q4));
      }),
    );
  });

  it('removing an item changes exactly its line (property, caps not reached)', () => {
    fc.assert(
      fc.property(arbItems, fc.nat(), (items, pick) => {
        if (!items.length) return;
        const gone = items[pick % items.length]!;
        const before = itemLines(items, book, q4);
        const after = itemLines(items.filter((i) => i !== gone), book, q4);
        expect(after).toEqual(before.filter((l) => l.key !== `item:${gone.id}`));
      }),
    );
  });

  it('items count in the period total through assessPeriod, and 容错 applies to them like any line', () => {
    const extra = itemLines([item(1, 'criticise'), item(2, 'commend', { subject: 'unit:2' })], book, q4);
    const groupOf = (_s: SubjectKey) => 'district';
    const { totals, lines } = assessPeriod([], book, cal, q4, new Set(['item:1']), groupOf, extra);
    expect(lines.find((l) => l.key === 'item:1')).toMatchObject({ exempt: true });
    expect(totals.map((t) => [t.subject, t.total, t.matters])).toEqual([['unit:2', 1, 0], ['unit:1', 0, 0]].sort((a, b) => (a[1]! > b[1]! ? -1 : 1)));
  });
});

describe('missed reports and disputed inspections', () => {
  it('derives the missed due days from the cadence and the reports made', () => {
    // Weekly (5 working days) from Monday 2026-11-02: due 11-09; reported 11-06, so next due 11-13; nothing until 11-25.
    expect(missedReports(cal, '2026-11-02', ['2026-11-06'], 5, '2026-11-25')).toEqual(['2026-11-13', '2026-11-20']);
    // A report after a missed day restarts the schedule from the report.
    expect(missedReports(cal, '2026-11-02', ['2026-11-12'], 5, '2026-11-25')).toEqual(['2026-11-09', '2026-11-19']);
    expect(missedReports(cal, '2026-11-02', [], 0, '2026-12-31')).toEqual([]);
  });

  it('each is a line, capped per matter in the period', () => {
    const m = { matterId: 9, number: 'M9', source: 'key_work' as const, difficulty: 1, workload: 1, deadline: '2026-12-31', status: 'in_progress' as const, closedAt: null };
    const events = ['2026-10-09', '2026-10-16', '2026-10-23', '2026-10-30'].map((on) => ({ seq: 0, kind: 'missed_report' as const, on }));
    const lines = scoreMatter({ ...m, events: [...events, { seq: 41, kind: 'disputed_inspection', on: '2026-11-03' }] }, book, cal, q4);
    expect(lines.filter((l) => l.rule === 'missed_report').map((l) => l.points)).toEqual([-1, -1, -1]);
    expect(lines.find((l) => l.rule === 'missed_report')?.text).toBe('M9 应于 2026-10-09 前汇报进展未汇报 1 次 × −1 = −1，依据《督查考核办法（默认）》第 14 条（第 1 版）');
    expect(lines.find((l) => l.rule === 'disputed_inspection')).toMatchObject({ key: '9:disputed_inspection:41', points: -2, eventSeq: 41 });
  });
});

describe('满意率 into points', () => {
  it('(rate − baseline) × factor within the bounds, with the votes as evidence', () => {
    expect(satisfactionLine(3, 92.5, 40, book, q4)).toMatchObject({ subject: 'unit:3', rule: 'satisfaction', points: 1.5, key: 'satisfaction:2026-10-01' });
    expect(satisfactionLine(3, 92.5, 40, book, q4)?.text).toBe('满意率 92.5%（有效评价 40 票）较基准 85% 高 7.5 × 0.2 = 1.5，依据《督查考核办法（默认）》第 16 条（第 1 版）');
    expect(satisfactionLine(3, 50, 12, book, q4)?.points).toBe(-3);
    expect(satisfactionLine(3, null, 0, book, q4)).toBeNull();
  });
});

describe('复核 / 申诉 clocks (calendar days)', () => {
  it('复核 within 30 days of publication, decided within 30; 申诉 within 15 of the decision, decided within 60', () => {
    expect(appealOpen('review', '2026-12-01', '2026-12-31')).toBe(true);
    expect(appealOpen('review', '2026-12-01', '2027-01-01')).toBe(false);
    expect(appealClock('review', '2026-12-01', '2026-12-10', null, '2026-12-20')).toEqual({ applyBy: '2026-12-31', decideBy: '2027-01-09', daysLeft: 20, overdue: false, decidedLate: false });
    expect(appealClock('review', '2026-12-01', '2026-12-10', null, '2027-01-10')).toMatchObject({ daysLeft: -1, overdue: true });
    expect(appealClock('review', '2026-12-01', '2026-12-10', '2027-01-12', '2027-01-20')).toMatchObject({ daysLeft: null, overdue: false, decidedLate: true });
    expect(appealOpen('appeal', '2027-01-05', '2027-01-20')).toBe(true);
    expect(appealOpen('appeal', '2027-01-05', '2027-01-21')).toBe(false);
    expect(appealClock('appeal', '2027-01-05', '2027-01-06', null, '2027-01-06')).toMatchObject({ applyBy: '2027-01-20', decideBy: '2027-03-07', daysLeft: 60 });
  });

  it('a decision that changes the score is a correction line of its own', () => {
    expect(correctionLines([{ id: 4, kind: 'review', subject: 'unit:1', decidedOn: '2027-01-05', delta: 1.5, note: '通报批评系误登' }, { id: 5, kind: 'appeal', subject: 'unit:1', decidedOn: '2027-01-05', delta: 0, note: '维持' }])).toEqual([
      expect.objectContaining({ key: 'appeal:4', rule: 'correction', points: 1.5, text: '复核更正 1.5（通报批评系误登），依据复核决定（2027-01-05）' }),
    ]);
  });
});

describe('复核 / 申诉: order and clocks (公务员法 art. 95)', () => {
  const pub = '2026-12-05';
  it('复核 within 30 days; 申诉 after its decision within 15, or directly within 30; one of each', () => {
    expect(appealAdmission('review', pub, '2027-01-04', [])).toEqual({ ok: true, parentId: null });
    expect(appealAdmission('review', pub, '2027-01-05', [])).toMatchObject({ ok: false, code: 'appeal_window_closed', message: '已超过复核申请期限：应在考核结果发布（2026-12-05）后 30 日内（至 2027-01-04）提出' });
    expect(appealAdmission('appeal', pub, '2027-01-04', [])).toEqual({ ok: true, parentId: null });
    expect(appealAdmission('appeal', pub, '2027-01-05', [])).toMatchObject({ code: 'appeal_window_closed' });
    const pending = { id: 7, kind: 'review' as const, status: 'pending' as const, decidedOn: null };
    expect(appealAdmission('appeal', pub, '2026-12-10', [pending])).toMatchObject({ code: 'appeal_needs_review' });
    expect(appealAdmission('review', pub, '2026-12-10', [pending])).toMatchObject({ code: 'appeal_duplicate' });
    const decided = { ...pending, status: 'upheld' as const, decidedOn: '2027-01-20' };
    // After a 复核 decision the 15 days run from it, even past the 30 days from publication.
    expect(appealAdmission('appeal', pub, '2027-02-04', [decided])).toEqual({ ok: true, parentId: 7 });
    expect(appealAdmission('appeal', pub, '2027-02-05', [decided])).toMatchObject({ code: 'appeal_window_closed', message: '已超过申诉期限：应在复核决定（2027-01-20）后 15 日内（至 2027-02-04）提出' });
    expect(appealAdmission('review', pub, '2026-12-10', [{ id: 8, kind: 'appeal', status: 'pending', decidedOn: null }])).toMatchObject({ code: 'appeal_duplicate', message: '已不经复核直接提出申诉，不能再申请复核' });
    expect(appealAdmission('appeal', pub, '2027-01-25', [decided, { id: 9, kind: 'appeal', status: 'upheld', decidedOn: '2027-01-24' }])).toMatchObject({ code: 'appeal_duplicate' });
  });

  it('a 申诉 is decided in 60 days, extendable once by up to 30 before they pass; a 复核 never', () => {
    expect(appealClock('appeal', pub, '2026-12-20', null, '2026-12-20', { direct: true })).toMatchObject({ applyBy: '2027-01-04', decideBy: '2027-02-18' });
    expect(appealClock('appeal', pub, '2026-12-20', null, '2026-12-20', { direct: true, extendedDays: 30 })).toMatchObject({ decideBy: '2027-03-20', daysLeft: 90 });
    const a = { kind: 'appeal' as const, status: 'pending', extendedDays: 0, decideBy: '2027-02-18' };
    expect(appealExtension(a, 30, '2027-02-18')).toBeNull();
    expect(appealExtension(a, 31, '2027-02-01')).toMatchObject({ code: 'appeal_extension_refused', message: '延长天数应为 1–30 日' });
    expect(appealExtension(a, 10, '2027-02-19')?.message).toBe('该申诉已超过决定期限（2027-02-18），不能再延长，请尽快决定');
    expect(appealExtension({ ...a, extendedDays: 10 }, 10, '2027-02-01')?.message).toBe('该申诉的决定期限已延长过一次，不能再延长');
    expect(appealExtension({ ...a, kind: 'review' }, 10, '2027-02-01')?.message).toBe('复核须在 30 日内决定，不能延长');
    expect(appealExtension({ ...a, status: 'upheld' }, 10, '2027-02-01')?.message).toBe('该申诉已有决定，不能延长');
  });
});
