import type { CarriedLine, SubjectKey } from './assessment-assess';
import type { Period, VersionedRuleBook } from './assessment-score';
import { addWorkdays, type WorkCalendar } from './calendar';
import { addDays, daysBetween, type IsoDate } from './time';

/**
 * 加分/扣分 items, 满意率 points and appeal corrections as score lines — pure, so a recompute from the
 * stored items, votes and decisions gives the same lines — and the statutory clocks of 复核 / 申诉.
 */

export const ITEM_KINDS = ['praise', 'commend', 'criticise'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = { praise: '批示表扬', commend: '通报表扬', criticise: '通报批评' };

/** A documented item the office recorded against a unit or a cadre (optionally naming a matter). */
export type DocumentedItem = {
  id: number;
  kind: ItemKind;
  subject: SubjectKey;
  matterId: number | null;
  /** The matter's number, quoted when the item names one. */
  matterNumber: string | null;
  /** The document's date: the item counts in the period it falls in. */
  on: IsoDate;
  docNumber: string;
};

/** A line not carried through a matter's split: it belongs to the named subject at a full share. */
export type ExtraLine = Omit<CarriedLine, 'exempt'>;

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => (x < 0 ? `−${Math.abs(x)}` : String(x));
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const cite = (book: VersionedRuleBook, clause: string) => `依据《${book.rules.name}》${clause}（第 ${book.version} 版）`;

/**
 * The lines of documented items in a period, in date and id order. Caps: items naming the same matter
 * stay within `capPerMatter` per subject, all of a subject's items within `capPerPeriod`; a line that
 * would cross a cap counts only up to it and says so (a line beyond it counts 0 and stays listed).
 */
export function itemLines(items: readonly DocumentedItem[], book: VersionedRuleBook, period: Period): ExtraLine[] {
  const r = book.rules.items;
  const byMatter = new Map<string, number>();
  const bySubject = new Map<SubjectKey, number>();
  const out: ExtraLine[] = [];
  const sorted = items.filter((i) => i.on >= period.from && i.on <= period.to).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id));
  for (const i of sorted) {
    const rule = r[i.kind];
    const mk = `${i.subject}:${i.matterId ?? ''}`;
    const subjSum = bySubject.get(i.subject) ?? 0;
    const matterSum = byMatter.get(mk) ?? 0;
    let pts = clip(subjSum + rule.points, r.capPerPeriod.min, r.capPerPeriod.max) - subjSum;
    if (i.matterId !== null) pts = clip(matterSum + pts, r.capPerMatter.min, r.capPerMatter.max) - matterSum;
    pts = round2(pts);
    bySubject.set(i.subject, round2(subjSum + pts));
    if (i.matterId !== null) byMatter.set(mk, round2(matterSum + pts));
    const what = `${i.matterNumber ? `${i.matterNumber} ` : ''}${ITEM_KIND_LABELS[i.kind]}（${i.docNumber}，${i.on}）× ${fmt(rule.points)} = ${fmt(rule.points)}`;
    const capNote = pts !== rule.points ? `（已达加扣分上限，计 ${fmt(pts)}）` : '';
    out.push({
      key: `item:${i.id}`,
      matterId: i.matterId,
      rule: i.kind,
      on: i.on,
      quantity: 1,
      unitPoints: rule.points,
      points: pts,
      clause: rule.clause,
      eventSeq: null,
      text: `${what}${capNote}，${cite(book, rule.clause)}`,
      subject: i.subject,
      share: 1,
      role: 'item',
    });
  }
  return out;
}

/**
 * 满意率 into points for a unit: (rate − baseline) × factor within the rule's bounds, one line per unit
 * and period with the votes counted as its evidence; none when nobody gave a counted vote.
 */
export function satisfactionLine(unitId: number, rate: number | null, votes: number, book: VersionedRuleBook, period: Period): ExtraLine | null {
  const s = book.rules.items.satisfaction;
  if (rate === null || votes === 0 || s.factor === 0) return null;
  const raw = round2((rate - s.baseline) * s.factor);
  const pts = round2(clip(raw, s.min, s.max));
  const capNote = pts !== raw ? `（封顶 ${fmt(pts)}）` : '';
  return {
    key: `satisfaction:${period.from}`,
    matterId: null,
    rule: 'satisfaction',
    on: period.to,
    quantity: round2(rate - s.baseline),
    unitPoints: s.factor,
    points: pts,
    clause: s.clause,
    eventSeq: null,
    text: `满意率 ${rate}%（有效评价 ${votes} 票）较基准 ${s.baseline}% ${rate >= s.baseline ? '高' : '低'} ${round2(Math.abs(rate - s.baseline))} × ${s.factor} = ${fmt(raw)}${capNote}，${cite(book, s.clause)}`,
    subject: `unit:${unitId}`,
    share: 1,
    role: 'satisfaction',
  };
}

