import { OPEN311_MAX_DAYS, OPEN311_MAX_ROWS, OPEN311_URGENCY_ATTRIBUTE, parseW3Datetime, permissionsOf, reportProblemSchema } from '@duban/shared';
import { AppError, type ErrorCode } from '../../errors';
import { systemActor, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { sealPii } from '../../lib/pii';
import { reportProblem } from '../grid/problem-report.service';
import { authenticateKey } from './open311-key.service';
import { hiddenTexts } from '../citizens/citizens.service';
import { presentNotes, presentRequest } from './open311.presenter';
import { problemIdByTicket, publicSteps, requestRows, serviceCategories, tenantByCode } from './open311.repository';
import { readServiceRequest, type PostedFields } from './open311.input';

export type Jurisdiction = { id: number; code: string; name: string };

/** A 400 whose description names the field, as Open311 clients show it to people. */
export const badField = (field: string, message: string): AppError => new AppError('validation_failed', `${field}：${message}`);

const fail = (code: ErrorCode) => new AppError(code);

/**
 * The tenant behind /api/open311/:tenant/…; a jurisdiction_id that names another tenant is 404 (the spec: "not
 * found"), one that names this tenant or none is fine (each endpoint serves one jurisdiction).
 */
export async function jurisdictionOf(deps: Deps, code: string, jurisdictionId: string | undefined): Promise<Jurisdiction> {
  const t = await tenantByCode(deps.db, code);
  if (!t || (jurisdictionId && jurisdictionId !== t.code)) throw fail('open311_jurisdiction_unknown');
  return t;
}

/** GET services: the tenant's public leaf categories, their code as the stable service_code. */
export async function listServices(deps: Deps, j: Jurisdiction) {
  const rows = await serviceCategories(deps.db, j.id);
  return rows.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: `${c.kind === 'component' ? '部件' : '事件'}${c.group_name ? ` · ${c.group_name}` : ''}：${c.name}`,
    metadata: true,
    type: 'realtime' as const,
    keywords: [c.name, c.group_name, c.kind === 'component' ? '部件' : '事件'].filter(Boolean).join(', '),
    group: c.group_name ?? (c.kind === 'component' ? '部件' : '事件'),
  }));
}

/** GET a service definition: the urgency attribute every service takes (optional; the category's default otherwise). */
export async function serviceDefinition(deps: Deps, j: Jurisdiction, code: string) {
  const [c] = await serviceCategories(deps.db, j.id, code);
  if (!c) throw fail('open311_service_unknown');
  return {
    service_code: c.code,
    attributes: [
      {
        variable: true,
        code: OPEN311_URGENCY_ATTRIBUTE.code,
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: `不填为“${OPEN311_URGENCY_ATTRIBUTE.values.find((v) => v.key === c.urgency)?.name ?? '一般'}”`,
        order: 1,
        description: OPEN311_URGENCY_ATTRIBUTE.description,
        values: OPEN311_URGENCY_ATTRIBUTE.values,
      },
    ],
  };
}

/** Who reports for an integration: no account, may only report, named after its key in the timeline and trace. */
function integrationActor(j: Jurisdiction, key: { name: string }, meta: { ip: string | null; requestId: string | null }): Actor {
  return { ...systemActor(j.id, `Open311：${key.name}`), permissions: permissionsOf([]).add('grid.report'), ...meta };
}

/**
 * POST a service request: the key checked first (403), then the fields (400 naming the field), then a problem of
 * source 'open311' in the grid flow — placed in its cell by lat/long or taken by the district queue with the
 * address. Answers the service_request_id at once (realtime) and the 受理编号 in service_notice.
 */
