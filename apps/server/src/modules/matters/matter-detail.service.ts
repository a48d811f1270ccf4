import {
  evaluateColour,
  isHolidayDeadline,
  ledgerQuerySchema,
  mayReplyToNotice,
  shanghaiDate,
  type AttachmentView,
  type MatterDetail,
} from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { tenantCalendar } from '../calendar/calendar.service';
import { ledgerSelect } from './ledger.query';
import { actionsFor, contextOf, factsOf, unitFromJson } from './matter.access';
import { combinedProgress, ownProgress } from './matter-action';
import { matterFacts, thresholdsFor } from './matter-colour';
import { childrenHistory, progressSeries } from './matter-progress-series';
import * as q from './matter-detail.repository';
import { presentListItem } from './matter.presenter';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Where the files helper serves an attachment and a notice's Word document. */
export const attachmentUrl = (id: number) => `/api/attachments/${id}`;
export const noticeDocxUrl = (id: number) => `/api/notices/${id}/docx`;

type AttachmentRow = NonNullable<Awaited<ReturnType<typeof q.matterPage>>>['attachments'][number];
function presentAttachment(a: AttachmentRow): AttachmentView {
  return { id: a.id, fileName: a.file_name, mime: a.mime, size: a.size, url: attachmentUrl(a.id), createdAt: iso(a.created_at) ?? '' };
}

/**
 * The matter page: every part of the matter, what this viewer may do (state machine), the stored
 * colour and a live recomputation with its reasons, and the planned-vs-actual series.
 */
