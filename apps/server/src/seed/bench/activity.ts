import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { BenchClock } from './matters';
import { UNITS_PER_TENANT } from './matters';
import { pickSql, rnd } from './sql-random';
import { INSPECTION_NOTES, NOTICE_TITLES, PLACES, REPORT_TEXTS } from './words';

const run = (conn: Kysely<DB>, text: string) => sql.raw(text).execute(conn);

/** Everything hanging on one tenant's matters: units, handlers, milestones, reports, requests, notices, inspections, colour history, outbox. */
export async function generateActivity(conn: Kysely<DB>, tenantId: number, clock: BenchClock, maxReports: number): Promise<void> {
  const T = `date '${clock.today}'`;
  const NOW = `timestamptz '${clock.now}'`;
  const M = `from matters m join bench_units bu on bu.unit_id = m.lead_unit_id join bench_tenants bt on bt.tenant_id = m.tenant_id where m.tenant_id = ${tenantId}`;
  const r = (salt: number) => rnd('m.id', salt);

  await run(
    conn,
    `insert into matter_units (tenant_id, matter_id, unit_id, role, status, progress, assigned_at, signed_at, signed_by, last_report_at, completion_requested_at, completed_at)
     select m.tenant_id, m.id, m.lead_unit_id, 'lead',
       case m.status when 'registered' then 'pending' when 'assigned' then 'pending' when 'in_progress' then 'signed' when 'cancelled' then 'signed'
         when 'completion_requested' then 'completion_requested' else 'completed' end,
       m.progress, m.assigned_at, case when m.status not in ('registered', 'assigned') then m.assigned_at + interval '4 hours' end,
       case when m.status not in ('registered', 'assigned') then bu.liaison_account_id end,
       m.last_report_at, m.completion_requested_at, m.closed_at
     ${M} order by m.id`,
  );
  // 同步受理: three in ten matters have one or two co-units, each with its own state.
  await run(
    conn,
    `insert into matter_units (tenant_id, matter_id, unit_id, role, status, progress, assigned_at, signed_at, signed_by, last_report_at, completed_at)
     select m.tenant_id, m.id, cu.unit_id, 'co',
       case when m.status in ('registered', 'assigned') then 'pending' when m.status in ('closed', 'archived', 'completion_requested') then 'completed' else 'signed' end,
       m.progress, m.assigned_at, case when m.status not in ('registered', 'assigned') then m.assigned_at + interval '6 hours' end,
       case when m.status not in ('registered', 'assigned') then cu.liaison_account_id end,
       m.last_report_at, case when m.status in ('closed', 'archived', 'completion_requested') then coalesce(m.completion_requested_at, m.closed_at) end
     ${M.replace('where', `cross join generate_series(1, 2) as j(n)
       join bench_units cu on cu.tenant_id = m.tenant_id and cu.k = (bu.k + 1 + j.n * 7 + floor(${r(51)} * 5)::int) % ${UNITS_PER_TENANT}
       where`)}
       and ${r(50)} < 0.3 and (j.n = 1 or ${r(52)} < 0.33)
     order by m.id, j.n`,
  );
  await run(
    conn,
    `insert into matter_handlers (tenant_id, matter_id, unit_id, person_id, assigned_by, assigned_at)
     select m.tenant_id, m.id, m.lead_unit_id, bu.handler_id, bu.liaison_account_id, m.assigned_at + interval '5 hours'
     ${M} and m.status <> 'registered' and bu.handler_id is not null order by m.id`,
  );
  await run(
    conn,
    `insert into milestones (tenant_id, matter_id, due_date, planned_progress, description, reached_at)
     select m.tenant_id, m.id, m.start_date + (m.original_deadline - m.start_date) * j.n / 4, 25 * j.n,
       (array['完成前期手续', '主体工程完工', '完成验收准备'])[j.n],
       case when m.start_date + (m.original_deadline - m.start_date) * j.n / 4 <= ${T} and m.progress >= 25 * j.n
         then ((m.start_date + (m.original_deadline - m.start_date) * j.n / 4)::timestamp + interval '17 hours') at time zone 'Asia/Shanghai' end
     ${M.replace('where', 'cross join generate_series(1, 3) as j(n) where')} and m.status <> 'registered' and ${r(53)} < 0.6
     order by m.id, j.n`,
  );
  // Reports spread evenly from assignment to the latest one, progress climbing to the matter's.
  await run(
    conn,
    `insert into progress_reports (tenant_id, matter_id, unit_id, reporter_account_id, reporter_name, progress, text, investment_done, created_at)
     select m.tenant_id, m.id, m.lead_unit_id, bu.liaison_account_id, coalesce(bu.liaison_name, '联络员'),
       round(m.progress * k.n / k.total), ${pickSql(REPORT_TEXTS, 'm.id * 16 + k.n', 55)},
       round(m.investment_done * k.n / k.total, 2),
       m.assigned_at + (m.last_report_at - m.assigned_at) * k.n / k.total
     from matters m join bench_units bu on bu.unit_id = m.lead_unit_id
     cross join lateral (select g.n, (1 + floor(${r(54)} * ${maxReports}))::int as total from generate_series(1, (1 + floor(${r(54)} * ${maxReports}))::int) as g(n)) k
     where m.tenant_id = ${tenantId} and m.last_report_at is not null
     order by m.id, k.n`,
  );
  await generateRequests(conn, M, NOW, r);
  await generateNotices(conn, tenantId, NOW, r);
  await generateInspections(conn, tenantId, M, r);
  await generateColourTrail(conn, tenantId, M);
}

