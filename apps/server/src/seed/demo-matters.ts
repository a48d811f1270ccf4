import { sql, type Insertable, type Transaction } from 'kysely';
import {
  addDays,
  addWorkdays,
  addWorkdaysChecked,
  type createCalendar,
  daysBetween,
  evaluateColour,
  plannedProgressAt,
  REPORT_CADENCE_WORKDAYS,
  shanghaiDate,
  shanghaiInstant,
  type MatterStatus,
  type Milestone,
  type ReportCadence,
  type UnitStatus,
} from '@duban/shared';
import type { DB } from '../db/schema';
import type { Deps } from '../lib/deps';
import { calendarFor } from '../modules/calendar/calendar.repository';
import { matterFacts } from '../modules/matters/matter-colour';
import type { MatterTable } from '../modules/matters/matter.table';
import type { DemoContext, DemoStep } from './demo.seed';
import { pastColours } from './demo-colour-history';
import { DEMO_EXTENSION_REASONS, DEMO_REPORT_TEXTS, DEMO_SOURCE_WEIGHTS, DEMO_STREETS, DEMO_TITLES } from './demo-matters.data';
import { between, pick } from './random';

const TOP_LEVEL = 930;
const PARENTS = 25;
const DAY = 86_400_000;

type Person = { id: number; unit_id: number; is_liaison: boolean; is_unit_head: boolean };
type Plan = {
  row: Insertable<MatterTable>;
  key: string;
  units: { unitId: number; role: 'lead' | 'co'; status: UnitStatus; progress: number }[];
  handlers: { personId: number; unitId: number }[];
  milestones: Milestone[];
  parentKey: string | null;
  extension: 'approved' | 'pending' | 'rejected' | null;
  urges: number;
  returned: boolean;
};

function weighted<T>(rand: () => number, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}

/**
 * ~1,000 matters for the demo tenant 二七区 across sources, categories, units and every state, with
 * milestones, reports spread over the past months (relative to deps.clock), sub-matters,
 * extensions, completions and urges, and an initial colour from evaluateColour so the ledger and
 * cockpit show all four colours before the first sweep. Deterministic; batch inserts.
 */