export async function createRequest(deps: Deps, j: Jurisdiction, fields: PostedFields, meta: { ip: string | null; requestId: string | null }) {
  const key = await authenticateKey(deps, j.id, fields.single.api_key);
  const input = readServiceRequest(fields);
  const [category] = await serviceCategories(deps.db, j.id, input.serviceCode);
  if (!category) throw fail('open311_service_unknown');
  const parsed = reportProblemSchema.safeParse({
    categoryId: category.id,
    urgency: input.urgency,
    title: input.description ? undefined : category.name,
    description: input.description,
    address: input.address,
    lat: input.lat,
    lon: input.lon,
    reporterName: input.name,
    reporterMobile: input.mobile,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ({ description: 'description', address: 'address_string', lat: 'lat', lon: 'long', reporterName: 'first_name', reporterMobile: 'phone' } as Record<string, string>)[String(issue?.path[0])] ?? 'request';
    throw badField(field, issue?.message ?? '格式不正确');
  }
  const actor = integrationActor(j, key, meta);
  // The problem and its request row in one transaction: a failure leaves neither.
  const result = await reportProblem(deps, actor, parsed.data, {
    source: 'open311',
    alsoWrite: async (trx, problem) => {
      await trx
        .insertInto('open311_requests')
        .values({
          problem_id: problem.id,
          tenant_id: j.id,
          key_id: key.id,
          media_url: input.mediaUrl ?? null,
          email_enc: input.email ? sealPii(deps.secretKey, input.email) : null,
          device_id: input.deviceId ?? null,
          account_id: input.accountId ?? null,
          attributes: JSON.stringify(input.attributes),
        })
        .execute();
    },
  });
  const near = result.possibleDuplicates[0];
  return [
    {
      service_request_id: result.id,
      service_notice: `已受理，受理编号 ${result.ticket}，可凭受理编号查询办理进度。${near ? `附近已有同类问题（${near.ticket}，约 ${near.distanceM} 米），将一并核实。` : ''}`,
      account_id: null,
    },
  ];
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function dateParam(field: string, v: string | undefined): Date | undefined {
  if (!v) return undefined;
  const d = parseW3Datetime(v);
  if (!d) throw badField(field, `“${v}”不是有效的日期时间，应为 w3 格式，如 2026-12-01T00:00:00+08:00`);
  return d;
}

function intParam(field: string, v: string | undefined, def: number, max: number): number {
  if (!v) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badField(field, `应为 1–${max} 的整数`);
  return n;
}

export type RequestQuery = Partial<Record<'service_request_id' | 'service_code' | 'start_date' | 'end_date' | 'status' | 'page' | 'page_size', string>>;

/**
 * GET requests with the spec's filters: service_request_id (a list; overrides the rest), service_code (a list),
 * start_date/end_date on requested_datetime (at most 90 days apart; none: the last 90 days), status (open,
 * closed); at most 1,000 a page (extension: page, page_size), newest first.
 */
export async function listRequests(deps: Deps, j: Jurisdiction, q: RequestQuery) {
  const ids = q.service_request_id ? list(q.service_request_id) : undefined;
  if (ids && ids.some((id) => !/^\d{1,18}$/.test(id))) throw badField('service_request_id', '应为逗号分隔的数字编号');
  if (ids && ids.length > OPEN311_MAX_ROWS) throw badField('service_request_id', `一次最多查询 ${OPEN311_MAX_ROWS} 个`);
  const statuses = list(q.status);
  const bad = statuses.find((s) => s !== 'open' && s !== 'closed');
  if (bad) throw badField('status', `“${bad}”不是有效的状态，可填 open、closed`);
  let from = dateParam('start_date', q.start_date);
  let to = dateParam('end_date', q.end_date);
  const span = OPEN311_MAX_DAYS * 86_400_000;
  if (from && to) {
    if (to < from) throw badField('end_date', '不能早于 start_date');
    if (to.getTime() - from.getTime() > span) throw badField('end_date', `与 start_date 相隔不能超过 ${OPEN311_MAX_DAYS} 天`);
  } else if (from) to = new Date(from.getTime() + span);
  else if (to) from = new Date(to.getTime() - span);
  else from = new Date(deps.clock.now().getTime() - span);
  const pageSize = intParam('page_size', q.page_size, OPEN311_MAX_ROWS, OPEN311_MAX_ROWS);
  const page = intParam('page', q.page, 1, 100_000);
  const rows = await requestRows(deps.db, j.id, {
    ids,
    codes: list(q.service_code),
    from,
    to,
    statuses: statuses as ('open' | 'closed')[],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const hidden = await hiddenTexts(deps.db, rows.map((r) => String(r.id)));
  return rows.map((r) => presentRequest(r, hidden.get(String(r.id))));
}

/** GET one request (a list of one, as the spec writes it), with its public timeline as `notes`. */
export async function getRequest(deps: Deps, j: Jurisdiction, id: string) {
  if (!/^\d{1,18}$/.test(id)) throw fail('open311_request_not_found');
  const [row] = await requestRows(deps.db, j.id, { ids: [id], limit: 1, offset: 0 });
  if (!row) throw fail('open311_request_not_found');
  const hidden = (await hiddenTexts(deps.db, [String(row.id)])).get(String(row.id));
  return [{ ...presentRequest(row, hidden), notes: presentNotes(await publicSteps(deps.db, String(row.id)), hidden) }];
}

/**
 * GET a token: our requests are realtime (the id comes back at once), so the token a client may hold is the
 * 受理编号 (ticket) a citizen, a hotline operator or the citizens' page gave out; it resolves to the request id.
 */
export async function requestIdOfToken(deps: Deps, j: Jurisdiction, token: string) {
  const row = token.length <= 40 ? await problemIdByTicket(deps.db, j.id, token) : undefined;
  if (!row) throw fail('open311_token_not_found');
  return [{ service_request_id: String(row.id), token }];
}

/** The service discovery document (Open311 Service Discovery) for this tenant's endpoint. */
export function discovery(j: Jurisdiction, baseUrl: string) {
  return {
    changeset: '2026-12-07T00:00:00+08:00',
    contact: `${j.name} 网格化管理平台（Duban 智慧督查）`,
    key_service: '提交服务请求须带 api_key：由本辖区的安全管理员在 Duban 中签发（每个对接系统一个，可随时吊销）',
    endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: baseUrl, changeset: '2026-12-07T00:00:00+08:00', type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}
