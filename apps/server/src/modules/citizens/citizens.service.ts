import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import {
  boxAround,
  distanceMetres,
  GRID_RATING_LABELS,
  GRID_STATUS_LABELS,
  gridCodePrefix,
  HOLD_LEVEL_LABELS,
  lastFourMatches,
  permissionsOf,
  PUBLIC_STEP_LABELS,
  publicText,
  shanghaiDate,
  type citizenFollowSchema,
  type citizenLookupSchema,
  type citizenRatingSchema,
  type CitizenReportData,
  type CitizenReportResult,
  type GridRating,
  type GridStatus,
  type GridUrgency,
  type HoldLevel,
  type NearbyProblem,
  type PublicProblem,
  type PublicStep,
  type ResolvedProblem,
} from '@duban/shared';
import type { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { mobileSearchHash, sealMobile } from '../../lib/pii';
import { openMobile } from '../../lib/pii-at-rest';
import { rateRules } from '../abuse/rate-limit';
import { blobPath } from '../attachments/attachment.storage';
import type { Upload } from '../attachments/attachment.service';
import { timingFor } from '../grid/grid-timing';
import { problemContext } from '../grid/problem.access';
import { uploadProblemPhoto } from '../grid/problem-photo.service';
import { reportProblem } from '../grid/problem-report.service';
import { applyVisit } from '../grid/problem-side.service';
import { recordStep, type ProblemRecord } from '../grid/problem.repository';
import { recordSatisfactionVote } from '../satisfaction/satisfaction.service';
import { recordTrace } from '../trace/trace.service';
import { verifyProof } from './citizens-settings.service';

/**
 * The citizens' channel (issue 17): what the public page calls, without an account. Every answer leaves out
 * personal data and internal notes; a reporter reaches their problem with the private link (its token's SHA-256 is
 * stored) or with the ticket and the last 4 digits of the mobile they gave. Rate limits per address and per mobile
 * number come on top of the per-address limit of every anonymous request (http/rate-limit.plugin.ts).
 */

type Db = Kysely<DB>;
/** Where the request came from, for the trace and the limits. */
export type RequestInfo = { ip: string | null; requestId: string | null };
export type PublicTenant = { id: number; code: string; name: string };

// Tenants of public addresses this process has looked up, per database handle, for a minute: every public request
// names its tenant, and a tenant's code and name do not change in the application (an unknown code is not kept).
const TENANT_TTL_MS = 60_000;
const knownTenants = new WeakMap<Db, Map<string, { tenant: PublicTenant; until: number }>>();

/** The tenant of a public address (/p/<code>); 404 for an unknown one. */
export async function publicTenant(db: Db, code: string): Promise<PublicTenant> {
  let known = knownTenants.get(db);
  if (!known) knownTenants.set(db, (known = new Map()));
  const now = Date.now();
  const hit = known.get(code);
  if (hit && hit.until > now) return hit.tenant;
  const row = /^[\w-]{1,40}$/.test(code) ? await db.selectFrom('tenants').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst() : undefined;
  if (!row) throw new AppError('citizen_tenant_unknown');
  if (known.size >= 1000) known.clear();
  known.set(code, { tenant: row, until: now + TENANT_TTL_MS });
  return row;
}

/** Who acts for an anonymous citizen: may report, nothing else; named 群众 in the trace, with the request's address. */
export function citizenActor(tenantId: number, req: RequestInfo, name = '群众'): Actor {
  return { tenantId, accountId: null, username: null, name, roles: [], permissions: new Set(['grid.report']), personId: null, unitId: null, scope: { kind: 'tenant' }, ip: req.ip, requestId: req.requestId };
}

/** The actor that writes a citizen's 回访 into the flow (the flow's own rule; tenant-wide like a job). */
function visitActor(tenantId: number, req: RequestInfo): Actor {
  return { ...citizenActor(tenantId, req, '群众（在线回访）'), permissions: permissionsOf(['supervisor']) };
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64url');
const photoKey = (key: string, tenantId: number, id: number) => hmac(key, `citizen-photo:${tenantId}:${id}`).slice(0, 32);
const photoSig = (key: string, id: number | string) => hmac(key, `citizen-public-photo:${id}`).slice(0, 24);
const safeEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = () => randomBytes(24).toString('base64url');
const privateLink = (code: string, token: string) => `/p/${code}/t/${token}`;
const publicPhotoUrl = (key: string, code: string, id: number | string) => `/api/public/${code}/photos/${id}?s=${photoSig(key, id)}`;
const iso = (v: Date | string) => new Date(v).toISOString();

/** What the page shows first: the tenant's name, its public categories by major class, and its cells to tap on. */
export async function publicHome(deps: Deps, tenant: PublicTenant) {
  const cats = await deps.db
    .selectFrom('grid_categories')
    .select(['id', 'parent_id', 'code', 'name', 'kind'])
    .where('tenant_id', '=', tenant.id)
    .where('active', '=', true)
    .where('public', '=', true)
    .orderBy('code')
    .execute();
  const majors = cats.filter((c) => c.parent_id === null);
  const categories = majors
    .map((m) => ({ id: m.id, code: m.code, name: m.name, kind: m.kind, children: cats.filter((c) => c.parent_id === m.id).map((c) => ({ id: c.id, code: c.code, name: c.name })) }))
    .filter((m) => m.children.length > 0);
  // The map: communities when there are not too many, else streets (a phone draws a few hundred polygons well).
  const counts = await deps.db.selectFrom('grid_cells').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).where('tenant_id', '=', tenant.id).where('valid_to', 'is', null).where('polygon', 'is not', null).groupBy('level').execute();
  const n = (level: number) => Number(counts.find((c) => c.level === level)?.n ?? 0);
  const level = n(2) > 0 && n(2) <= 400 ? 2 : 1;
  const cells = await deps.db
    .selectFrom('grid_cells')
    .select(['id', 'code', 'name', 'polygon'])
    .where('tenant_id', '=', tenant.id)
    .where('valid_to', 'is', null)
    .where('level', '=', level)
    .where('polygon', 'is not', null)
    .orderBy('code')
    .limit(400)
    .execute();
  return { code: tenant.code, name: tenant.name, categories, cells: cells.map((c) => ({ id: c.id, code: c.code, name: c.name, polygon: c.polygon })) };
}

/** A photo taken in the page: re-encoded without EXIF/GPS; the key answered proves this browser uploaded it. */
export async function uploadCitizenPhoto(deps: Deps, tenant: PublicTenant, req: RequestInfo, upload: Upload) {
  const photo = await uploadProblemPhoto(deps, citizenActor(tenant.id, req), upload);
  return { id: photo.id, key: photoKey(deps.secretKey, tenant.id, photo.id), width: photo.width, height: photo.height };
}

/**
 * 群众上报: the report goes into the grid flow as source 'citizen' (its cell, its level's clock, the level told);
 * limited per address and per mobile number; the answer is the ticket and the private link, shown once.
 */
export async function submitCitizenReport(deps: Deps, tenant: PublicTenant, req: RequestInfo, input: CitizenReportData): Promise<CitizenReportResult> {
  const rules = rateRules(deps.config);
  await deps.limiter.consume(rules.citizen_report, req.ip ?? 'unknown');
  if (input.mobile) await deps.limiter.consume(rules.citizen_mobile, mobileSearchHash(deps.secretKey, input.mobile));
  await verifyProof(deps, tenant.id, input.proof);
  for (const ph of input.photos) {
    if (!safeEqual(ph.key, photoKey(deps.secretKey, tenant.id, ph.id))) throw new AppError('attachment_not_available', '照片不可用：请重新拍照上传', [{ field: 'photos', message: '照片不可用，请重新拍照上传' }]);
  }
  const category = await deps.db.selectFrom('grid_categories').select(['id', 'public', 'parent_id']).where('tenant_id', '=', tenant.id).where('id', '=', input.categoryId).executeTakeFirst();
  if (!category?.public || category.parent_id === null) throw new AppError('grid_category_unknown', undefined, [{ field: 'categoryId', message: '类别不存在或已停用，请重新选择' }]);
  const token = newToken();
  const r = await reportProblem(
    deps,
    citizenActor(tenant.id, req),
    {
      categoryId: input.categoryId,
      description: input.description,
      address: input.address,
      lon: input.lon,
      lat: input.lat,
      cellId: input.cellId,
      photoIds: input.photos.map((p) => p.id),
      reporterName: input.name,
      reporterMobile: input.mobile,
      reporterPublic: false,
    },
    { source: 'citizen', trustedPhotos: true, tokenHash: tokenHash(token), suggestDuplicates: false },
  );
  return { ticket: r.ticket, token, link: privateLink(tenant.code, token), existing: r.existing };
}

type ProblemRow = Pick<ProblemRecord, 'id' | 'tenant_id' | 'ticket' | 'status' | 'description' | 'address' | 'reported_at' | 'closed_at' | 'rating' | 'merged_into_id' | 'cell_id' | 'category_id' | 'reporter_mobile_enc'>;
const PROBLEM_COLUMNS = ['id', 'tenant_id', 'ticket', 'status', 'description', 'address', 'reported_at', 'closed_at', 'rating', 'merged_into_id', 'cell_id', 'category_id', 'reporter_mobile_enc'] as const;
/** A problem as the public view starts from it: its row and the names of its category and cell, in one statement. */
type NamedProblemRow = ProblemRow & { category_name: string; cell_name: string | null };

/** grid_problems as p with its category's and cell's names (the public view's first read). */
const namedProblems = (db: Db) =>
  db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .leftJoin('grid_cells as c', 'c.id', 'p.cell_id')
    .select([...PROBLEM_COLUMNS.map((c) => `p.${c}` as const), 'gc.name as category_name', 'c.name as cell_name']);

async function problemByTicket(db: Db, tenantId: number, ticket: string): Promise<ProblemRow | undefined> {
  return db.selectFrom('grid_problems').select(PROBLEM_COLUMNS).where('tenant_id', '=', tenantId).where('ticket', '=', ticket).executeTakeFirst();
}

/** The problem that carries on for a merged one (a chain is followed a few steps). */
async function carriedOn(db: Db, p: ProblemRow): Promise<ProblemRow> {
  let cur = p;
  for (let i = 0; i < 5 && cur.status === 'merged' && cur.merged_into_id; i++) {
    const next = await db.selectFrom('grid_problems').select(PROBLEM_COLUMNS).where('id', '=', cur.merged_into_id).executeTakeFirst();
    if (!next) break;
    cur = next;
  }
  return cur;
}

/** The sentences staff hid from the public view of a problem (the citizens' page and Open311 both apply them). */
export async function hiddenTexts(db: Db, problemIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!problemIds.length) return out;
  const rows = await db.selectFrom('grid_problem_redactions').select(['problem_id', 'hidden_text']).where('problem_id', 'in', problemIds).where('kind', '=', 'text').execute();
  for (const r of rows) if (r.hidden_text) (out.get(String(r.problem_id)) ?? out.set(String(r.problem_id), []).get(String(r.problem_id)))?.push(r.hidden_text);
  return out;
}

