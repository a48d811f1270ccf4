import {
  ARCHIVE_RANKS,
  assessPeriod,
  cadrePeerGroup,
  correctionLines,
  itemLines,
  parsePeriod,
  periodAccumulator,
  satisfactionLine,
  shanghaiDate,
  unitPeerGroup,
  type AssessmentPeriod,
  type CarriedLine,
  type ExtraLine,
  type PeriodMatter,
  type SubjectKey,
  type SubjectTotal,
  type WorkCalendar,
} from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { tenantCalendar } from '../calendar/calendar.service';
import { unitSatisfaction } from '../satisfaction/satisfaction.service';
import { recordTrace } from '../trace/trace.service';
// Registers assessment's subscription to the matter events wherever scores are computed (server, CLI, seed).
import './dirty';
import { inputMark } from './input-mark';
import { loadMatterFacts, type MatterFacts } from './outcome.repository';
import { bookById, bookInForce, type StoredBook } from './rulebook.service';
import { scoredDigest } from './matter-digest';
import { startMatterLines, storeExtraLines, storeMatterChunk, subjectOf, type MatterLines } from './store.repository';

type Conn = Kysely<DB> | Transaction<DB>;
export type RecomputeResult = { code: string; periodId: number; ruleBookVersion: number; lines: number; units: number; cadres: number; flagged: number };

export function periodOrThrow(code: string): AssessmentPeriod {
  const p = parsePeriod(code);
  if (!p) throw validationError([{ field: 'period', message: '考核期间格式应为 2026Q4（季度）或 2026（年度）' }]);
  return p;
}

/** Keys of every line an approved 容错 decision exempts in the tenant. */
export async function exemptKeys(db: Conn, tenantId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('assessment_tolerance').select('line_keys').where('tenant_id', '=', tenantId).where('status', '=', 'approved').execute();
  return new Set(rows.flatMap((r) => r.line_keys));
}

/** Peer groups: units by kind (a division by its parent's), cadres with an archive rank by unit group and rank. */
async function groups(db: Conn, tenantId: number): Promise<(s: SubjectKey) => string | null> {
  const units = await db.selectFrom('units').select(['id', 'kind', 'parent_id']).where('tenant_id', '=', tenantId).execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  const unitGroup = (id: number) => {
    const u = byId.get(id);
    return u ? unitPeerGroup(u.kind, u.parent_id ? (byId.get(u.parent_id)?.kind ?? null) : null) : 'district';
  };
  const people = await db.selectFrom('people').select(['id', 'unit_id', 'rank']).where('tenant_id', '=', tenantId).where('rank', 'in', [...ARCHIVE_RANKS]).execute();
  const personGroup = new Map(people.map((p) => [p.id, cadrePeerGroup(unitGroup(p.unit_id), p.rank)]));
  return (s) => (s.startsWith('unit:') ? unitGroup(Number(s.slice(5))) : (personGroup.get(Number(s.slice(7))) ?? null));
}

/**
 * Lines not carried through a matter: the period's documented items (not removed), 满意率 of every unit
 * with votes in it, and the corrections of decided 复核 / 申诉 on this period.
 */
export async function extraLines(db: Conn, tenantId: number, p: AssessmentPeriod, book: StoredBook): Promise<ExtraLine[]> {
  const [items, voted, corrections] = await Promise.all([
    db
      .selectFrom('assessment_items as i')
      .leftJoin('matters as m', 'm.id', 'i.matter_id')
      .select(['i.id', 'i.kind', 'i.subject_type', 'i.subject_id', 'i.matter_id', 'm.number', 'i.doc_date', 'i.doc_number'])
      .where('i.tenant_id', '=', tenantId)
      .where('i.removed_at', 'is', null)
      .where('i.doc_date', '>=', p.from)
      .where('i.doc_date', '<=', p.to)
      .execute(),
    db.selectFrom('satisfaction_ratings').select('unit_id').distinct().where('tenant_id', '=', tenantId).where('rated_on', '>=', p.from).where('rated_on', '<=', p.to).orderBy('unit_id').execute(),
    db
      .selectFrom('assessment_appeals as a')
      .innerJoin('assessment_periods as ap', 'ap.id', 'a.period_id')
      .select(['a.id', 'a.kind', 'a.subject_type', 'a.subject_id', 'a.decided_at', 'a.delta', 'a.decision_note'])
      .where('a.tenant_id', '=', tenantId)
      .where('ap.code', '=', p.code)
      .where('a.status', '=', 'changed')
      .orderBy('a.id')
      .execute(),
  ]);
  const out = itemLines(
    items.map((i) => ({ id: i.id, kind: i.kind, subject: `${i.subject_type}:${i.subject_id}` as SubjectKey, matterId: i.matter_id, matterNumber: i.number, on: i.doc_date, docNumber: i.doc_number })),
    book,
    p,
  );
  for (const { unit_id } of voted) {
    const s = await unitSatisfaction(db, tenantId, unit_id, { from: p.from, to: p.to });
    const line = satisfactionLine(unit_id, s.rate, s.citizen.counted + s.unit.counted, book, p);
    if (line) out.push(line);
  }
  out.push(
    ...correctionLines(
      corrections.map((c) => ({ id: c.id, kind: c.kind, subject: `${c.subject_type}:${c.subject_id}` as SubjectKey, decidedOn: shanghaiDate(c.decided_at ?? new Date(0)), delta: c.delta ?? 0, note: c.decision_note ?? '' })),
    ),
  );
  return out;
}

