import {
  addDays,
  chineseDate,
  chineseDateRange,
  issueLabel,
  mondayOf,
  REPORT_KIND_LABELS,
  shanghaiDate,
  type DateRange,
  type ReportCreateInput,
  type ReportDetail,
  type ReportKind,
  type ReportUpdateInput,
  type ReportView,
} from '@duban/shared';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors';
import { requireAnyPermission, requirePermission, systemActor, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { isUniqueViolation } from '../../lib/pg-errors';
import { enqueue } from '../outbox/outbox.service';
import { officeNameOf } from '../tenants/office-settings';
import { recordTrace } from '../trace/trace.service';
import { citedRestRows, type CitedRest } from './report.cited';
import { inspectionFigures, weeklyData } from './report.data';
import { inspectionSummary, reportDocx, weeklySummary } from './report.docx';
import { presentReport, presentReportDetail } from './report.presenter';
import { nextNumber } from '../../lib/numbering';
import * as repo from './report.repository';
import { reportXlsxStream } from './report.xlsx';
import { weeklyCitations } from '../assessment/report-citations';

const canManage = (actor: Actor) => actor.permissions.has('report.manage');

/** The week before the one containing `now` (Monday to Sunday, Asia/Shanghai). */
export function previousWeek(now: Date): DateRange {
  const from = addDays(mondayOf(shanghaiDate(now)), -7);
  return { from, to: addDays(from, 6) };
}

/** Reports the actor may read: every issue for the office, published ones for leaders. */
export async function listReports(deps: Deps, actor: Actor, q: { kind?: ReportKind; limit: number; offset: number }): Promise<{ items: ReportView[]; total: number }> {
  requireAnyPermission(actor, 'report.manage', 'cockpit.read');
  const { rows, total } = await repo.listReports(deps.db, actor.tenantId, { ...q, publishedOnly: !canManage(actor) });
  return { items: rows.map(presentReport), total };
}

/** Inspection campaigns with how many inspections each holds, newest first. */
export async function listCampaigns(deps: Deps, actor: Actor): Promise<{ id: number; name: string; inspections: number }[]> {
  requirePermission(actor, 'report.manage');
  return repo.listCampaigns(deps.db, actor.tenantId);
}

async function readable(deps: Deps, actor: Actor, id: number) {
  requireAnyPermission(actor, 'report.manage', 'cockpit.read');
  const row = await repo.findReport(deps.db, actor.tenantId, id);
  if (!row || (row.status !== 'published' && !canManage(actor))) throw new AppError('report_not_found');
  return row;
}

export async function getReport(deps: Deps, actor: Actor, id: number): Promise<ReportDetail> {
  return presentReportDetail(await readable(deps, actor, id));
}

async function buildFigures(deps: Deps, tenantId: number, input: { kind: ReportKind; from?: string; to?: string; campaignId?: number }) {
  if (input.kind === 'inspection') {
    const got = input.campaignId ? await inspectionFigures(deps, tenantId, input.campaignId) : null;
    if (!got) throw new AppError('report_campaign_not_found');
    return { figures: got.figures, rest: null, range: got.range, title: `关于“${got.name}”督促检查情况的通报`, summary: inspectionSummary(got.figures) };
  }
  const range = { from: input.from ?? '', to: input.to ?? '' };
  const { figures, rest } = await weeklyData(deps, tenantId, range);
  return { figures, rest, range, title: `${chineseDateRange(range.from, range.to)}督办事项办理情况`, summary: weeklySummary(figures) };
}

/** The report row's columns for the cited matters its figures do not list. */
const restColumns = (rest: CitedRest | null) => ({ cited_rest_ids: rest?.ids ?? null, cited_rest_tags: rest?.tags ?? null });

/** Generates a numbered draft (第N期 of the year) from the figures as they stand now. */
export async function createReport(deps: Deps, actor: Actor, input: ReportCreateInput, opts: { auto?: boolean } = {}): Promise<ReportDetail> {
  requirePermission(actor, 'report.manage');
  const built = await buildFigures(deps, actor.tenantId, input);
  // A weekly issue cites assessment: the league table and 问责 list, the period's 表扬 / 批评 documents.
  const cited = input.kind === 'weekly' ? await weeklyCitations(deps, actor.tenantId, built.range) : { praise: '', criticism: '' };
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const year = Number(built.range.to.slice(0, 4));
    const seq = await nextNumber(trx, actor.tenantId, `report_${input.kind}`, year);
    const row = await repo.insertReport(trx, {
      tenant_id: actor.tenantId,
      kind: input.kind,
      year,
      seq,
      title: built.title,
      period_from: built.range.from,
      period_to: built.range.to,
      campaign_id: input.kind === 'inspection' ? (input.campaignId ?? null) : null,
      auto: opts.auto ?? false,
      figures: JSON.stringify(built.figures),
      ...restColumns(built.rest),
      sections: JSON.stringify({ summary: built.summary, ...cited, nextSteps: '' }),
      created_by: actor.accountId,
      created_at: now,
      updated_at: now,
    });
    const view = presentReport(row);
    await recordTrace(trx, deps.clock, actor, { action: 'report.create', entityType: 'report', entityId: row.id, after: view });
    return presentReportDetail(row);
  });
}