type PublicEvent = { id: number; at: string; action: string; note: string | null; data: unknown; problem_id: string };

/** The public view of a problem: status, what was reported (moderated), the public steps with the after-photos. */
async function publicView(deps: Deps, tenant: PublicTenant, own: NamedProblemRow, canRateLink: boolean): Promise<PublicProblem> {
  const db = deps.db;
  const p = await carriedOn(db, own);
  const names = own;
  const ids = own.id === p.id ? [own.id] : [own.id, p.id];
  // One statement for the rest of the view (a look-up is a handful of indexed reads; each round trip cost more CPU
  // than the read itself): the hidden sentences, the photos shown, the public steps with the units they name.
  const rest = await sql<{ texts: { problem_id: string; hidden_text: string }[] | null; photos: { attachment_id: string; phase: string; problem_id: string }[] | null; events: PublicEvent[] | null; units: { id: number; name: string }[] | null }>`
    with ev as (
      select e.id, e.at, e.action, e.note, e.data, e.problem_id from grid_problem_events e
      where e.problem_id in (${sql.join(ids)}) and e.public = true
    )
    select
      (select json_agg(json_build_object('problem_id', r.problem_id::text, 'hidden_text', r.hidden_text))
         from grid_problem_redactions r where r.problem_id in (${sql.join(ids)}) and r.kind = 'text' and r.hidden_text is not null) as texts,
      (select json_agg(json_build_object('attachment_id', ph.attachment_id::text, 'phase', ph.phase, 'problem_id', ph.problem_id::text) order by ph.attachment_id)
         from grid_problem_photos ph where ph.problem_id in (${sql.join(ids)}) and ph.hidden = false) as photos,
      (select json_agg(json_build_object('id', ev.id, 'at', ev.at, 'action', ev.action, 'note', ev.note, 'data', ev.data, 'problem_id', ev.problem_id::text) order by ev.at, ev.id) from ev) as events,
      (select json_agg(json_build_object('id', u.id, 'name', u.name)) from units u
         where u.id in (select (ev.data->>'unitId')::int from ev where jsonb_typeof(ev.data->'unitId') = 'number')) as units`.execute(db);
  const row = rest.rows[0];
  const textsOf = (id: string) => (row?.texts ?? []).filter((t) => t.problem_id === String(id)).map((t) => t.hidden_text);
  const hidden = textsOf(p.id);
  const ownHidden = textsOf(own.id);
  const photos = row?.photos ?? [];
  const events = row?.events ?? [];
  const units = row?.units ?? [];
  const unitName = (id: unknown) => units.find((u) => u.id === id)?.name ?? null;
  const afterPhotos = photos.filter((ph) => ph.phase === 'after' && String(ph.problem_id) === String(p.id)).map((ph) => publicPhotoUrl(deps.secretKey, tenant.code, ph.attachment_id));
  const steps: PublicStep[] = [];
  for (const e of events) {
    const label = PUBLIC_STEP_LABELS[e.action];
    if (!label) continue;
    const data = (e.data ?? {}) as Record<string, unknown>;
    const texts = String(e.problem_id) === String(p.id) ? hidden : ownHidden;
    let text: string | null = null;
    let stepPhotos: string[] = [];
    if (e.action === 'dispatch') text = unitName(data.unitId) ? `派往 ${unitName(data.unitId)} 处理` : '已派往责任单位处理';
    else if (e.action === 'handle' || e.action === 'instant') {
      text = publicText(e.note, texts);
      stepPhotos = afterPhotos;
    } else if (e.action === 'reject') text = publicText(e.note, texts);
    else if (e.action === 'escalate') text = typeof data.to === 'string' && data.to in HOLD_LEVEL_LABELS ? `报${HOLD_LEVEL_LABELS[data.to as HoldLevel]}协调办理` : null;
    else if (e.action === 'visit') text = typeof data.rating === 'string' ? `评价：${GRID_RATING_LABELS[data.rating as GridRating]}${data.reopened ? '，已重新办理' : ''}` : null;
    else if (e.action === 'merge') text = typeof data.intoTicket === 'string' ? `与编号 ${data.intoTicket} 为同一问题，合并办理` : null;
    else if (e.action === 'verify' && data.pass === false) continue;
    if (e.action === 'verify') stepPhotos = afterPhotos;
    steps.push({ at: iso(e.at), label, text, unitName: null, photos: stepPhotos });
  }
  const status = p.status as GridStatus;
  return {
    ticket: own.ticket,
    status,
    statusLabel: GRID_STATUS_LABELS[status],
    categoryName: names.category_name,
    description: publicText(own.description, ownHidden) ?? '',
    address: own.address,
    cellName: names.cell_name,
    reportedAt: iso(own.reported_at),
    closedAt: p.closed_at ? iso(p.closed_at) : null,
    rating: p.rating,
    canRate: canRateLink && status === 'closed',
    mergedIntoTicket: p.id === own.id ? null : p.ticket,
    photos: photos.filter((ph) => ph.phase === 'report' && String(ph.problem_id) === String(own.id)).map((ph) => publicPhotoUrl(deps.secretKey, tenant.code, ph.attachment_id)),
    steps,
  };
}