const asPeriodMatter = (f: MatterFacts): PeriodMatter => ({
  outcome: { matterId: f.id, number: f.number, source: f.source, difficulty: f.difficulty, workload: f.workload, deadline: f.deadline, status: f.status, closedAt: f.closedAt },
  shared: f.shared,
  returns: f.returns,
  people: { units: f.units, leaderId: f.leaderId },
});

/** What a recompute needs besides the matters: 容错 decisions, peer groups and the extra lines. */
async function periodInputs(db: Conn, tenantId: number, p: AssessmentPeriod, book: StoredBook) {
  const [exempt, groupOf, extra] = await Promise.all([exemptKeys(db, tenantId), groups(db, tenantId), extraLines(db, tenantId, p, book)]);
  return { exempt, groupOf, extra };
}

/**
 * The lines and totals of a period as the log and the rule book give them now, in one piece (nothing stored): what
 * the stored figures are checked against. `today` bounds the missed reports.
 */
export async function derivePeriod(db: Conn, cal: WorkCalendar, tenantId: number, p: AssessmentPeriod, book: StoredBook, today: string): Promise<{ lines: CarriedLine[]; totals: SubjectTotal[] }> {
  const [facts, { exempt, groupOf, extra }] = await Promise.all([loadMatterFacts(db, tenantId, p, cal, today), periodInputs(db, tenantId, p, book)]);
  // Read as of today: an open matter's lateness in a running period counts up to today, not to the period's end.
  return assessPeriod(facts.map(asPeriodMatter), book, cal, { from: p.from, to: p.to, asOf: today }, exempt, groupOf, extra);
}

/** Matters read, scored and stored per chunk: memory stays bounded however large the quarter (a million-matter tenant's). */
export const RECOMPUTE_CHUNK = 5_000;

/**
 * derivePeriod, chunk by chunk, storing as it goes: each chunk of matters is read, scored through the shared
 * periodAccumulator (assessPeriod's own steps) and stored by digest, so only matters whose lines changed are written
 * (and only matters whose scored digest moved have their lines built at all).
 * Returns the totals and how many lines the period has.
 */
async function derivePeriodInChunks(t: Transaction<DB>, cal: WorkCalendar, tenantId: number, periodId: number, p: AssessmentPeriod, book: StoredBook, today: string, chunk: number) {
  const { exempt, groupOf, extra } = await periodInputs(t, tenantId, p, book);
  const acc = periodAccumulator(book, cal, { from: p.from, to: p.to, asOf: today }, exempt, groupOf, extra);
  await startMatterLines(t, periodId);
  let lines = 0;
  const read = (after: number) => loadMatterFacts(t, tenantId, p, cal, today, after, chunk);
  // The next chunk's statements are sent before this chunk is scored, so PostgreSQL reads it while Node scores
  // (one connection: they run in order, and the store's statements queue behind them; the ranges never overlap).
  let next: Promise<MatterFacts[]> | null = read(0);
  try {
    for (let after = 0; next; ) {
      const facts: MatterFacts[] = await next;
      const upTo = facts.length < chunk ? null : (facts[facts.length - 1]?.id ?? null);
      next = upTo === null ? null : read(upTo);
      // Every matter is scored and counted towards the totals; its explained lines are built only when what they are
      // built from changed since they were stored (storeMatterChunk decides by the scored digest).
      const scored = facts.map((f): MatterLines => {
        const s = acc.score(asPeriodMatter(f));
        lines += s.lineCount;
        return { matterId: s.matterId, lineCount: s.lineCount, scored: scoredDigest(s, book, exempt), lines: () => acc.lines(s) };
      });
      await storeMatterChunk(t, tenantId, periodId, { after, upTo }, scored);
      if (upTo !== null) after = upTo;
    }
  } finally {
    // A failure while a read is in flight: the transaction is rolled back anyway; its rejection is not left unhandled.
    next?.catch(() => undefined);
  }
  const done = acc.finish();
  await storeExtraLines(t, tenantId, periodId, done.lines);
  return { totals: done.totals, lines: lines + done.lines.length };
}

