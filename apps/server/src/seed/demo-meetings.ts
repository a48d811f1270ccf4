import { addDays, matterCreateSchema, mondayOf, shanghaiDate, shanghaiInstant, type MeetingKind } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { systemActor, type Actor } from '../lib/actor';
import type { Deps } from '../lib/deps';
import { createMatter } from '../modules/matters/matter.service';
import { recordTrace } from '../modules/trace/trace.service';
import type { GridHoldLevel } from '../modules/grid/grid.table';
import type { DemoContext, DemoStep } from './demo.seed';

/** A decision as the demo writes it: days relative to today; `done` days after the meeting (null: still open). */
type DemoDecision = { unit: string; text: string; due: number; done?: number; result?: string };
type DemoMeeting = { kind: MeetingKind; title: string; ago: number; convenor: string; present: string[]; absent?: string[]; minutes: string; problems?: number; decisions: DemoDecision[] };

const WULIBAO = '五里堡街道办事处';

// Three 联席会议 on cross-department problems and two 督查工作例会 (一会一督办), with decisions on time, late,
// near their deadline and overdue, so the meeting pages, "my decisions" and the weekly report all have data.
const MEETINGS: DemoMeeting[] = [
  {
    kind: 'joint',
    title: '城市管理联席会议（大学路积水及周边秩序）',
    ago: 13,
    convenor: '区城市管理局',
    present: ['区城市管理局', '区住房和城乡建设局', '区交通运输局', WULIBAO],
    absent: ['区公安分局'],
    minutes: '会议听取了五里堡街道关于大学路与航海路交叉口雨后积水、占道经营问题的汇报，逐项明确了责任单位和完成时限。',
    problems: 2,
    decisions: [
      { unit: '区住房和城乡建设局', text: '牵头修复大学路与航海路交叉口排水管网，汛前完成清淤', due: 10 },
      { unit: WULIBAO, text: '做好施工期间交通疏导和沿街商户解释工作', due: -8, done: 3, result: '已安排专人在路口疏导，沿街商户逐户告知到位' },
      { unit: '区交通运输局', text: '调整大学路公交站点临时位置并发布公告', due: -3 },
      { unit: '区城市管理局', text: '清理交叉口周边占道经营并建立长效巡查', due: 2 },
    ],
  },
  {
    kind: 'joint',
    title: '物业管理联席会议（老旧小区电梯与收费）',
    ago: 5,
    convenor: '区住房和城乡建设局',
    present: ['区住房和城乡建设局', WULIBAO, '区市场监督管理局'],
    minutes: '会议研究了群众反映集中的老旧小区电梯停运和物业乱收费问题。',
    problems: 1,
    decisions: [
      { unit: WULIBAO, text: '督促辖区物业公司对停运电梯限期维修，每周报送进展', due: 7 },
      { unit: '区市场监督管理局', text: '对群众反映的物业乱收费问题立案调查', due: 14 },
    ],
  },
  {
    kind: 'joint',
    title: '生态环境联席会议（河道沿线垃圾）',
    ago: 34,
    convenor: '区生态环境分局',
    present: ['区生态环境分局', '区城市管理局', '区园林绿化中心'],
    minutes: '会议研究了金水河二七段沿线垃圾堆放问题。',
    decisions: [
      { unit: '区城市管理局', text: '清运河道沿线积存垃圾', due: -27, done: 6, result: '共清运垃圾 46 车，已恢复整洁' },
      { unit: '区园林绿化中心', text: '补植沿线绿化带并设置围挡', due: -20, done: 18, result: '补植完成，比时限晚 4 天' },
    ],
  },
  {
    kind: 'supervision',
    title: '督查工作例会（上周）',
    ago: 7,
    convenor: '区委区政府督查办公室',
    present: ['区委区政府督查办公室', '区发展和改革委员会', '区城市管理局', WULIBAO],
    minutes: '会议通报了上周督办事项办理情况，对三项重点工作明确了责任单位和时限，一会一督办。',
    decisions: [
      { unit: WULIBAO, text: '完成辖区老旧小区加装电梯意愿摸底并形成台账', due: 18 },
      { unit: '区发展和改革委员会', text: '梳理重点项目年度投资缺口并提出资金保障方案', due: 12 },
      { unit: '区城市管理局', text: '完成主干道夜间亮化设施排查维修', due: 4 },
    ],
  },
  {
    kind: 'supervision',
    title: '督查工作例会（三周前）',
    ago: 21,
    convenor: '区委区政府督查办公室',
    present: ['区委区政府督查办公室', '区教育局', '区卫生健康委员会'],
    minutes: '会议研究了学校周边安全和社区卫生服务中心建设两项工作。',
    decisions: [
      { unit: '区教育局', text: '完成中小学校园周边交通安全设施排查整改', due: -2, done: 17 },
      { unit: '区卫生健康委员会', text: '推进社区卫生服务中心标准化建设', due: 25 },
    ],
  },
];