export type AppealKind = 'review' | 'appeal';
export const APPEAL_KIND_LABELS: Record<AppealKind, string> = { review: '复核', appeal: '申诉' };

/** A decided 复核 / 申诉 that changed the score: the correction is a line of its own, history is never edited. */
export type AppealCorrection = { id: number; kind: AppealKind; subject: SubjectKey; decidedOn: IsoDate; delta: number; note: string };

export function correctionLines(corrections: readonly AppealCorrection[]): ExtraLine[] {
  return corrections
    .filter((c) => c.delta !== 0)
    .map((c) => ({
      key: `appeal:${c.id}`,
      matterId: null,
      rule: 'correction' as const,
      on: c.decidedOn,
      quantity: 1,
      unitPoints: c.delta,
      points: round2(c.delta),
      clause: `${APPEAL_KIND_LABELS[c.kind]}决定`,
      eventSeq: null,
      text: `${APPEAL_KIND_LABELS[c.kind]}更正 ${fmt(round2(c.delta))}（${c.note}），依据${APPEAL_KIND_LABELS[c.kind]}决定（${c.decidedOn}）`,
      subject: c.subject,
      share: 1,
      role: 'correction',
    }));
}

/**
 * The statutory clocks (公务员法 art. 95, calendar days): 复核 applied for within 30 days of publication and
 * decided within 30; 申诉 within 15 days of the 复核 decision — or, without a 复核, within 30 days of publication —
 * and decided within 60, which the deciding body may extend once by up to 30 for a complex case.
 */
export const APPEAL_CLOCKS: Record<AppealKind, { applyDays: number; decideDays: number; extendDays: number }> = {
  review: { applyDays: 30, decideDays: 30, extendDays: 0 },
  appeal: { applyDays: 15, decideDays: 60, extendDays: 30 },
};
/** 申诉 without a 复核 (不经复核，直接提出申诉): within 30 days of publication. */
export const DIRECT_APPEAL_DAYS = 30;

export type AppealClock = {
  /** Last day to apply: publication (复核, direct 申诉) or the 复核 decision (申诉) + the apply days. */
  applyBy: IsoDate;
  /** Last day to decide, once applied (after any extension). */
  decideBy: IsoDate | null;
  /** Days left to decide (negative: overdue); null once decided or not applied. */
  daysLeft: number | null;
  /** Undecided past its decide-by day. */
  overdue: boolean;
  /** Decided after its decide-by day (recorded, the decision stands). */
  decidedLate: boolean;
};

/**
 * `startOn`: the publication date (复核, direct 申诉) or the 复核 decision date (申诉 after it); `direct`: a 申诉 with
 * no 复核 before it; `extendedDays`: the extension of the decision deadline granted (申诉 only).
 */
export function appealClock(kind: AppealKind, startOn: IsoDate, appliedOn: IsoDate | null, decidedOn: IsoDate | null, today: IsoDate, opts: { direct?: boolean; extendedDays?: number } = {}): AppealClock {
  const c = APPEAL_CLOCKS[kind];
  const decideBy = appliedOn ? addDays(appliedOn, c.decideDays + (opts.extendedDays ?? 0)) : null;
  const daysLeft = decideBy && !decidedOn ? daysBetween(today, decideBy) : null;
  const applyDays = kind === 'appeal' && opts.direct ? DIRECT_APPEAL_DAYS : c.applyDays;
  return { applyBy: addDays(startOn, applyDays), decideBy, daysLeft, overdue: daysLeft !== null && daysLeft < 0, decidedLate: !!(decideBy && decidedOn && decidedOn > decideBy) };
}

/** May one still apply on `today`? (`direct`: a 申诉 without a 复核, counted from publication.) */
export function appealOpen(kind: AppealKind, startOn: IsoDate, today: IsoDate, direct = false): boolean {
  return today >= startOn && today <= addDays(startOn, kind === 'appeal' && direct ? DIRECT_APPEAL_DAYS : APPEAL_CLOCKS[kind].applyDays);
}

/** A refusal with its stable code and the Chinese sentence a person reads. */
export type AppealRefusal = { code: 'appeal_window_closed' | 'appeal_needs_review' | 'appeal_pending' | 'appeal_duplicate' | 'appeal_extension_refused'; message: string };
export type PriorAppeal = { id: number; kind: AppealKind; status: 'pending' | 'upheld' | 'changed'; decidedOn: IsoDate | null };