/**
 * Look-up with the ticket and the last 4 digits of the mobile given: one answer for a wrong ticket, a wrong number
 * and a report without a number, so the page tells nobody which part was wrong. Counted per address.
 */
export async function lookupByTicket(deps: Deps, tenant: PublicTenant, req: RequestInfo, q: z.output<typeof citizenLookupSchema>): Promise<PublicProblem> {
  await deps.limiter.consume(rateRules(deps.config).citizen_lookup, req.ip ?? 'unknown');
  const p = await namedProblems(deps.db).where('p.tenant_id', '=', tenant.id).where('p.ticket', '=', q.ticket).executeTakeFirst();
  let mobile: string | null;
  try {
    mobile = p ? openMobile(deps.secretKey, p.reporter_mobile_enc) : null;
  } catch {
    mobile = null;
  }
  if (!p || !lastFourMatches(mobile, q.last4)) throw new AppError('citizen_lookup_failed');
  return publicView(deps, tenant, p, false);
}

/** The reporter row and problem of a private link; 404 (one message) for anything else. */
async function byToken(db: Db, tenant: PublicTenant, token: string) {
  const row = await namedProblems(db)
    .innerJoin('grid_problem_reporters as r', 'r.problem_id', 'p.id')
    .select(['r.id as reporter_id', 'r.kind'])
    .where('r.token_hash', '=', tokenHash(token))
    .where('p.tenant_id', '=', tenant.id)
    .executeTakeFirst();
  if (!row) throw new AppError('citizen_link_unknown');
  return row;
}