export const demoMattersStep: DemoStep = async (deps, trx, ctx) => {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const t = ctx.tenantId;
  const rand = ctx.rand;
  const cal = await calendarFor(trx, t);
  const categories = await trx.selectFrom('categories').select(['id', 'name']).where('tenant_id', '=', t).execute();
  const people: Person[] = await trx.selectFrom('people').select(['id', 'unit_id', 'is_liaison', 'is_unit_head']).where('tenant_id', '=', t).execute();
  const ledBy = await trx.selectFrom('leader_units').select(['person_id', 'unit_id']).where('tenant_id', '=', t).execute();
  const office = await trx.selectFrom('accounts').select('id').where('tenant_id', '=', t).where('username', '=', 'duchaban').executeTakeFirst();
  const officeId = office?.id ?? null;
  const tenant = await trx.selectFrom('tenants').select('doc_prefix').where('id', '=', t).executeTakeFirstOrThrow();

  const units = [...ctx.unitIds].filter(([name]) => !name.includes('/') && name !== '区领导' && name !== '区委区政府督查办公室').map(([, id]) => id);
  const wulibao = ctx.unitIds.get('五里堡街道办事处');
  const pickUnit = () => (wulibao !== undefined && rand() < 0.07 ? wulibao : pick(rand, units));
  const staffOf = (unitId: number) => people.filter((p) => p.unit_id === unitId && !p.is_unit_head);
  const leaderFor = (unitId: number) => {
    const ls = ledBy.filter((l) => l.unit_id === unitId).map((l) => l.person_id);
    return ls.length ? pick(rand, ls) : null;
  };
  const seqByYear = new Map<number, number>();

  const plans: Plan[] = [];
  const plan = (parent: Plan | null, i: number): Plan => {
    const category = pick(rand, categories);
    const leadUnitId = parent ? pickUnit() : pickUnit();
    const coUnitIds = [...new Set(Array.from({ length: rand() < 0.45 ? between(rand, 1, 2) : 0 }, () => pick(rand, units)))].filter((u) => u !== leadUnitId);
    // Start up to ~10 months back; sub-matters start with their parent and end by its deadline.
    const startDate = parent ? String(parent.row.start_date) : addDays(today, -between(rand, 0, 300));
    const byWorkdays = !parent && rand() < 0.2;
    let deadline: string;
    let deadlineWorkdays: number | null = null;
    let provisional = false;
    if (byWorkdays) {
      deadlineWorkdays = pick(rand, [10, 15, 20, 30, 60, 90]);
      const r = addWorkdaysChecked(cal, startDate, deadlineWorkdays);
      deadline = r.date;
      provisional = r.provisional;
    } else {
      deadline = addDays(startDate, between(rand, 30, 240));
    }
    if (parent && deadline > String(parent.row.deadline)) deadline = String(parent.row.deadline);

    const elapsed = daysBetween(startDate, today);
    const overdueLong = deadline < addDays(today, -20);
    const roll = rand();
    let status: MatterStatus;
    if (elapsed < 3 && roll < 0.5) status = 'registered';
    else if (overdueLong) status = roll < 0.55 ? 'closed' : roll < 0.75 ? 'archived' : roll < 0.78 ? 'cancelled' : 'in_progress';
    else if (roll < 0.04) status = 'registered';
    else if (roll < 0.11) status = 'assigned';
    else if (roll < 0.78) status = 'in_progress';
    else if (roll < 0.86) status = 'completion_requested';
    else if (roll < 0.96) status = 'closed';
    else if (roll < 0.98) status = 'archived';
    else status = 'cancelled';
    if (parent && status === 'archived') status = 'closed';

    const milestones: Milestone[] = [];
    const span = daysBetween(startDate, deadline);
    const count = span > 45 ? between(rand, 0, 3) : 0;
    for (let k = 1; k <= count; k++) {
      milestones.push({ date: addDays(startDate, Math.round((span * k) / (count + 1))), plannedProgress: Math.round((100 * k) / (count + 1)), description: pick(rand, ['完成方案', '完成招标', '主体完工', '完成验收', '群众回访']) });
    }
    const planned = plannedProgressAt({ startDate, deadline, milestones }, today);
    const finished = status === 'closed' || status === 'archived';
    const working = status === 'in_progress' || status === 'completion_requested';
    // Most keep pace, some lag, a few have stalled (blue) — so every colour appears.
    const pace = rand() < 0.6 ? 0.95 + rand() * 0.3 : rand() < 0.6 ? 0.45 + rand() * 0.35 : 0.1 + rand() * 0.3;
    const progress = finished ? 100 : status === 'completion_requested' ? 100 : working ? Math.min(99, Math.round(planned * pace)) : 0;

    const unitStatus: UnitStatus = finished ? 'completed' : status === 'completion_requested' ? 'completion_requested' : working ? 'signed' : 'pending';
    const matterUnits = [
      { unitId: leadUnitId, role: 'lead' as const, status: unitStatus, progress },
      ...coUnitIds.map((unitId) => ({ unitId, role: 'co' as const, status: status === 'in_progress' && rand() < 0.15 ? ('pending' as const) : unitStatus, progress: working ? Math.min(100, Math.round(progress * (0.8 + rand() * 0.4))) : progress })),
    ];
    const handlers = matterUnits.flatMap((u) => {
      const staff = staffOf(u.unitId);
      return staff.length && rand() < 0.7 ? [{ personId: pick(rand, staff).id, unitId: u.unitId }] : [];
    });

    const year = Number(startDate.slice(0, 4));
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const createdAt = new Date(Math.min(shanghaiInstant(startDate, 9 * 60 + between(rand, 0, 120)).getTime(), now.getTime() - 3600_000));
    const assignedAt = status === 'registered' ? null : new Date(Math.min(createdAt.getTime() + between(rand, 2, 30) * 3600_000, now.getTime()));
    const closedAt = finished ? new Date(Math.min(shanghaiInstant(deadline, 15 * 60).getTime() - between(rand, 0, 10) * DAY, now.getTime() - DAY)) : null;
    const titles = DEMO_TITLES[category.name] ?? DEMO_TITLES['其他'] ?? ['督办事项'];
    const title = pick(rand, titles).replace('{street}', `${pick(rand, DEMO_STREETS)}街道`).replace('{n}', String(between(rand, 2, 30)));
    const cadence: ReportCadence = pick(rand, ['weekly', 'weekly', 'weekly', 'biweekly', 'monthly', 'none']);
    const key = `${year}/${seq}`;
    return {
      key,
      parentKey: parent?.key ?? null,
      units: matterUnits,
      handlers,
      milestones,
      extension: working && rand() < 0.1 ? pick(rand, ['approved', 'approved', 'pending', 'rejected'] as const) : finished && rand() < 0.05 ? 'approved' : null,
      urges: working && rand() < 0.12 ? between(rand, 1, 2) : 0,
      returned: (finished || status === 'in_progress') && rand() < 0.06,
      row: {
        tenant_id: t,
        year,
        seq,
        number: `${tenant.doc_prefix}〔${year}〕${seq}号`,
        title: parent ? `${String(parent.row.title)}（${['一', '二', '三', '四'][i] ?? i + 1}）` : title,
        content: `${title}。按照区委区政府部署，责任单位要细化方案、压实责任，按期完成并报送进展。`,
        source: parent ? parent.row.source : weighted(rand, DEMO_SOURCE_WEIGHTS),
        source_doc: rand() < 0.5 ? `二七政〔${year}〕${between(rand, 1, 80)}号` : null,
        category_id: category.id,
        lead_leader_id: leaderFor(leadUnitId),
        lead_unit_id: leadUnitId,
        start_date: startDate,
        deadline,
        original_deadline: deadline,
        deadline_workdays: deadlineWorkdays,
        deadline_provisional: provisional,
        report_cadence: cadence,
        priority: pick(rand, ['normal', 'normal', 'normal', 'high', 'urgent'] as const),
        difficulty: pick(rand, [1, 1, 1.5, 2]),
        workload: pick(rand, [1, 1, 1.5, 2, 3]),
        weight: parent ? pick(rand, [1, 1, 2, 3]) : 1,
        status,
        progress,
        investment_plan: category.name === '项目建设' ? between(rand, 500, 50_000) * 10_000 : null,
        assigned_at: assignedAt,
        completion_requested_at: status === 'completion_requested' ? new Date(now.getTime() - between(rand, 1, 5) * DAY) : null,
        closed_at: closedAt,
        archived_at: status === 'archived' ? now : null,
        cancelled_at: status === 'cancelled' ? now : null,
        cancel_reason: status === 'cancelled' ? '上级政策调整，事项不再实施' : null,
        created_by: officeId,
        created_at: createdAt,
        updated_at: createdAt,
      },
    };
  };

  for (let i = 0; i < TOP_LEVEL; i++) plans.push(plan(null, i));
  const parents = plans.filter((p) => p.row.status === 'in_progress' && daysBetween(String(p.row.start_date), String(p.row.deadline)) > 60).slice(0, PARENTS);
  for (const p of parents) for (let i = 0; i < between(rand, 2, 4); i++) plans.push(plan(p, i));

  await insertPlans(deps, trx, ctx, plans, now, cal, officeId);
  for (const [year, last] of seqByYear) {
    await trx
      .insertInto('number_sequences')
      .values({ tenant_id: t, kind: 'matter', year, last })
      .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'year']).doUpdateSet({ last }))
      .execute();
  }
};