/**
 * Whether a subject may apply for 复核 or 申诉 of a published period on `today`, given what it applied for before:
 * one 复核 per subject and period, within 30 days of publication; one 申诉, within 15 days of the 复核 decision, or
 * directly within 30 days of publication when there was no 复核 (after which a 复核 is no longer possible).
 * Returns the 复核 a 申诉 follows (parentId) or the refusal.
 */
export function appealAdmission(kind: AppealKind, publishedOn: IsoDate, today: IsoDate, prior: readonly PriorAppeal[]): { ok: true; parentId: number | null } | ({ ok: false } & AppealRefusal) {
  const refuse = (code: AppealRefusal['code'], message: string) => ({ ok: false as const, code, message });
  const review = prior.find((a) => a.kind === 'review');
  const appeal = prior.find((a) => a.kind === 'appeal');
  if (kind === 'review') {
    if (appeal) return refuse('appeal_duplicate', '已不经复核直接提出申诉，不能再申请复核');
    if (review) return refuse('appeal_duplicate', review.status === 'pending' ? '该考核结果的复核申请尚未决定，请勿重复申请' : `该考核结果已申请过复核；不服复核决定的，可在决定后 ${APPEAL_CLOCKS.appeal.applyDays} 日内提出申诉`);
    if (!appealOpen('review', publishedOn, today)) return refuse('appeal_window_closed', `已超过复核申请期限：应在考核结果发布（${publishedOn}）后 ${APPEAL_CLOCKS.review.applyDays} 日内（至 ${addDays(publishedOn, APPEAL_CLOCKS.review.applyDays)}）提出`);
    return { ok: true, parentId: null };
  }
  if (appeal) return refuse('appeal_duplicate', appeal.status === 'pending' ? '该考核结果的申诉尚未决定，请勿重复申请' : '该考核结果已提出过申诉，申诉决定为最终决定');
  if (review && (review.status === 'pending' || !review.decidedOn)) return refuse('appeal_needs_review', `复核尚未决定：请在复核决定后 ${APPEAL_CLOCKS.appeal.applyDays} 日内提出申诉`);
  if (review?.decidedOn) {
    if (!appealOpen('appeal', review.decidedOn, today)) return refuse('appeal_window_closed', `已超过申诉期限：应在复核决定（${review.decidedOn}）后 ${APPEAL_CLOCKS.appeal.applyDays} 日内（至 ${addDays(review.decidedOn, APPEAL_CLOCKS.appeal.applyDays)}）提出`);
    return { ok: true, parentId: review.id };
  }
  if (!appealOpen('appeal', publishedOn, today, true)) return refuse('appeal_window_closed', `已超过申诉期限：不经复核直接申诉的，应在考核结果发布（${publishedOn}）后 ${DIRECT_APPEAL_DAYS} 日内（至 ${addDays(publishedOn, DIRECT_APPEAL_DAYS)}）提出`);
  return { ok: true, parentId: null };
}

/** The decision deadline of a pending 申诉 may be extended once, by 1–30 days, before it has passed (情况复杂的). */
export function appealExtension(a: { kind: AppealKind; status: string; extendedDays: number; decideBy: IsoDate | null }, days: number, today: IsoDate): AppealRefusal | null {
  const max = APPEAL_CLOCKS[a.kind].extendDays;
  const refuse = (message: string): AppealRefusal => ({ code: 'appeal_extension_refused', message });
  if (a.kind !== 'appeal') return refuse('复核须在 30 日内决定，不能延长');
  if (a.status !== 'pending') return refuse('该申诉已有决定，不能延长');
  if (a.extendedDays > 0) return refuse('该申诉的决定期限已延长过一次，不能再延长');
  if (a.decideBy && today > a.decideBy) return refuse(`该申诉已超过决定期限（${a.decideBy}），不能再延长，请尽快决定`);
  if (!Number.isInteger(days) || days < 1 || days > max) return refuse(`延长天数应为 1–${max} 日`);
  return null;
}

/**
 * The scheduled reports a matter missed, derived from its cadence and the reports made (never typed in):
 * from the clock start each report is due `every` working days after the last report (or the missed due
 * day); a due day with no report on or before it, and over before `end`, is missed. Returns the due days.
 */
export function missedReports(cal: WorkCalendar, clockStart: IsoDate, reports: readonly IsoDate[], every: number, end: IsoDate): IsoDate[] {
  if (every <= 0) return [];
  const sorted = [...reports].sort();
  const missed: IsoDate[] = [];
  let last = clockStart;
  let i = 0;
  for (let guard = 0; guard < 2000; guard++) {
    while (i < sorted.length && (sorted[i] ?? '') <= last) i++;
    const due = addWorkdays(cal, last, every);
    const next = sorted[i];
    if (next !== undefined && next <= due) {
      last = next;
      continue;
    }
    if (due >= end) break;
    missed.push(due);
    last = due;
  }
  return missed;
}
