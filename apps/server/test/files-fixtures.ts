import type { MatterStatus } from '@duban/shared';
import type { seedTenant } from './fixtures';
import { perFileCounter } from './per-file';
import type { TestRuntime } from './runtime';

type Tenant = Awaited<ReturnType<typeof seedTenant>>;
const seqs = perFileCounter();

/**
 * A matter written straight into the tables (the matter services are another module's), led by the
 * street office with the housing bureau as co-unit and the street's handler on it.
 */
export async function insertMatter(rt: TestRuntime, t: Tenant, opts: { status?: MatterStatus; title?: string; leadUnitId?: number; coUnitIds?: number[]; deadline?: string } = {}) {
  const seq = seqs.next();
  const status = opts.status ?? 'in_progress';
  const lead = opts.leadUnitId ?? t.units.street;
  const m = await rt.db
    .insertInto('matters')
    .values({
      tenant_id: t.tenantId,
      year: 2026,
      seq,
      number: `测督〔2026〕${seq}号`,
      title: opts.title ?? `测试事项${seq}`,
      content: '内容',
      source: 'key_work',
      source_doc: null,
      category_id: null,
      lead_leader_id: t.people.leader,
      lead_unit_id: lead,
      start_date: '2026-11-01',
      deadline: opts.deadline ?? '2026-12-31',
      original_deadline: opts.deadline ?? '2026-12-31',
      report_cadence: 'weekly',
      priority: 'normal',
      difficulty: 1,
      workload: 1,
      weight: 1,
      status,
      progress: 0,
      investment_plan: null,
      investment_done: null,
      assigned_at: new Date('2026-11-02T02:00:00Z'),
      last_report_at: null,
      last_progress_at: null,
      completion_requested_at: status === 'completion_requested' ? new Date('2026-11-19T02:00:00Z') : null,
      closed_at: null,
      archived_at: null,
      cancelled_at: null,
      cancel_reason: null,
      rating: null,
      rating_comment: null,
      colour: null,
      colour_reasons: null,
      colour_since: null,
      colour_checked_at: null,
      origin_type: null,
      origin_id: null,
      created_by: null,
      parent_id: null,
      root_id: null,
      deadline_workdays: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unitStatus = status === 'completion_requested' ? 'completion_requested' : status === 'in_progress' ? 'signed' : 'pending';
  const co = opts.coUnitIds ?? (lead === t.units.street ? [t.units.housing] : []);
  await rt.db
    .insertInto('matter_units')
    .values([lead, ...co].map((unit_id, i) => ({ tenant_id: t.tenantId, matter_id: m.id, unit_id, role: i === 0 ? ('lead' as const) : ('co' as const), status: unitStatus, progress: 0 })))
    .execute();
  if (lead === t.units.street) {
    await rt.db.insertInto('matter_handlers').values({ tenant_id: t.tenantId, matter_id: m.id, unit_id: lead, person_id: t.people.handler, assigned_by: null }).execute();
  }
  return m.id;
}

/** A multipart/form-data body with one file part named `file`. */
export function multipartBody(headers: Record<string, string>, file: Buffer, name: string, contentType = 'application/octet-stream') {
  const boundary = '----duban' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The smallest PNG there is: one transparent pixel. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