/** The private link: the public view, with the 回访 offered once the problem is 结案. */
export async function lookupByToken(deps: Deps, tenant: PublicTenant, token: string): Promise<PublicProblem> {
  const row = await byToken(deps.db, tenant, token);
  return publicView(deps, tenant, row, true);
}

/**
 * 回访 by the citizen through the private link: the flow's own rule (modules/grid applyVisit — 不满意 reopens once at
 * the level that closed it), and the vote counted in the unit's 满意率 (satisfaction, channel grid_visit).
 */
export async function rateByToken(deps: Deps, tenant: PublicTenant, req: RequestInfo, token: string, body: z.output<typeof citizenRatingSchema>): Promise<PublicProblem> {
  const own = await byToken(deps.db, tenant, token);
  const p = await carriedOn(deps.db, own);
  if (p.status !== 'closed') throw new AppError('citizen_rating_closed');
  const actor = visitActor(tenant.id, req);
  const pre = await deps.db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .select(['p.tenant_id', 'p.limit_version_id', 'p.category_id', 'gc.parent_id as category_parent_id', 'p.urgency'])
    .where('p.id', '=', p.id)
    .executeTakeFirstOrThrow();
  const timing = await timingFor(deps.db, { ...pre, urgency: pre.urgency as GridUrgency });
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const ctx = await problemContext(trx, actor, p.id, true);
    if (ctx.p.status !== 'closed') throw new AppError('citizen_rating_closed');
    const unitId = ctx.p.dispatched_unit_id ?? ctx.p.hold_unit_id;
    await applyVisit({ trx, ctx, now, timing, actor, deps }, { rating: body.rating, comment: body.comment }, { by: 'citizen', reporterId: String(own.reporter_id) });
    if (unitId !== null) {
      await recordSatisfactionVote(trx, tenant.id, { unitId, rater: 'citizen', level: body.rating, ratedOn: shanghaiDate(now), channel: 'grid_visit', sourceRef: `grid:${ctx.p.id}:${ctx.p.reopen_count}`, comment: body.comment ?? null });
    }
  });
  deps.bus.publish({ tenantId: tenant.id, type: 'grid.problem', accountIds: null, data: { problemId: p.id, action: 'visit', status: 'visited' } });
  return lookupByToken(deps, tenant, token);
}