/** Writes one trace entry at a past moment (the demo's history), attributed to the office. */
const traceAt = (trx: Transaction<DB>, office: Actor, at: Date, entry: Parameters<typeof recordTrace>[3]) => recordTrace(trx, { now: () => at }, office, entry);

/** The demo's 联席会议 and 督查工作例会 (issue 16), relative to today; grid problems are linked when the grid has any. */
export const demoMeetingsStep: DemoStep = async (deps, trx, ctx) => {
  const today = shanghaiDate(deps.clock.now());
  const officeAccount = await trx.selectFrom('accounts').select(['id', 'display_name']).where('tenant_id', '=', ctx.tenantId).where('username', '=', 'duchaban').executeTakeFirst();
  const office: Actor = { ...systemActor(ctx.tenantId, officeAccount?.display_name ?? '督查办'), accountId: officeAccount?.id ?? null };
  const problems = await trx.selectFrom('grid_problems').select(['id', 'status', 'hold_level']).where('tenant_id', '=', ctx.tenantId).where('closed_at', 'is', null).orderBy('id').limit(3).execute();
  let nextProblem = 0;
  for (const spec of [...MEETINGS].sort((x, y) => y.ago - x.ago)) {
    // A 例会 is held on Mondays; a joint meeting on the day it names.
    const heldOn = spec.kind === 'supervision' ? mondayOf(addDays(today, -spec.ago)) : addDays(today, -spec.ago);
    await seedMeeting(deps, trx, ctx, office, spec, heldOn, problems.slice(nextProblem, nextProblem + (spec.problems ?? 0)));
    nextProblem += spec.problems ?? 0;
  }
};

type Problem = { id: string; status: string; hold_level: GridHoldLevel };