async function generateRequests(conn: Kysely<DB>, M: string, NOW: string, r: (salt: number) => string): Promise<void> {
  await run(
    conn,
    `insert into extension_requests (tenant_id, matter_id, unit_id, requested_by, requested_deadline, previous_deadline, reason, status, decided_by, decided_at, decision_note, created_at)
     select m.tenant_id, m.id, m.lead_unit_id, bu.liaison_account_id,
       case when m.deadline <> m.original_deadline then m.deadline else m.deadline + 30 end, m.original_deadline,
       '受拆迁协调和手续办理影响，申请延期', case when m.deadline <> m.original_deadline then 'approved' when ${r(60)} < 0.3 then 'rejected' else 'pending' end,
       case when m.deadline <> m.original_deadline or ${r(60)} < 0.3 then bt.supervisor_account_id end,
       case when m.deadline <> m.original_deadline or ${r(60)} < 0.3 then least(m.assigned_at + (m.original_deadline - m.start_date) * interval '12 hours' + interval '1 day', ${NOW} - interval '1 hour') end,
       case when m.deadline <> m.original_deadline then '同意延期' when ${r(60)} < 0.3 then '理由不充分，不予延期' end,
       least(m.assigned_at + (m.original_deadline - m.start_date) * interval '12 hours', ${NOW} - interval '1 day')
     ${M} and (m.deadline <> m.original_deadline or (m.status = 'in_progress' and ${r(61)} < 0.015))
     order by m.id`,
  );
  await run(
    conn,
    `insert into completion_requests (tenant_id, matter_id, unit_id, requested_by, evidence, status, decided_by, decided_at, decision_note, created_at)
     select m.tenant_id, m.id, m.lead_unit_id, bu.liaison_account_id, '已按要求完成全部任务，附验收材料。',
       case when m.status = 'completion_requested' then 'pending' else 'approved' end,
       case when m.status <> 'completion_requested' then bt.supervisor_account_id end,
       case when m.status <> 'completion_requested' then m.closed_at end,
       case when m.status <> 'completion_requested' then '经审核，同意办结' end,
       m.completion_requested_at
     ${M} and m.completion_requested_at is not null order by m.id`,
  );
  await run(
    conn,
    `insert into urges (tenant_id, matter_id, urged_by, message, created_at)
     select m.tenant_id, m.id, bt.supervisor_account_id, '请抓紧推进并及时汇报进度（时限：' || m.deadline || '）', m.colour_since + interval '1 day'
     ${M} and m.colour in ('red', 'blue') and ${r(62)} < 0.3 order by m.id`,
  );
}

async function generateNotices(conn: Kysely<DB>, tenantId: number, NOW: string, r: (salt: number) => string): Promise<void> {
  await run(
    conn,
    `insert into notices (tenant_id, matter_id, year, seq, number, title, body, reply_by, issued_by, issued_at)
     select x.tenant_id, x.id, x.y, row_number() over (partition by x.y order by x.id),
       x.doc_prefix || '通〔' || x.y || '〕' || row_number() over (partition by x.y order by x.id) || '号',
       x.title, '请于回复期限前将办理情况书面报送区督查办。', (x.issued_at at time zone 'Asia/Shanghai')::date + 5, x.supervisor_account_id, x.issued_at
     from (select m.tenant_id, m.id, bt.doc_prefix, bt.supervisor_account_id, ${pickSql(NOTICE_TITLES, 'm.id', 63)} as title,
             least(coalesce(m.colour_since, m.closed_at - interval '20 days') + interval '1 day', ${NOW} - interval '2 hours') as issued_at,
             extract(year from least(coalesce(m.colour_since, m.closed_at - interval '20 days') + interval '1 day', ${NOW} - interval '2 hours') at time zone 'Asia/Shanghai')::int as y
           from matters m join bench_tenants bt on bt.tenant_id = m.tenant_id
           where m.tenant_id = ${tenantId} and ((m.colour in ('red', 'blue') and ${r(64)} < 0.4) or (m.status in ('closed', 'archived') and ${r(64)} < 0.02))) x
     order by x.id`,
  );
  await run(
    conn,
    `insert into notice_recipients (tenant_id, notice_id, person_id, role_label, acknowledged_at)
     select n.tenant_id, n.id, p.person_id, p.label, case when ${rnd('n.id * 4 + p.ord', 65)} < 0.7 then n.issued_at + interval '3 hours' end
     from notices n join matters m on m.id = n.matter_id join bench_units bu on bu.unit_id = m.lead_unit_id
     cross join lateral (values (1, bu.head_id, '单位主要负责人'), (2, bu.liaison_id, '联络员')) as p(ord, person_id, label)
     where n.tenant_id = ${tenantId} and p.person_id is not null order by n.id, p.ord`,
  );
}