/**
 * "可能已有人反映 — 加入关注": a citizen adds themselves to an open problem instead of reporting it again; they get a
 * private link to it and, with a mobile number, its feedback by SMS. The problem's timeline counts them (no names).
 */
export async function followProblem(deps: Deps, tenant: PublicTenant, req: RequestInfo, ticket: string, body: z.output<typeof citizenFollowSchema>): Promise<CitizenReportResult> {
  const rules = rateRules(deps.config);
  await deps.limiter.consume(rules.citizen_report, req.ip ?? 'unknown');
  if (body.mobile) await deps.limiter.consume(rules.citizen_mobile, mobileSearchHash(deps.secretKey, body.mobile));
  await verifyProof(deps, tenant.id, body.proof);
  const p = await problemByTicket(deps.db, tenant.id, ticket.trim().toUpperCase());
  if (!p || p.closed_at !== null) throw new AppError('citizen_follow_closed');
  const token = newToken();
  const m = sealMobile(deps.secretKey, body.mobile);
  const now = deps.clock.now();
  const actor = citizenActor(tenant.id, req);
  await inTransaction(deps.db, async (trx) => {
    const full = await trx.selectFrom('grid_problems').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    await trx.insertInto('grid_problem_reporters').values({ tenant_id: tenant.id, problem_id: p.id, account_id: null, name: body.name ?? null, mobile_enc: m.enc, mobile_hash: m.hash, token_hash: tokenHash(token), kind: 'follower', created_at: now }).execute();
    await recordStep(trx, full, { action: 'follow', from: null, to: null, public: true }, now, null);
    await recordTrace(trx, deps.clock, actor, { action: 'citizen.follow', entityType: 'grid_problem', entityId: p.id, after: { ticket: p.ticket, withMobile: !!m.enc } });
  });
  return { ticket: p.ticket, token, link: privateLink(tenant.code, token), existing: true };
}