async function seedMeeting(deps: Deps, trx: Transaction<DB>, ctx: DemoContext, office: Actor, spec: DemoMeeting, heldOn: string, problems: Problem[]) {
  const unit = (name: string) => {
    const id = ctx.unitIds.get(name);
    if (id === undefined) throw new Error(`demo unit missing: ${name}`);
    return id;
  };
  const at = shanghaiInstant(heldOn, 17 * 60); // recorded the afternoon of the meeting
  const t = ctx.tenantId;
  const meeting = await trx
    .insertInto('meetings')
    .values({ tenant_id: t, kind: spec.kind, title: spec.title, held_on: heldOn, convenor_unit_id: unit(spec.convenor), minutes: spec.minutes, created_by: office.accountId, created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  const invited = [...spec.present.map((n) => ({ unitId: unit(n), present: true })), ...(spec.absent ?? []).map((n) => ({ unitId: unit(n), present: false }))];
  await trx.insertInto('meeting_units').values(invited.map((u) => ({ meeting_id: meeting.id, tenant_id: t, unit_id: u.unitId, present: u.present }))).execute();
  if (problems.length) {
    await trx.insertInto('meeting_problems').values(problems.map((p) => ({ meeting_id: meeting.id, tenant_id: t, problem_id: Number(p.id) }))).execute();
    await trx
      .insertInto('grid_problem_events')
      .values(problems.map((p) => ({ tenant_id: t, problem_id: p.id, at, action: 'meeting_referred', from_status: p.status, to_status: p.status, hold_level: p.hold_level, unit_id: meeting.convenor_unit_id, actor_account_id: office.accountId, note: `提请联席会议“${spec.title}”（${heldOn}）研究`, data: JSON.stringify({ meetingId: meeting.id, meetingKind: spec.kind }) })))
      .execute();
  }
  const today = shanghaiDate(deps.clock.now());
  const rows = [];
  for (const [i, d] of spec.decisions.entries()) {
    const problemId = i === 0 && problems[0] ? Number(problems[0].id) : null;
    rows.push(await trx.insertInto('meeting_decisions').values({ meeting_id: meeting.id, tenant_id: t, seq: i + 1, text: d.text, unit_id: unit(d.unit), deadline: addDays(today, d.due), problem_id: problemId, created_at: at }).returningAll().executeTakeFirstOrThrow());
  }
  const traceDecisions = rows.map((r) => ({ id: r.id, seq: r.seq, content: r.text, unitId: r.unit_id, deadline: r.deadline, problemId: r.problem_id }));
  await traceAt(trx, office, at, { action: 'meeting.create', entityType: 'meeting', entityId: meeting.id, after: { kind: spec.kind, title: spec.title, heldOn, unitId: meeting.convenor_unit_id, minutes: spec.minutes, units: invited, problemIds: problems.map((p) => Number(p.id)), decisions: traceDecisions } });

  for (const [i, row] of rows.entries()) {
    const d = spec.decisions[i];
    const doneAt = d?.done === undefined ? null : shanghaiInstant(addDays(heldOn, d.done), 10 * 60);
    if (spec.kind === 'supervision') {
      const matter = await decisionMatter(deps, trx, office, meeting.id, spec.title, heldOn, row, doneAt);
      await trx.updateTable('meeting_decisions').set({ matter_id: matter.id, ...(doneAt ? { status: 'done', result: `督办事项 ${matter.number} 已办结`, done_at: doneAt, done_by: office.accountId } : {}) }).where('id', '=', row.id).execute();
    } else if (doneAt) {
      const result = d?.result ?? '已落实';
      await trx.updateTable('meeting_decisions').set({ status: 'done', result, done_at: doneAt }).where('id', '=', row.id).execute();
      const unitName = [...ctx.unitIds].find(([, id]) => id === row.unit_id)?.[0] ?? '';
      await traceAt(trx, { ...systemActor(t, `${unitName}联络员`) }, doneAt, { action: 'meeting.decision_done', entityType: 'meeting', entityId: meeting.id, before: { decisionId: row.id, status: 'open' }, after: { decisionId: row.id, status: 'done', unitId: row.unit_id, deadline: row.deadline, result, doneAt: doneAt.toISOString() } });
    }
  }
}

/**
 * A 例会 decision as its matter: registered through the matters service on the meeting's day, then 交办 and
 * 签收 (in progress); one done on its day is closed (办结). Its trace follows the same steps.
 */
async function decisionMatter(deps: Deps, trx: Transaction<DB>, office: Actor, meetingId: number, title: string, heldOn: string, d: { id: number; seq: number; text: string; unit_id: number; deadline: string }, doneAt: Date | null) {
  const at = shanghaiInstant(heldOn, 17 * 60);
  const input = matterCreateSchema.parse({ title: d.text, content: `${title}（${heldOn}）议定事项第 ${d.seq} 项：${d.text}`, source: 'meeting', sourceDoc: `${title}纪要`, leadUnitId: d.unit_id, startDate: heldOn, deadline: d.deadline });
  const matter = await createMatter(trx, { ...deps, clock: { now: () => at } }, office, input);
  const assigned = new Date(at.getTime() + 30 * 60_000);
  const signed = new Date(at.getTime() + 20 * 3600_000);
  await trx.updateTable('matters').set({ status: doneAt ? 'closed' : 'in_progress', assigned_at: assigned, updated_at: doneAt ?? signed, ...(doneAt ? { closed_at: doneAt, progress: 100, last_progress_at: doneAt } : {}) }).where('id', '=', matter.id).execute();
  await trx.updateTable('matter_units').set({ status: doneAt ? 'completed' : 'signed', assigned_at: assigned, signed_at: signed, ...(doneAt ? { completed_at: doneAt, progress: 100 } : {}) }).where('matter_id', '=', matter.id).execute();
  await traceAt(trx, office, assigned, { action: 'matter.assign', entityType: 'matter', entityId: matter.id, before: { status: 'registered' }, after: { status: 'assigned', units: [d.unit_id], note: `${title}议定事项` } });
  await traceAt(trx, office, signed, { action: 'matter.sign', entityType: 'matter', entityId: matter.id, before: { status: 'assigned' }, after: { status: 'in_progress', unitId: d.unit_id, unitStatus: 'signed' } });
  if (doneAt) {
    await traceAt(trx, office, doneAt, { action: 'matter.complete', entityType: 'matter', entityId: matter.id, before: { status: 'completion_requested' }, after: { status: 'closed', progress: 100, note: null } });
    await traceAt(trx, office, doneAt, { action: 'meeting.decision_matter_closed', entityType: 'meeting', entityId: meetingId, before: { decisionId: d.id, status: 'open' }, after: { decisionId: d.id, status: 'done', matterId: matter.id } });
  }
  return matter;
}