async function generateInspections(conn: Kysely<DB>, tenantId: number, M: string, r: (salt: number) => string): Promise<void> {
  await run(
    conn,
    `insert into inspection_campaigns (tenant_id, name, start_date, end_date, description, created_by)
     select t.tenant_id, y.y || '年第' || q.n || '次专项督查', make_date(y.y, q.n * 3, 1), make_date(y.y, q.n * 3, 20), '重点工作和重大项目专项督查', t.supervisor_account_id
     from bench_tenants t cross join generate_series(2024, 2026) as y(y) cross join generate_series(1, 3) as q(n)
     where t.tenant_id = ${tenantId} order by y.y, q.n`,
  );
  await run(
    conn,
    `insert into inspections (tenant_id, matter_id, campaign_id, inspected_at, location, lat, lng, finding, unannounced, notes, recorded_by)
     select m.tenant_id, m.id,
       case when ${r(70)} < 0.5 then (select c.id from inspection_campaigns c where c.tenant_id = m.tenant_id order by c.id offset floor(${r(71)} * 9)::int limit 1) end,
       m.assigned_at + (m.last_report_at - m.assigned_at) * (0.3 + ${r(72)} * 0.7),
       ${pickSql(PLACES, 'm.id', 73)} || '项目现场', round((34.70 + ${r(74)} * 0.1)::numeric, 6), round((113.58 + ${r(75)} * 0.1)::numeric, 6),
       case when ${r(76)} < 0.7 then 'confirms' when ${r(76)} < 0.85 then 'disputes' else 'problem' end, ${r(77)} < 0.2,
       ${pickSql(INSPECTION_NOTES, 'm.id', 78)}, bt.supervisor_account_id
     ${M} and m.last_report_at is not null and ${r(79)} < 0.03 order by m.id`,
  );
  await run(
    conn,
    `insert into inspection_inspectors (inspection_id, person_id)
     select i.id, a.person_id from inspections i join bench_tenants bt on bt.tenant_id = i.tenant_id join accounts a on a.id = bt.supervisor_account_id
     where i.tenant_id = ${tenantId} and a.person_id is not null`,
  );
}

/** Colour history (green on assignment, then the current colour; cleared on closing) and the reminders those changes owed, delivered. */
async function generateColourTrail(conn: Kysely<DB>, tenantId: number, M: string): Promise<void> {
  await run(
    conn,
    `insert into colour_history (tenant_id, matter_id, from_colour, to_colour, reasons, at)
     select m.tenant_id, m.id, x.from_c, x.to_c, x.reasons, x.at
     from matters m cross join lateral (values
       (1, null::text, 'green'::text, '[]'::jsonb, m.assigned_at + interval '1 hour'),
       (2, 'green', m.colour, m.colour_reasons, m.colour_since),
       (3, 'green', null, null, m.closed_at)) as x(ord, from_c, to_c, reasons, at)
     where m.tenant_id = ${tenantId} and m.assigned_at is not null
       and (x.ord = 1 or (x.ord = 2 and m.colour in ('yellow', 'blue', 'red')) or (x.ord = 3 and m.closed_at is not null))
     order by m.id, x.ord`,
  );
  await run(
    conn,
    `insert into outbox (tenant_id, kind, event_key, matter_id, title, body, link, payload, created_at, fanned_out_at)
     select m.tenant_id, 'colour.' || m.colour, 'colour:' || m.id || ':' || m.colour || ':' || (m.colour_since at time zone 'Asia/Shanghai')::date,
       m.id, (case m.colour when 'red' then '【红色预警】' when 'blue' then '【蓝色预警】' else '【黄色预警】' end) || m.title,
       coalesce(m.colour_reasons -> 0 ->> 'text', '') || '，请抓紧办理（时限：' || m.deadline || '）', '/matters/' || m.id,
       jsonb_build_object('colour', m.colour), m.colour_since, m.colour_since + interval '1 minute'
     ${M} and m.colour in ('yellow', 'blue', 'red') order by m.id`,
  );
  await run(
    conn,
    `insert into outbox_recipients (outbox_id, tenant_id, person_id)
     select o.id, o.tenant_id, p.person_id from outbox o join matters m on m.id = o.matter_id join bench_units bu on bu.unit_id = m.lead_unit_id
     cross join lateral (values (1, bu.liaison_id), (2, bu.handler_id), (3, case when m.colour in ('blue', 'red') then bu.head_id end)) as p(ord, person_id)
     where o.tenant_id = ${tenantId} and p.person_id is not null order by o.id, p.ord
     on conflict do nothing`,
  );
}