/**
 * Open problems of a category near a point, nearest first (duplicate suggestion): a bounding box on the partial
 * index (tenant, category, lat, lon) where closed, then the exact distance within the category's radius.
 */
export async function nearbyProblems(db: Db, tenantId: number, q: { categoryId: number; lat: number; lon: number }, excludeId: string | null = null): Promise<NearbyProblem[]> {
  // The box scales with the radius, so it is written per metre and the category's own radius multiplies it in SQL:
  // the category and the open problems in its box are read in one statement.
  const perMetre = boxAround(q.lat, q.lon, 1);
  const dLat = perMetre.maxLat - q.lat;
  const dLon = perMetre.maxLon - q.lon;
  let query = db
    .selectFrom('grid_categories as gc')
    .innerJoin('grid_problems as p', (j) => j.onRef('p.category_id', '=', 'gc.id'))
    .select(['p.id', 'p.ticket', 'p.description', 'p.lat', 'p.lon', 'p.status', 'p.reported_at', 'gc.name as category_name', 'gc.duplicate_radius_m'])
    .where('gc.tenant_id', '=', tenantId)
    .where('gc.id', '=', q.categoryId)
    .where('gc.duplicate_radius_m', '>', 0)
    .where('p.tenant_id', '=', tenantId)
    .where('p.category_id', '=', q.categoryId)
    .where('p.closed_at', 'is', null)
    .where('p.lat', '>=', sql<number>`${q.lat}::float8 - ${dLat}::float8 * gc.duplicate_radius_m`)
    .where('p.lat', '<=', sql<number>`${q.lat}::float8 + ${dLat}::float8 * gc.duplicate_radius_m`)
    .where('p.lon', '>=', sql<number>`${q.lon}::float8 - ${dLon}::float8 * gc.duplicate_radius_m`)
    .where('p.lon', '<=', sql<number>`${q.lon}::float8 + ${dLon}::float8 * gc.duplicate_radius_m`)
    .limit(200);
  if (excludeId) query = query.where('p.id', '!=', excludeId);
  const rows = (await query.execute())
    .map((r) => ({ ...r, distanceM: Math.round(distanceMetres(q.lat, q.lon, r.lat ?? 0, r.lon ?? 0)) }))
    .filter((r) => r.distanceM <= r.duplicate_radius_m)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, 5);
  if (!rows.length) return [];
  const ids = rows.map((r) => String(r.id));
  // Their hidden sentences and how many follow each, in one statement.
  const extra = await db
    .selectFrom('grid_problems as p')
    .select((eb) => [
      'p.id',
      eb.selectFrom('grid_problem_reporters as r').select(eb.fn.countAll<number>().as('n')).whereRef('r.problem_id', '=', 'p.id').as('followers'),
      sql<string[] | null>`(select json_agg(x.hidden_text) from grid_problem_redactions x where x.problem_id = p.id and x.kind = 'text' and x.hidden_text is not null)`.as('hidden'),
    ])
    .where('p.id', 'in', ids)
    .execute();
  const of = (id: string | number) => extra.find((e) => String(e.id) === String(id));
  return rows.map((r) => ({
    ticket: r.ticket,
    categoryName: r.category_name,
    description: (publicText(r.description, of(r.id)?.hidden ?? []) ?? '').slice(0, 80),
    distanceM: r.distanceM,
    statusLabel: GRID_STATUS_LABELS[r.status as GridStatus],
    reportedAt: iso(r.reported_at),
    followers: Number(of(r.id)?.followers ?? 0),
  }));
}