/** Report instants on a cadence of `every` working days from 交办, after signing and up to `until` (at most 60). */
function cadenceTimes(cal: ReturnType<typeof createCalendar>, assignedAt: Date, after: number, until: number, every: number): number[] {
  if (every <= 0) return [];
  const out: number[] = [];
  let day = shanghaiDate(assignedAt);
  for (let k = 0; out.length < 60; k++) {
    day = addWorkdays(cal, day, k % 3 === 2 ? every - 1 : every);
    const at = shanghaiInstant(day, 9 * 60 + ((k * 47) % 420)).getTime();
    if (at > until) break;
    if (at > after) out.push(at);
  }
  return out;
}

async function insertAll<T extends keyof DB & string>(trx: Transaction<DB>, table: T, rows: Insertable<DB[T]>[], size = 500) {
  for (let i = 0; i < rows.length; i += size) await trx.insertInto(table).values(rows.slice(i, i + size)).execute();
}

async function insertPlans(_deps: Deps, trx: Transaction<DB>, ctx: DemoContext, plans: Plan[], now: Date, cal: ReturnType<typeof createCalendar>, officeId: number | null) {
  const t = ctx.tenantId;
  const rand = ctx.rand;
  const patches = new Map<string, Partial<Insertable<MatterTable>>>();
  // Child rows carry their matter's key until the matters are inserted and have ids.
  const keyed = <T>(rows: { key: string; row: T }[]) => rows;
  const K = { units: keyed<Insertable<DB['matter_units']>>([]), handlers: keyed<Insertable<DB['matter_handlers']>>([]), milestones: keyed<Insertable<DB['milestones']>>([]), reports: keyed<Insertable<DB['progress_reports']>>([]), extensions: keyed<Insertable<DB['extension_requests']>>([]), completions: keyed<Insertable<DB['completion_requests']>>([]), urges: keyed<Insertable<DB['urges']>>([]), colours: keyed<Insertable<DB['colour_history']>>([]) };
  const id = 0; // a placeholder: withIds() puts in the real matter id
  for (const p of plans) {
    const m = p.row;
    const assignedAt = m.assigned_at ?? null;
    const end = m.closed_at ?? now;
    let lastReport: Date | null = null;
    const reportTimes: Date[] = [];
    for (const u of p.units) {
      const signed = u.status !== 'pending' && assignedAt !== null;
      const signedAt = signed && assignedAt ? new Date(Math.min(assignedAt.getTime() + between(rand, 1, 48) * 3600_000, end.getTime())) : null;
      let unitLast: Date | null = null;
      if (signedAt && u.progress > 0) {
        // Reports roughly weekly from signing, climbing to the unit's %; a stalled one stops early.
        const span = end.getTime() - signedAt.getTime();
        const stalled = m.status === 'in_progress' && rand() < 0.18;
        const n = Math.max(1, Math.min(6, Math.floor(span / (12 * DAY))));
        const until = stalled ? signedAt.getTime() + span * (0.3 + rand() * 0.3) : end.getTime() - between(rand, 0, 4) * DAY;
        // A matter with a report cadence is reported on it (a working day early now and then), so missed reports —
        // which assessment deducts — come from the stalled units, as in life; one without a cadence ~every 12 days.
        const due = assignedAt ? cadenceTimes(cal, assignedAt, signedAt.getTime(), until, REPORT_CADENCE_WORKDAYS[m.report_cadence]) : [];
        const times = due.length ? due : Array.from({ length: n }, (_, k) => signedAt.getTime() + ((until - signedAt.getTime()) * (k + 1)) / n);
        for (let k = 1; k <= times.length; k++) {
          // Never after the matter's end (now, for open ones): the feed and the stall rule must not see future reports.
          const at = new Date(Math.min(end.getTime(), Math.max(signedAt.getTime() + 3600_000, times[k - 1] ?? until)));
          const progress = Math.round((u.progress * k) / times.length);
          K.reports.push({ key: p.key, row: { tenant_id: t, matter_id: id, unit_id: u.unitId, reporter_account_id: null, reporter_name: '联络员', progress, text: pick(rand, DEMO_REPORT_TEXTS), created_at: at } });
          unitLast = at;
          reportTimes.push(at);
        }
      }
      if (unitLast && (!lastReport || unitLast > lastReport)) lastReport = unitLast;
      K.units.push({ key: p.key, row: {
        tenant_id: t,
        matter_id: id,
        unit_id: u.unitId,
        role: u.role,
        status: u.status,
        progress: u.progress,
        assigned_at: assignedAt,
        signed_at: signedAt,
        signed_by: null,
        last_report_at: unitLast,
        completion_requested_at: u.status === 'completion_requested' || u.status === 'completed' ? (m.completion_requested_at ?? m.closed_at ?? null) : null,
        completed_at: u.status === 'completed' ? (m.closed_at ?? null) : null,
      } });
      if (u.status === 'completion_requested' || u.status === 'completed') {
        K.completions.push({ key: p.key, row: {
          tenant_id: t,
          matter_id: id,
          unit_id: u.unitId,
          requested_by: null,
          evidence: '各项任务已按要求完成，附验收材料和现场照片。',
          status: u.status === 'completed' ? 'accepted' : 'pending',
          decided_by: u.status === 'completed' ? officeId : null,
          decided_at: u.status === 'completed' ? (m.closed_at ?? null) : null,
          decision_note: u.status === 'completed' ? '同意办结' : null,
          created_at: m.completion_requested_at ?? new Date((m.closed_at ?? now).getTime() - DAY),
        } });
      }
    }
    const lastIncrease = lastReport;
    if (p.returned && assignedAt) {
      K.completions.push({ key: p.key, row: { tenant_id: t, matter_id: id, unit_id: p.units[0]?.unitId ?? null, requested_by: null, evidence: '已基本完成。', status: 'returned', decided_by: officeId, decided_at: new Date(end.getTime() - 10 * DAY), decision_note: '佐证材料不全，请补充后再申请', created_at: new Date(end.getTime() - 12 * DAY) } });
    }
    for (const h of p.handlers) K.handlers.push({ key: p.key, row: { tenant_id: t, matter_id: id, unit_id: h.unitId, person_id: h.personId, assigned_by: null, assigned_at: assignedAt ?? now } });
    for (const ms of p.milestones) {
      K.milestones.push({ key: p.key, row: { tenant_id: t, matter_id: id, due_date: ms.date, planned_progress: ms.plannedProgress, description: ms.description ?? '', reached_at: Number(m.progress) >= ms.plannedProgress ? (lastReport ?? now) : null } });
    }
    let deadline = String(m.deadline);
    if (p.extension && assignedAt) {
      const requested = addDays(deadline, between(rand, 15, 60));
      const approved = p.extension === 'approved';
      K.extensions.push({ key: p.key, row: {
        tenant_id: t,
        matter_id: id,
        unit_id: p.units[0]?.unitId ?? null,
        requested_by: null,
        requested_deadline: requested,
        previous_deadline: deadline,
        reason: pick(rand, DEMO_EXTENSION_REASONS),
        status: p.extension,
        decided_by: p.extension === 'pending' ? null : officeId,
        decided_at: p.extension === 'pending' ? null : new Date(now.getTime() - between(rand, 1, 20) * DAY),
        decision_note: p.extension === 'rejected' ? '理由不充分，请按原时限完成' : approved ? '同意延期' : null,
        created_at: new Date(now.getTime() - between(rand, 21, 40) * DAY),
      } });
      if (approved) deadline = requested;
    }
    for (let k = 0; k < p.urges; k++) K.urges.push({ key: p.key, row: { tenant_id: t, matter_id: id, urged_by: officeId, message: '请抓紧推进并按时汇报进度。', created_at: new Date(now.getTime() - between(rand, 1, 30) * DAY) } });

    const facts = matterFacts(
      {
        status: m.status,
        start_date: String(m.start_date),
        deadline,
        progress: Number(m.progress),
        last_report_at: lastReport,
        last_progress_at: lastIncrease,
        assigned_at: assignedAt,
        report_cadence: m.report_cadence,
      },
      p.milestones,
    );
    const c = evaluateColour(facts, now, cal);
    const open = m.status === 'assigned' || m.status === 'in_progress' || m.status === 'completion_requested';
    const history = open ? pastColours(facts, reportTimes, shanghaiDate(now), now, cal, c.colour) : [];
    for (const h of history) K.colours.push({ key: p.key, row: { tenant_id: t, matter_id: id, from_colour: h.from, to_colour: h.to, reasons: h.reasons, at: h.at } });
    patches.set(p.key, {
      deadline,
      last_report_at: lastReport,
      last_progress_at: lastIncrease,
      return_count: p.returned ? 1 : 0,
      colour: c.colour,
      colour_reasons: c.colour ? JSON.stringify(c.reasons.map((r) => ({ code: r.code, colour: r.colour, text: r.text }))) : null,
      colour_since: c.colour ? (history.at(-1)?.at ?? now) : null,
      colour_checked_at: now,
    });
  }
  const idOf = new Map<string, number>();
  // Parents first, then their sub-matters (which need the parent's id).
  for (const level of [plans.filter((p) => !p.parentKey), plans.filter((p) => p.parentKey)]) {
    for (let i = 0; i < level.length; i += 200) {
      const batch = level.slice(i, i + 200);
      const rows = await trx
        .insertInto('matters')
        .values(
          batch.map((p) => {
            const parentId = p.parentKey ? (idOf.get(p.parentKey) ?? null) : null;
            return { ...p.row, ...patches.get(p.key), parent_id: parentId, root_id: parentId, depth: parentId ? 1 : 0 };
          }),
        )
        .returning(['id', 'year', 'seq'])
        .execute();
      for (const r of rows) idOf.set(`${r.year}/${r.seq}`, r.id);
    }
  }
  const withIds = <T extends { matter_id: number }>(rows: { key: string; row: T }[]) => rows.map(({ key, row }) => ({ ...row, matter_id: idOf.get(key) ?? 0 }));
  await insertAll(trx, 'matter_units', withIds(K.units));
  await insertAll(trx, 'matter_handlers', withIds(K.handlers));
  await insertAll(trx, 'milestones', withIds(K.milestones));
  await insertAll(trx, 'progress_reports', withIds(K.reports), 1000);
  await insertAll(trx, 'extension_requests', withIds(K.extensions));
  await insertAll(trx, 'completion_requests', withIds(K.completions));
  await insertAll(trx, 'urges', withIds(K.urges));
  await insertAll(trx, 'colour_history', withIds(K.colours), 1000);
  // Decomposed parents carry their children's weighted progress.
  await sql`
    update matters p set progress = coalesce((
      select round(sum(c.progress * c.weight) / nullif(sum(c.weight), 0), 2) from matters c where c.parent_id = p.id and c.status <> 'cancelled'
    ), p.progress)
    where p.tenant_id = ${t} and p.id in (select parent_id from matters where tenant_id = ${t} and parent_id is not null)`.execute(trx);
}
