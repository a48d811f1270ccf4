import { systemActor } from '../lib/actor';
import { recordTrace, type TraceEntry } from '../modules/trace/trace.service';
import type { DemoStep } from './demo.seed';

type Event = { at: Date; who: string; accountId: number | null; entry: TraceEntry };

// Reports traced per unit: the latest few (a matter's page lists every report anyway; the trace is
// the record of who did what, and thousands of old reports would only slow the seed down).
const REPORTS_PER_UNIT = 2;
// Each entry is one chained append (a locked head, an insert): ~10,000 entries would add minutes to
// the first start. Every matter gets its 立项; the full history goes to every Nth matter and to those
// of 五里堡街道 (the demo liaison's unit, the one people click through).
const FULL_HISTORY_EVERY = 16;

/**
 * The trace the demo's generated history would have left — 立项/分解, 交办, 签收, 进度汇报, 延期,
 * 办结, 退回, 催办, 归档, 撤销 — written through recordTrace (the same chain as live use) in time
 * order, attributed to the office and each unit's liaison, so no demo matter says 暂无痕迹.
 */
export const demoTraceStep: DemoStep = async (deps, trx, ctx) => {
  const t = ctx.tenantId;
  const now = deps.clock.now();
  const [office, liaisons, matters, units, handlers, milestones, reports, extensions, completions, urges] = await Promise.all([
    trx.selectFrom('accounts').select(['id', 'display_name']).where('tenant_id', '=', t).where('username', '=', 'duchaban').executeTakeFirst(),
    trx.selectFrom('people').select(['unit_id', 'name']).where('tenant_id', '=', t).where('is_liaison', '=', true).execute(),
    trx.selectFrom('matters').selectAll().where('tenant_id', '=', t).orderBy('id').execute(),
    trx.selectFrom('matter_units').select(['matter_id', 'unit_id', 'role', 'signed_at', 'status']).where('tenant_id', '=', t).execute(),
    trx.selectFrom('matter_handlers').select(['matter_id', 'person_id']).where('tenant_id', '=', t).execute(),
    trx.selectFrom('milestones').select(['matter_id', 'due_date', 'planned_progress', 'description']).where('tenant_id', '=', t).orderBy('due_date').execute(),
    trx.selectFrom('progress_reports').select(['matter_id', 'unit_id', 'progress', 'text', 'created_at']).where('tenant_id', '=', t).orderBy('created_at', 'desc').execute(),
    trx.selectFrom('extension_requests').selectAll().where('tenant_id', '=', t).execute(),
    trx.selectFrom('completion_requests').selectAll().where('tenant_id', '=', t).execute(),
    trx.selectFrom('urges').selectAll().where('tenant_id', '=', t).execute(),
  ]);
  const officeName = office?.display_name ?? '督查办';
  const officeId = office?.id ?? null;
  const liaisonOf = new Map(liaisons.map((l) => [l.unit_id, l.name]));
  const group = <T extends { matter_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) m.set(r.matter_id, [...(m.get(r.matter_id) ?? []), r]);
    return m;
  };
  const unitsOf = group(units);
  const handlersOf = group(handlers);
  const milestonesOf = group(milestones);
  const events: Event[] = [];
  const byOffice = (at: Date | null, entry: TraceEntry) => at && events.push({ at, who: officeName, accountId: officeId, entry });
  const byUnit = (at: Date | null, unitId: number | null, entry: TraceEntry) => at && events.push({ at, who: (unitId !== null && liaisonOf.get(unitId)) || '联络员', accountId: null, entry });

  const wulibao = ctx.unitIds.get('五里堡街道办事处');
  const full = new Set(matters.filter((m, i) => i % FULL_HISTORY_EVERY === 0 || m.lead_unit_id === wulibao).map((m) => m.id));
  for (const m of matters) {
    const mu = unitsOf.get(m.id) ?? [];
    const id = m.id;
    byOffice(m.created_at, {
      action: m.parent_id ? 'matter.decompose' : 'matter.create',
      entityType: 'matter',
      entityId: id,
      after: {
        number: m.number,
        title: m.title,
        source: m.source,
        categoryId: m.category_id,
        leadLeaderId: m.lead_leader_id,
        leadUnitId: m.lead_unit_id,
        coUnitIds: mu.filter((u) => u.role === 'co').map((u) => u.unit_id),
        handlerIds: (handlersOf.get(id) ?? []).map((h) => h.person_id),
        startDate: m.start_date,
        deadline: m.original_deadline,
        status: 'registered',
        parentId: m.parent_id,
        milestones: (milestonesOf.get(id) ?? []).map((x) => ({ date: x.due_date, plannedProgress: Number(x.planned_progress), description: x.description })),
      },
    });
    if (!full.has(id)) continue;
    byOffice(m.assigned_at, { action: 'matter.assign', entityType: 'matter', entityId: id, before: { status: 'registered' }, after: { status: 'assigned', units: mu.map((u) => u.unit_id) } });
    for (const u of mu) byUnit(u.signed_at, u.unit_id, { action: 'matter.sign', entityType: 'matter', entityId: id, after: { unitId: u.unit_id, unitStatus: 'signed', status: 'in_progress' } });
  }
  const reportsSeen = new Map<string, number>();
  for (const r of reports) {
    if (!full.has(r.matter_id)) continue;
    const key = `${r.matter_id}/${r.unit_id}`;
    const n = reportsSeen.get(key) ?? 0;
    if (n >= REPORTS_PER_UNIT) continue;
    reportsSeen.set(key, n + 1);
    byUnit(r.created_at, r.unit_id, { action: 'matter.report', entityType: 'matter', entityId: r.matter_id, after: { unitId: r.unit_id, progress: Number(r.progress), text: r.text } });
  }
  for (const e of extensions) {
    if (!full.has(e.matter_id)) continue;
    byUnit(e.created_at, e.unit_id, { action: 'matter.extension_request', entityType: 'matter', entityId: e.matter_id, after: { unitId: e.unit_id, requestedDeadline: e.requested_deadline, reason: e.reason } });
    if (e.status !== 'pending') {
      byOffice(e.decided_at, {
        action: 'matter.extension_decide',
        entityType: 'matter',
        entityId: e.matter_id,
        before: { deadline: e.previous_deadline },
        after: { decision: e.status === 'approved' ? '同意' : '不同意', deadline: e.status === 'approved' ? e.requested_deadline : e.previous_deadline, note: e.decision_note },
      });
    }
  }
  for (const c of completions) {
    if (!full.has(c.matter_id)) continue;
    byUnit(c.created_at, c.unit_id, { action: 'matter.completion_request', entityType: 'matter', entityId: c.matter_id, before: { status: 'in_progress' }, after: { status: 'completion_requested', unitId: c.unit_id, evidence: c.evidence } });
    if (c.status === 'accepted') byOffice(c.decided_at, { action: 'matter.complete', entityType: 'matter', entityId: c.matter_id, before: { status: 'completion_requested' }, after: { status: 'closed', progress: 100, note: c.decision_note } });
    if (c.status === 'returned') byOffice(c.decided_at, { action: 'matter.return', entityType: 'matter', entityId: c.matter_id, before: { status: 'completion_requested' }, after: { status: 'in_progress', units: c.unit_id === null ? [] : [c.unit_id], reason: c.decision_note } });
  }
  for (const u of urges.filter((x) => full.has(x.matter_id))) byOffice(u.created_at, { action: 'matter.urge', entityType: 'matter', entityId: u.matter_id, after: { message: u.message } });
  for (const m of matters.filter((x) => full.has(x.id))) {
    if (m.status === 'archived') byOffice(m.archived_at, { action: 'matter.archive', entityType: 'matter', entityId: m.id, before: { status: 'closed' }, after: { status: 'archived' } });
    if (m.status === 'cancelled') byOffice(m.cancelled_at, { action: 'matter.cancel', entityType: 'matter', entityId: m.id, before: { status: 'in_progress' }, after: { status: 'cancelled', reason: m.cancel_reason } });
  }

  // One chain in time order, none after "now".
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const e of events) {
    const at = new Date(Math.min(e.at.getTime(), now.getTime()));
    await recordTrace(trx, { now: () => at }, { ...systemActor(t, e.who), accountId: e.accountId }, e.entry);
  }
};