export async function getMatter(deps: Deps, actor: Actor, id: number): Promise<MatterDetail> {
  requirePermission(actor, 'matter.read');
  const db = deps.db;
  const now = deps.clock.now();
  // One statement for the matter and its parts; the sub-matters (rare) and the calendar (cached) beside it.
  const [page, cal] = await Promise.all([q.matterPage(db, actor, id), tenantCalendar(db, actor.tenantId)]);
  if (!page) throw new AppError('matter_not_found');
  const { units: unitsJson, open_child_numbers, pending_extension_units, handlers, milestones, reports, attachments, extensions, completions, urges, notices, inspections, ...head } = page;
  const units = unitsJson.map(unitFromJson);
  const children = Number(head.child_count) > 0 ? await ledgerSelect(db, actor, ledgerQuerySchema.parse({ parentId: id, sort: 'number' }), now, { paged: false }).execute() : [];
  const ctx = contextOf(actor, head, units, Number(head.child_count) > 0, factsOf({ open_child_numbers, pending_extension_units }));
  const actions = actionsFor(ctx);
  const ms = milestones.map((m) => ({ date: m.due_date, plannedProgress: Number(m.planned_progress), description: m.description }));
  const live = evaluateColour(matterFacts(head, ms), now, cal, thresholdsFor(head.tenant_settings, head.category_thresholds));
  const filesOf = (type: string, ownerId: number) => attachments.filter((a) => a.owner_type === type && a.owner_id === ownerId).map(presentAttachment);
  const reportsAsc = [...reports].reverse();
  const hasChildren = Number(head.child_count) > 0;
  // A parent's figure and its chart combine its own reports with its children's (parentProgress).
  const own = ownProgress(units);
  const parts = hasChildren ? await combinedProgress(db, actor.tenantId, id, own) : null;
  const kids = hasChildren ? await childrenHistory(db, actor.tenantId, id) : null;

  return {
    ...presentListItem(head),
    content: head.content,
    sourceDoc: head.source_doc,
    deadlineWorkdays: head.deadline_workdays,
    reportCadence: head.report_cadence,
    difficulty: Number(head.difficulty),
    workload: Number(head.workload),
    weight: Number(head.weight),
    investmentPlan: head.investment_plan === null ? null : Number(head.investment_plan),
    investmentDone: head.investment_done === null ? null : Number(head.investment_done),
    assignedAt: iso(head.assigned_at),
    rating: head.rating,
    ratingComment: head.rating_comment,
    cancelReason: head.cancel_reason,
    returnCount: head.return_count,
    parent: head.parent_id !== null && head.parent_number !== null ? { id: head.parent_id, number: head.parent_number, title: head.parent_title ?? '', deadline: head.parent_deadline ?? '' } : null,
    units: units.map((u) => ({
      unitId: u.unit_id,
      unitName: u.unit_name,
      role: u.role,
      status: u.status,
      progress: Number(u.progress),
      signedAt: iso(u.signed_at),
      lastReportAt: iso(u.last_report_at),
      completionRequestedAt: iso(u.completion_requested_at),
      handlers: handlers.filter((h) => h.unit_id === u.unit_id).map((h) => ({ personId: h.person_id, name: h.name })),
    })),
    milestones: milestones.map((m) => ({ id: m.id, date: m.due_date, plannedProgress: Number(m.planned_progress), description: m.description, reached: m.reached_at !== null || Number(head.progress) >= Number(m.planned_progress) })),
    children: children.map(presentListItem),
    reports: reports.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      reporterName: r.reporter_name,
      progress: Number(r.progress),
      text: r.text,
      investmentDone: r.investment_done === null ? null : Number(r.investment_done),
      disputed: r.disputed_at !== null,
      createdAt: iso(r.created_at) ?? '',
      attachments: filesOf('report', r.id),
    })),
    extensions: extensions.map((e) => ({
      id: e.id,
      unitName: e.unit_name,
      requestedBy: e.requested_name,
      requestedDeadline: e.requested_deadline,
      previousDeadline: e.previous_deadline,
      reason: e.reason,
      status: e.status,
      decidedBy: e.decided_name,
      decidedAt: iso(e.decided_at),
      decisionNote: e.decision_note,
      createdAt: iso(e.created_at) ?? '',
    })),
    completions: completions.map((c) => ({
      id: c.id,
      unitName: c.unit_name,
      requestedBy: c.requested_name,
      evidence: c.evidence,
      status: c.status,
      decidedBy: c.decided_name,
      decidedAt: iso(c.decided_at),
      decisionNote: c.decision_note,
      createdAt: iso(c.created_at) ?? '',
      attachments: filesOf('completion', c.id),
    })),
    attachments: attachments.filter((a) => a.owner_type === 'matter').map(presentAttachment),
    notices: notices.map((n) => ({
      id: n.id,
      number: n.number,
      title: n.title,
      body: n.body,
      replyBy: n.reply_by,
      issuedBy: n.issued_name,
      issuedAt: iso(n.issued_at) ?? '',
      recipients: (n.recipients ?? []).map((r) => ({ ...r, acknowledgedAt: r.acknowledgedAt ? iso(r.acknowledgedAt) : null })),
      docxUrl: noticeDocxUrl(n.id),
      closed: n.closed_at !== null,
      replyUnits: (n.reply_units ?? []).map((u) => ({ ...u, repliedAt: u.repliedAt ? iso(u.repliedAt) : null })),
      replies: (n.replies ?? []).map((r) => ({ ...r, submittedAt: iso(r.submittedAt) ?? '', attachments: filesOf('notice_reply', r.id) })),
      canReply: mayReplyToNotice(actor, { closed: n.closed_at !== null, replyUnitIds: (n.reply_units ?? []).map((u) => u.unitId) }),
    })),
    inspections: inspections.map((i) => ({
      id: i.id,
      inspectedAt: iso(i.inspected_at) ?? '',
      location: i.location,
      lat: i.lat === null ? null : Number(i.lat),
      lng: i.lng === null ? null : Number(i.lng),
      finding: i.finding,
      unannounced: i.unannounced,
      notes: i.notes,
      inspectors: i.inspector_names ?? [],
      campaignId: i.campaign_id,
      createdAt: iso(i.created_at) ?? '',
      attachments: filesOf('inspection', i.id),
    })),
    urges: urges.map((g) => ({ id: g.id, urgedBy: g.urged_name, message: g.message, createdAt: iso(g.created_at) ?? '' })),
    deadlineOnHoliday: isHolidayDeadline(cal, head.deadline),
    progressParts: parts ? { own: parts.own, children: parts.children } : null,
    progressSeries: progressSeries(head, ms, reportsAsc, units.length, shanghaiDate(now), kids),
    allowedActions: actions.available,
    blockedActions: actions.blocked,
    viewerUnitId: ctx.viewerUnit?.unit_id ?? null,
    live: {
      colour: live.colour,
      reasons: live.reasons.map((r) => ({ code: r.code, colour: r.colour, text: r.text })),
      plannedProgress: Math.round(live.plannedProgress * 10) / 10,
      provisional: live.provisional,
    },
    origin: await originOf(db, actor.tenantId, head.origin_type, head.origin_id),
  };
}

/** The grid problem a matter was escalated from (转入督办), for the link on the matter page. */
async function originOf(db: Kysely<DB>, tenantId: number, type: string | null, id: number | string | null): Promise<MatterDetail['origin']> {
  if (type !== 'grid_problem' || id === null) return null;
  const p = await db.selectFrom('grid_problems').select(['id', 'ticket', 'title', 'status']).where('tenant_id', '=', tenantId).where('id', '=', String(id)).executeTakeFirst();
  return p ? { type: 'grid_problem', id: String(p.id), ticket: p.ticket, title: p.title, status: p.status, link: `/grid/problems/${p.id}` } : null;
}