/**
 * 近期办结 by area: problems closed (结案 or 已回访) in the last 30 days, in a street when one is chosen; no personal
 * data — the category, the moderated description, the area, how long it took, the after-photo.
 */
export async function recentlyResolved(deps: Deps, tenant: PublicTenant, streetId: number | null) {
  const db = deps.db;
  const streets = await db.selectFrom('grid_cells').select(['id', 'code', 'name']).where('tenant_id', '=', tenant.id).where('level', '=', 1).where('valid_to', 'is', null).orderBy('code').execute();
  const street = streetId === null ? null : streets.find((s) => s.id === streetId);
  const since = new Date(deps.clock.now().getTime() - 30 * 86_400_000);
  let q = db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .leftJoin('grid_cells as c', 'c.id', 'p.cell_id')
    .select(['p.id', 'p.ticket', 'p.description', 'p.reported_at', 'p.closed_at', 'gc.name as category_name', 'c.name as cell_name', 'c.code as cell_code'])
    .where('p.tenant_id', '=', tenant.id)
    .where('p.closed_at', '>=', since)
    .where('p.status', 'in', ['closed', 'visited'])
    .orderBy('p.closed_at', 'desc')
    .limit(50);
  // A street's branch shares its code's significant prefix (410103001 for 410103001000000 and its cells).
  const prefixOf = (code: string) => gridCodePrefix(code, 1);
  if (street) q = q.where('c.code', 'like', `${prefixOf(street.code)}%`);
  const rows = await q.execute();
  const ids = rows.map((r) => String(r.id));
  const hidden = await hiddenTexts(db, ids);
  const photos = ids.length ? await db.selectFrom('grid_problem_photos').select(['problem_id', 'attachment_id']).where('problem_id', 'in', ids).where('phase', '=', 'after').where('hidden', '=', false).orderBy('attachment_id').execute() : [];
  const items: ResolvedProblem[] = rows.map((r) => {
    const ph = photos.find((x) => String(x.problem_id) === String(r.id));
    const closed = new Date(r.closed_at ?? r.reported_at);
    return {
      ticket: r.ticket,
      categoryName: r.category_name,
      description: (publicText(r.description, hidden.get(String(r.id))) ?? '').slice(0, 80),
      area: streets.find((s) => r.cell_code?.startsWith(prefixOf(s.code)))?.name ?? r.cell_name,
      reportedAt: iso(r.reported_at),
      closedAt: iso(closed),
      days: Math.max(0, Math.round(((closed.getTime() - new Date(r.reported_at).getTime()) / 86_400_000) * 10) / 10),
      afterPhoto: ph ? publicPhotoUrl(deps.secretKey, tenant.code, ph.attachment_id) : null,
    };
  });
  return { streets: streets.map((s) => ({ id: s.id, name: s.name })), items };
}

/** A photo the public view listed (signed URL), while it is on a problem of the tenant and not hidden; 404 otherwise. */
export async function openPublicPhoto(deps: Deps, tenant: PublicTenant, id: number, sig: string) {
  if (!safeEqual(sig, photoSig(deps.secretKey, id))) throw new AppError('attachment_not_found', '照片不存在');
  const row = await deps.db
    .selectFrom('grid_problem_photos as ph')
    .innerJoin('attachments as a', 'a.id', 'ph.attachment_id')
    .select(['a.sha256', 'a.mime', 'a.size'])
    .where('ph.attachment_id', '=', String(id))
    .where('ph.tenant_id', '=', tenant.id)
    .where('ph.hidden', '=', false)
    .executeTakeFirst();
  const file = row ? blobPath(deps.config.filesDir, row.sha256) : null;
  if (!row || !file || !fs.existsSync(file)) throw new AppError('attachment_not_found', '照片不存在');
  return { mime: row.mime, size: row.size, stream: fs.createReadStream(file) };
}