/**
 * Recomputes a period from the log and stores its lines and totals in one transaction (a published
 * period replays the rule book version it was published under; a draft takes the version in force).
 * `opts.chunk`: matters per chunk (tests set it small to cross chunk boundaries).
 */
export async function recomputePeriod(deps: Deps, actor: Actor, code: string, trx?: Transaction<DB>, opts: { chunk?: number } = {}): Promise<RecomputeResult> {
  requirePermission(actor, 'assess.manage');
  const p = periodOrThrow(code);
  // Inside a caller's transaction (the demo seed) the calendar is read there too.
  const cal = await tenantCalendar(trx ?? deps.db, actor.tenantId);
  const run = async (t: Transaction<DB>): Promise<RecomputeResult> => {
    const now = deps.clock.now();
    const existing = await t.selectFrom('assessment_periods').selectAll().where('tenant_id', '=', actor.tenantId).where('code', '=', p.code).forUpdate().executeTakeFirst();
    const book = existing?.status === 'published' ? await bookById(t, existing.rule_book_id) : await bookInForce(t, actor.tenantId, p.to, now);
    const mark = await inputMark(t, actor.tenantId, now, p.to);
    const periodId = existing
      ? (await t.updateTable('assessment_periods').set({ rule_book_id: book.id, computed_at: now, input_mark: mark }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
      : (await t.insertInto('assessment_periods').values({ tenant_id: actor.tenantId, code: p.code, date_from: p.from, date_to: p.to, rule_book_id: book.id, computed_at: now, input_mark: mark }).returning('id').executeTakeFirstOrThrow()).id;
    const { totals, lines } = await derivePeriodInChunks(t, cal, actor.tenantId, periodId, p, book, shanghaiDate(now), opts.chunk ?? RECOMPUTE_CHUNK);
    await t.deleteFrom('assessment_totals').where('period_id', '=', periodId).execute();
    for (let i = 0; i < totals.length; i += 500) {
      await t
        .insertInto('assessment_totals')
        .values(
          totals.slice(i, i + 500).map((x) => ({
            tenant_id: actor.tenantId,
            period_id: periodId,
            ...subjectOf(x.subject),
            peer_group: x.group,
            raw: x.raw,
            total: x.total,
            matters: x.matters,
            rank: x.rank,
            group_size: x.groupSize,
            flagged: x.flagged,
            flagged_matter_ids: x.flaggedMatterIds,
            grade: null,
          })),
        )
        .execute();
    }
    const result = {
      code: p.code,
      periodId,
      ruleBookVersion: book.version,
      lines,
      units: totals.filter((x) => x.subject.startsWith('unit:')).length,
      cadres: totals.filter((x) => x.subject.startsWith('person:')).length,
      flagged: totals.filter((x) => x.flagged).length,
    };
    await recordTrace(t, deps.clock, actor, { action: 'assessment.recompute', entityType: 'assessment_period', entityId: periodId, after: result });
    return result;
  };
  return trx ? run(trx) : inTransaction(deps.db, run);
}

/** 发布: the period's figures become the official ones; its rule book version is frozen from then on. */
export async function publishPeriod(deps: Deps, actor: Actor, code: string): Promise<{ code: string; status: 'published' }> {
  requirePermission(actor, 'assess.manage');
  const p = periodOrThrow(code);
  return inTransaction(deps.db, async (trx) => {
    const row = await trx.selectFrom('assessment_periods').select(['id', 'status']).where('tenant_id', '=', actor.tenantId).where('code', '=', p.code).forUpdate().executeTakeFirst();
    if (!row) throw new AppError('assessment_period_not_found');
    if (row.status === 'published') throw new AppError('invalid_transition', '该考核期间已发布');
    await trx.updateTable('assessment_periods').set({ status: 'published', published_at: deps.clock.now() }).where('id', '=', row.id).execute();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.publish', entityType: 'assessment_period', entityId: row.id, after: { code: p.code } });
    return { code: p.code, status: 'published' as const };
  });
}