/** The Monday job: last week's issue for every tenant, once (a second run finds it made). */
export async function generateWeeklyReports(deps: Deps): Promise<number[]> {
  const range = previousWeek(deps.clock.now());
  const made: number[] = [];
  for (const t of await deps.db.selectFrom('tenants').select('id').orderBy('id').execute()) {
    if (await repo.findAuto(deps.db, t.id, 'weekly', range)) continue;
    try {
      made.push((await createReport(deps, systemActor(t.id, '督查周报自动生成'), { kind: 'weekly', ...range }, { auto: true })).id);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another instance made it meanwhile
    }
  }
  return made;
}

async function draft(deps: Deps, actor: Actor, id: number) {
  requirePermission(actor, 'report.manage');
  const row = await repo.findReport(deps.db, actor.tenantId, id);
  if (!row) throw new AppError('report_not_found');
  if (row.status !== 'draft') throw new AppError('report_published');
  return row;
}

/** Saves the office's title and sections of a draft. */
export async function updateReport(deps: Deps, actor: Actor, id: number, input: ReportUpdateInput): Promise<ReportDetail> {
  const current = await draft(deps, actor, id);
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.updateReport(trx, actor.tenantId, id, input.version, { title: input.title, sections: JSON.stringify(input.sections), updated_at: deps.clock.now() });
    if (!row) throw new AppError('version_conflict');
    await recordTrace(trx, deps.clock, actor, {
      action: 'report.update',
      entityType: 'report',
      entityId: id,
      before: { title: current.title, sections: current.sections },
      after: { title: row.title, sections: row.sections },
    });
    return presentReportDetail(row);
  });
}

/** Recomputes a draft's figures (e.g. after late reports came in); the written sections stay. */
export async function refreshReport(deps: Deps, actor: Actor, id: number, version: number): Promise<ReportDetail> {
  const current = await draft(deps, actor, id);
  const built = await buildFigures(deps, actor.tenantId, { kind: current.kind, from: current.period_from, to: current.period_to, campaignId: current.campaign_id ?? undefined });
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.updateReport(trx, actor.tenantId, id, version, { figures: JSON.stringify(built.figures), ...restColumns(built.rest), updated_at: deps.clock.now() });
    if (!row) throw new AppError('version_conflict');
    await recordTrace(trx, deps.clock, actor, { action: 'report.refresh', entityType: 'report', entityId: id, after: { matters: built.figures.mattersTotal ?? built.figures.matters.length } });
    return presentReportDetail(row);
  });
}

/** Publishes a draft: it is filed (no longer editable) and sent to every leader through the outbox. */
export async function publishReport(deps: Deps, actor: Actor, id: number, version: number): Promise<ReportDetail> {
  await draft(deps, actor, id);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.updateReport(trx, actor.tenantId, id, version, { status: 'published', published_at: now, published_by: actor.accountId, updated_at: now });
    if (!row) throw new AppError('version_conflict');
    const leaders = await repo.leaderPeople(trx, actor.tenantId);
    const label = `${REPORT_KIND_LABELS[row.kind]}（${row.year}年${issueLabel(row.seq)}）`;
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'report.published',
      eventKey: `report:${row.id}:published`,
      title: `${label}已印发`,
      body: row.title,
      link: `/reports/${row.id}`,
      payload: { reportId: row.id, kind: row.kind, year: row.year, seq: row.seq },
      personIds: leaders,
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, { action: 'report.publish', entityType: 'report', entityId: id, after: { ...presentReport(row), recipients: leaders.length } });
    return presentReportDetail(row);
  });
}

/** Deletes a draft (its number is not reused). */
export async function deleteReport(deps: Deps, actor: Actor, id: number): Promise<void> {
  const current = await draft(deps, actor, id);
  await inTransaction(deps.db, async (trx) => {
    await repo.deleteReport(trx, actor.tenantId, id);
    await recordTrace(trx, deps.clock, actor, { action: 'report.delete', entityType: 'report', entityId: id, before: presentReport(current) });
  });
}

const fileBase = (row: { kind: ReportKind; year: number; seq: number }) => `${REPORT_KIND_LABELS[row.kind]}-${row.year}年${issueLabel(row.seq)}`;

/** The report as a .docx (公文). */
export async function reportDocument(deps: Deps, actor: Actor, id: number): Promise<{ fileName: string; body: Buffer }> {
  const row = await readable(deps, actor, id);
  const detail = presentReportDetail(row);
  const office = await officeNameOf(deps.db, actor.tenantId);
  const date = shanghaiDate(row.published_at ?? row.created_at);
  const body = await reportDocx(
    { kind: row.kind, issue: `${row.year}年${issueLabel(row.seq)}`, title: row.title, office, date: chineseDate(date) },
    detail.figures,
    detail.sections,
  );
  return { fileName: `${fileBase(row)}.docx`, body };
}

/**
 * The report's .xlsx appendix as a stream: the figures' listed matters, then the rest (a city week cites
 * tens of thousands) read from the matters in chunks as they are written.
 */
export async function reportAppendix(deps: Deps, actor: Actor, id: number): Promise<{ fileName: string; body: Readable }> {
  const row = await readable(deps, actor, id);
  const figures = presentReportDetail(row).figures;
  const kept = await repo.citedRest(deps.db, actor.tenantId, id);
  const rest = kept ? citedRestRows(deps.db, actor.tenantId, kept, figures.to) : undefined;
  return { fileName: `${fileBase(row)}-附件.xlsx`, body: reportXlsxStream(row.title, figures, rest) };
}
