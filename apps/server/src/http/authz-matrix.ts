import type { Role } from '@duban/shared';

/**
 * The authorization matrix (issue 14): for every API route, who may call it. `authz-matrix.test.ts` calls each
 * route of Fastify's route table as every role (and anonymously), on an object in the caller's unit, in another
 * unit and in another tenant, and checks the answer against this table. A route without a row fails the test.
 *
 * Adding a route: add one row, keyed `METHOD /url` exactly as registered (`:id` placeholders).
 * - `access`: 'public' (no sign-in), 'signed-in' (any account), or the roles that may call it; everyone else
 *   must get 401 (anonymous) or 403/404.
 * - `object`: what the `:id` is, when the route acts on one record: the test builds one per variant (see the
 *   `objects` of the test); `scoped: true` when a unit's people see only their units' records (matters).
 * - `body`: a body that passes validation, so the role check is what answers (a 400 would hide it). It gets the
 *   test's world (ids of units, people, the object) and may be async.
 * - `skip`: why the route cannot be called this way (a live stream); keep it rare.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** What the test knows how to build for a route's `:id`, per variant (own unit, other unit, other tenant). */
export type ObjectKind = 'matter' | 'unit' | 'person' | 'account' | 'category' | 'token' | 'campaign' | 'report' | 'meeting' | 'decision' | 'none';

export type World = {
  units: { street: number; housing: number; edu: number };
  people: { handler: number; liaison: number; supervisor: number };
  /** The `:id` object of the case (a fresh one where the route deletes or changes it for good). */
  id: number;
  /** The object's current version, for routes that check it. */
  version: number;
  /** A GET as the supervision office, for bodies built from current settings. */
  read(url: string): Promise<unknown>;
};

export type MatrixRow = {
  access: Access;
  object?: ObjectKind;
  scoped?: boolean;
  body?: (w: World) => unknown;
  /** Roles that work tenant-wide on this route although their data scope is their units (督查员 inspect any site). */
  tenantWideFor?: readonly Role[];
  /** A query string that passes validation (without the `?`). */
  query?: string;
  /** Sends a small file as multipart/form-data (uploads and imports). */
  multipart?: boolean;
  skip?: string;
};

/** The named keys of a JSON object read back from the API (to build a body from current settings). */
export function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => keys.includes(k)));
}

// The test tenant's accounts share one password (test/fixtures.ts).
const TEST_LOGIN = { username: 't1grid', password: 'Test@2026pw' };

const ADMINS: readonly Role[] = ['sysadmin', 'secadmin', 'auditor'];
const ALL_ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditor', 'supervisor', 'leader', 'unit_head', 'liaison', 'handler', 'inspector', 'grid_leader'];
const MATTER_READERS: readonly Role[] = ['supervisor', 'leader', 'unit_head', 'liaison', 'handler', 'inspector'];
// A matter's units act on it (sign, report, request): the people of those units, not the office.
const UNIT_PEOPLE: readonly Role[] = ['unit_head', 'liaison', 'handler'];
const HANDLERS: readonly Role[] = ['supervisor', ...UNIT_PEOPLE];
// Who acts for a unit (signs, names handlers, asks for more time or to finish): its liaison and its head, not the handler.
const UNIT_SIGNERS: readonly Role[] = ['unit_head', 'liaison'];
// Non-admin roles with a workbench of matters.
const OFFICE: readonly Role[] = ['supervisor'];
const ASSESS_READERS: readonly Role[] = ['supervisor', 'leader'];
const COCKPIT: readonly Role[] = ['supervisor', 'leader', 'unit_head'];
// People who may be named 季评 raters (an account linked to a person, in a business role).
const RATERS: readonly Role[] = ['supervisor', 'leader', 'unit_head', 'liaison', 'handler'];
// The grid (issue 16): who reads the tree, who reports problems, who sees the tenant-wide map and statistics.
const GRID_READERS: readonly Role[] = ['supervisor', 'leader', 'unit_head', 'liaison', 'handler', 'inspector', 'grid_leader'];
// The citizens' channel: who acts for a level (grid.handle) and who may register a supervised matter (matter.create).
const GRID_HANDLERS_CIT: readonly Role[] = ['supervisor', 'unit_head', 'liaison', 'handler', 'inspector', 'grid_leader'];
const MATTER_CREATORS_CIT: readonly Role[] = ['supervisor'];
const GRID_REPORTERS: readonly Role[] = ['supervisor', 'unit_head', 'liaison', 'handler', 'inspector', 'grid_leader'];
// Grid problems are read in the grid scope by GRID_READERS and reported by GRID_REPORTERS (grid.read / grid.report).
const matterBody = (w: World) => ({ title: '矩阵测试事项', content: '内容', source: 'key_work', leadUnitId: w.units.street, startDate: '2026-11-20', deadline: '2026-12-31' });

export const AUTHZ_MATRIX: Record<string, MatrixRow> = {
  // ---- health, sign-in, oneself
  'GET /api/health': { access: 'public' },
  'GET /api/openapi.json': { access: 'signed-in' }, // API_DOCS=signed-in, the default (public and off are settings)
  'POST /api/auth/login': { access: 'public', body: () => TEST_LOGIN },
  'POST /api/auth/logout': { access: 'public', skip: 'ends the caller’s session; covered by auth.test.ts' },
  'GET /api/auth/me': { access: 'signed-in' },
  'POST /api/auth/password': { access: 'signed-in', body: () => ({ currentPassword: 'Wrong#pass1', newPassword: 'Another#Pass2026' }) },
  'POST /api/auth/totp/setup': { access: 'signed-in' },
  'POST /api/auth/totp/enable': { access: 'signed-in', body: () => ({ code: '000000' }) },
  'POST /api/auth/totp/recovery-codes': { access: 'signed-in', body: () => ({ code: '000000' }) },
  'POST /api/auth/totp/disable': { access: 'signed-in', body: () => ({ password: 'Wrong#pass1' }) },
  'GET /api/me/notify-preferences': { access: 'signed-in' },
  'PUT /api/me/notify-preferences': { access: 'signed-in', body: () => ({ digest: false, muted: [] }) },
  'GET /api/workbench': { access: MATTER_READERS },
  'GET /api/inbox': { access: 'signed-in' },
  'GET /api/inbox/unread-count': { access: 'signed-in' },
  'POST /api/inbox/read-all': { access: 'signed-in' },
  'POST /api/inbox/:id/read': { access: 'signed-in', object: 'none' },
  'GET /api/events': { access: 'signed-in', skip: 'a live event stream (SSE) that stays open; covered by notify tests' },

  // ---- accounts (三员分立)
  'GET /api/accounts': { access: ['sysadmin', 'secadmin'] },
  'POST /api/accounts': { access: ['sysadmin'], body: () => ({ username: `m${Math.random().toString(36).slice(2, 10)}`, displayName: '矩阵', password: 'Matrix#Pass2026' }) },
  'PUT /api/accounts/:id': { access: ['sysadmin'], object: 'account', body: (w) => ({ displayName: '矩阵受测', personId: null, status: 'active', version: w.version }) },
  'PUT /api/accounts/:id/roles': { access: ['secadmin'], object: 'account', body: (w) => ({ roles: ['handler'], version: w.version }) },
  'POST /api/accounts/:id/unlock': { access: ['secadmin'], object: 'account' },
  'POST /api/accounts/:id/reset-password': { access: ['secadmin'], object: 'account', body: () => ({ password: 'Matrix#Reset2026' }) },
  'POST /api/accounts/:id/totp-reset': { access: ['secadmin'], object: 'account' },
  'GET /api/admin-requests': { access: ADMINS },
  'POST /api/admin-requests/:id/approve': { access: ADMINS, object: 'none' },
  'POST /api/admin-requests/:id/reject': { access: ADMINS, object: 'none' },
  'GET /api/tokens': { access: ['secadmin'] },
  'POST /api/tokens': { access: ['secadmin'], body: () => ({ name: '矩阵令牌' }) },
  'DELETE /api/tokens/:id': { access: ['secadmin'], object: 'token' },

  // ---- trace (审计)
  'GET /api/trace': { access: ['auditor'] },
  'GET /api/trace/verify': { access: ['auditor'] },

  // ---- organisation
  'GET /api/units': { access: ALL_ROLES },
  'POST /api/units': { access: ['sysadmin'], body: () => ({ name: `矩阵单位${Math.random().toString(36).slice(2, 8)}`, kind: 'government' }) },
  'PUT /api/units/:id': { access: ['sysadmin'], object: 'unit', body: (w) => ({ name: `矩阵单位${w.id}`, kind: 'government', version: w.version }) },
  'DELETE /api/units/:id': { access: ['sysadmin'], object: 'unit' },
  'GET /api/people': { access: ALL_ROLES },
  'POST /api/people': { access: ['sysadmin'], body: (w) => ({ name: '矩阵人员', rank: 'staff', unitId: w.units.edu }) },
  'PUT /api/people/:id': { access: ['sysadmin'], object: 'person', body: (w) => ({ name: '矩阵人员', rank: 'staff', unitId: w.units.edu, version: w.version }) },
  'POST /api/org/import': { access: ['sysadmin'], multipart: true },
  'GET /api/org/import/template.xlsx': { access: ['sysadmin'] },

  // ---- dictionaries, calendar, settings
  'GET /api/categories': { access: [...MATTER_READERS, 'sysadmin'] },
  'POST /api/categories': { access: ['sysadmin', 'supervisor'], body: () => ({ name: `矩阵类别${Math.random().toString(36).slice(2, 8)}` }) },
  'PUT /api/categories/:id': { access: ['sysadmin', 'supervisor'], object: 'category', body: (w) => ({ name: `矩阵类别${w.id}` }) },
  'DELETE /api/categories/:id': { access: ['sysadmin', 'supervisor'], object: 'category' },
  'GET /api/calendar': { access: ALL_ROLES, query: 'year=2026' },
  'GET /api/calendar/coverage': { access: ALL_ROLES },
  'PUT /api/calendar/days/:date': { access: ['sysadmin'], body: () => ({ kind: 'closure', name: '矩阵测试' }) },
  'DELETE /api/calendar/days/:date': { access: ['sysadmin'] },
  'PUT /api/calendar/years/:year': { access: ['sysadmin'], body: () => ({ covered: true }) },
  'POST /api/calendar/import': { access: ['sysadmin'], body: () => ({ text: 'date,kind,name\n2027-10-01,holiday,国庆节' }) },
  'GET /api/settings/warning': { access: ['sysadmin', 'supervisor'] },
  'PUT /api/settings/warning': { access: ['sysadmin', 'supervisor'], body: async (w) => pick(await w.read('/api/settings/warning'), ['thresholds', 'repeat']) },
  'GET /api/settings/office': { access: ['sysadmin', 'supervisor'] },
  'PUT /api/settings/office': { access: ['sysadmin', 'supervisor'], body: () => ({ officeName: '区委区政府督查办公室' }) },
  'GET /api/settings/channels': { access: ['secadmin'] },
  'PUT /api/settings/channels': { access: ['secadmin'], body: () => ({}) },
  'POST /api/settings/channels/test': { access: ['secadmin'], body: () => ({ channel: 'email', to: 'matrix@example.invalid' }) },
  'GET /api/deliveries': { access: ['secadmin', 'supervisor'] },
  'POST /api/deliveries/:id/retry': { access: ['secadmin', 'supervisor'], object: 'none' },

  // ---- matters (督办事项): data scope applies
  'GET /api/matters': { access: MATTER_READERS },
  'POST /api/matters': { access: OFFICE, body: matterBody },
  'GET /api/matters/export.xlsx': { access: MATTER_READERS },
  'GET /api/matters/import-template.xlsx': { access: OFFICE },
  'POST /api/matters/import': { access: OFFICE, multipart: true },
  'GET /api/matters/:id': { access: MATTER_READERS, object: 'matter', scoped: true },
  'PUT /api/matters/:id': { access: OFFICE, object: 'matter', scoped: true, body: (w) => ({ ...matterBody(w), version: w.version }) },
  'POST /api/matters/:id/children': { access: OFFICE, object: 'matter', scoped: true, body: matterBody },
  'POST /api/matters/:id/assign': { access: OFFICE, object: 'matter', scoped: true, body: (w) => ({ version: w.version }) },
  'POST /api/matters/:id/sign': { access: UNIT_SIGNERS, object: 'matter', scoped: true, body: () => ({}) },
  'POST /api/matters/:id/delegate': { access: UNIT_SIGNERS, object: 'matter', scoped: true, body: (w) => ({ handlerIds: [w.people.handler] }) },
  'POST /api/matters/:id/reports': { access: UNIT_PEOPLE, object: 'matter', scoped: true, body: () => ({ progress: 10, text: '矩阵汇报' }) },
  'POST /api/matters/:id/extensions': { access: UNIT_SIGNERS, object: 'matter', scoped: true, body: () => ({ requestedDeadline: '2027-01-31', reason: '矩阵' }) },
  'POST /api/matters/:id/extensions/:eid/decision': { access: OFFICE, object: 'matter', scoped: true, body: () => ({ approve: false }) },
  'POST /api/matters/:id/completion': { access: UNIT_SIGNERS, object: 'matter', scoped: true, body: () => ({ evidence: '矩阵' }) },
  'POST /api/matters/:id/completion/accept': { access: OFFICE, object: 'matter', scoped: true, body: () => ({}) },
  'POST /api/matters/:id/return': { access: OFFICE, object: 'matter', scoped: true, body: () => ({ reason: '矩阵' }) },
  'POST /api/matters/:id/rate': { access: OFFICE, object: 'matter', scoped: true, body: () => ({ rating: 5 }) },
  'POST /api/matters/:id/archive': { access: OFFICE, object: 'matter', scoped: true },
  'POST /api/matters/:id/cancel': { access: OFFICE, object: 'matter', scoped: true, body: () => ({ reason: '矩阵' }) },
  'POST /api/matters/:id/units/settle': { access: OFFICE, object: 'matter', scoped: true, body: (w) => ({ unitId: w.units.street, mode: 'close', reason: '矩阵' }) },
  'POST /api/matters/:id/urges': { access: [...OFFICE, 'leader'], object: 'matter', scoped: true, body: () => ({}) },
  'GET /api/matters/:id/attachments': { access: MATTER_READERS, object: 'matter', scoped: true },
  'POST /api/matters/:id/attachments': { access: HANDLERS, object: 'matter', scoped: true, body: () => ({ attachmentIds: [987654321] }) },
  'GET /api/matters/:id/deliveries': { access: MATTER_READERS, object: 'matter', scoped: true },
  'GET /api/matters/:id/notices': { access: MATTER_READERS, object: 'matter', scoped: true },
  'POST /api/matters/:id/notices': { access: OFFICE, object: 'matter', scoped: true, body: (w) => ({ title: '矩阵通知', body: '内容', recipients: [{ personId: w.people.liaison }] }) },
  'GET /api/matters/:id/inspections': { access: MATTER_READERS, object: 'matter', scoped: true, tenantWideFor: ['inspector'] },
  'POST /api/matters/:id/inspections': { access: ['inspector'], object: 'matter', scoped: true, tenantWideFor: ['inspector'], body: () => ({ inspectedAt: '2026-11-20T02:00:00Z', finding: 'confirms' }) },
  'POST /api/attachments': { access: MATTER_READERS, multipart: true },
  'GET /api/attachments/:id': { access: MATTER_READERS, object: 'none' },
  'GET /api/notices/:id': { access: MATTER_READERS, object: 'none' },
  'GET /api/notices/:id/docx': { access: MATTER_READERS, object: 'none' },
  'POST /api/notices/:id/acknowledge': { access: MATTER_READERS, object: 'none' },
  'POST /api/notices/:id/replies': { access: UNIT_SIGNERS, object: 'none', body: () => ({ body: '矩阵报送' }) },
  'GET /api/inspection-campaigns': { access: ['inspector'] },
  'POST /api/inspection-campaigns': { access: ['inspector'], body: () => ({ name: '矩阵督查' }) },
  'GET /api/inspection-campaigns/:id': { access: ['inspector'], object: 'campaign' },

  // ---- cockpit, reports
  'GET /api/cockpit': { access: ['supervisor', 'leader', 'unit_head'] },
  'GET /api/cockpit/feed': { access: ['supervisor', 'leader', 'unit_head'] },
  'GET /api/cockpit/live': { access: ['supervisor', 'leader', 'unit_head'], skip: 'a live event stream (SSE); covered by cockpit tests' },
  'GET /api/reports': { access: ['supervisor', 'leader', 'unit_head'] },
  'POST /api/reports': { access: OFFICE, body: () => ({ kind: 'weekly', from: '2026-11-09', to: '2026-11-15' }) },
  'GET /api/reports/campaigns': { access: OFFICE },
  'GET /api/reports/:id': { access: OFFICE, object: 'report' }, // a draft: leaders and unit heads read published reports only
  'PUT /api/reports/:id': {
    access: OFFICE,
    object: 'report',
    // The body of the tenant's own report (a foreign one cannot be read to build it).
    body: async (w) => {
      const list = pick(await w.read('/api/reports'), ['items']).items;
      const first: unknown = Array.isArray(list) ? list[0] : null;
      return { ...pick(await w.read(`/api/reports/${String(pick(first, ['id']).id)}`), ['title', 'sections']), version: w.version };
    },
  },
  'DELETE /api/reports/:id': { access: OFFICE, object: 'report' },
  'POST /api/reports/:id/refresh': { access: OFFICE, object: 'report', body: (w) => ({ version: w.version }) },
  'POST /api/reports/:id/publish': { access: OFFICE, object: 'report', body: (w) => ({ version: w.version }) },
  'GET /api/reports/:id/docx': { access: OFFICE, object: 'report' }, // a draft: leaders and unit heads read published reports only
  'GET /api/reports/:id/xlsx': { access: OFFICE, object: 'report' }, // a draft: leaders and unit heads read published reports only

  // ---- assessment (督考一体): 督查办 manages, leaders (and 组织部 staff, who hold 领导) read all and decide 容错
  'GET /api/assessment/rule-books': { access: ASSESS_READERS },
  'PUT /api/assessment/rule-book': {
    access: OFFICE,
    body: async (w) => {
      const list = pick(await w.read('/api/assessment/rule-books'), ['items']).items;
      return pick(Array.isArray(list) ? list[0] : null, ['rules', 'version', 'effectiveFrom']);
    },
  },
  'GET /api/assessment/periods': { access: 'signed-in' },
  'POST /api/assessment/recompute': { access: OFFICE, body: () => ({ period: '2026Q4' }) },
  'POST /api/assessment/publish': { access: OFFICE, body: () => ({ period: '2019Q1' }) }, // never computed: 404 for the office
  'GET /api/assessment/units': { access: ASSESS_READERS, query: 'period=2026Q4' },
  // A unit's people see their own unit's lines and a cadre their own; the matrix asks for a unit that is nobody's.
  'GET /api/assessment/lines': { access: ASSESS_READERS, query: 'period=2026Q4&subjectType=unit&subjectId=99999' },
  'GET /api/assessment/cadres': { access: ASSESS_READERS, query: 'period=2026Q4' },
  'GET /api/assessment/cadres/:id': { access: ASSESS_READERS, object: 'person', query: 'period=2026Q4' }, // a cadre also sees their own (assessment.http.test.ts)
  'PUT /api/assessment/org-parts': { access: OFFICE, body: (w) => ({ period: '2026Q4', items: [{ personId: w.people.handler, score: 80 }] }) },
  'GET /api/assessment/export.xlsx': { access: ASSESS_READERS, query: 'period=2026Q4' },
  'GET /api/assessment/export.docx': { access: ASSESS_READERS, query: 'period=2026Q4' },
  'GET /api/assessment/tolerance': { access: 'signed-in' },
  // Anyone applies for their own lines: the matrix applies for the handler's (the period is not computed: 404 for them).
  'POST /api/assessment/tolerance': {
    access: ['handler'],
    body: (w) => ({ period: '2019Q1', subjectType: 'person', subjectId: w.people.handler, lineKeys: ['1:overdue:2019-01-01'], situation: '先行先试、探索创新中出现失误', reason: '矩阵测试理由', evidence: '矩阵材料' }),
  },
  'GET /api/assessment/tolerance/:id': { access: 'signed-in', object: 'none' },
  'GET /api/assessment/tolerance/:id/what-if': { access: ASSESS_READERS, object: 'none' },
  'POST /api/assessment/tolerance/:id/verify': { access: OFFICE, object: 'none', body: () => ({ approve: true, note: '矩阵核实' }) },
  'POST /api/assessment/tolerance/:id/decide': { access: ['leader'], object: 'none', body: () => ({ approve: true, note: '矩阵决定' }) },
  // 加扣分: 督查办 records; everyone lists what they may see (their unit's, their own).
  'GET /api/assessment/items': { access: 'signed-in', query: 'period=2026Q4' },
  'POST /api/assessment/items': { access: OFFICE, body: (w) => ({ kind: 'commend', subjectType: 'unit', subjectId: w.units.street, docNumber: '矩阵通〔2026〕1号', docDate: '2019-02-01', title: '矩阵测试通报' }) },
  'POST /api/assessment/items/:id/remove': { access: OFFICE, object: 'none', body: () => ({ reason: '矩阵撤销' }) },
  'POST /api/assessment/items/:id/files': { access: OFFICE, object: 'none', body: () => ({ attachmentIds: [1] }) },
  'GET /api/assessment/items/:id/files/:fileId': { access: 'signed-in', object: 'none' },
  // 复核 / 申诉: anyone applies for their own (the matrix's period is not computed: 404 for them); 复核 decided by 督查办,
  // 申诉 by leaders — the role is checked on the record, so an unknown :id answers 404 to everyone.
  'GET /api/assessment/appeals': { access: 'signed-in' },
  'POST /api/assessment/appeals': {
    access: ['handler'],
    body: (w) => ({ kind: 'review', period: '2019Q1', subjectType: 'person', subjectId: w.people.handler, reason: '矩阵测试复核理由', evidence: '矩阵材料' }),
  },
  'POST /api/assessment/appeals/:id/decide': { access: 'signed-in', object: 'none', body: () => ({ outcome: 'upheld', note: '矩阵决定' }) },
  'POST /api/assessment/appeals/:id/extend': { access: ['leader'], object: 'none', body: () => ({ days: 10, note: '矩阵延长' }) },
  // ---- 季评 (division evaluation) and 满意率; a round's :id is 'none' (the rounds are tenant-wide, not per unit)
  'GET /api/evaluation/rounds': { access: COCKPIT },
  'POST /api/evaluation/rounds': { access: OFFICE, body: () => ({ year: 2026, quarter: 4 }) },
  'GET /api/evaluation/rounds/:id': { access: COCKPIT, object: 'none' },
  'PUT /api/evaluation/rounds/:id/raters': { access: OFFICE, object: 'none', body: (w) => ({ raters: [{ personId: w.people.handler, raterKind: 'staff', divisionIds: [w.units.street] }] }) },
  'POST /api/evaluation/rounds/:id/close': { access: OFFICE, object: 'none' },
  'POST /api/evaluation/rounds/:id/ratings': { access: RATERS, object: 'none', body: () => ({ divisionId: 1, scores: { duty: 90, law: 90, service: 85, innovation: 80, integrity: 95 } }) },
  'POST /api/evaluation/rounds/:id/rectifications': { access: OFFICE, object: 'none', body: () => ({ divisionId: 1, problems: '矩阵问题', measures: [{ text: '矩阵整改', deadline: '2026-12-31' }] }) },
  'GET /api/evaluation/rounds/:id/docx': { access: COCKPIT, object: 'none' },
  'GET /api/evaluation/rounds/:id/xlsx': { access: COCKPIT, object: 'none' },
  'GET /api/evaluation/my': { access: 'signed-in' },
  'GET /api/satisfaction': { access: COCKPIT, query: 'from=2026-10-01&to=2026-12-31' },
  // Citizens' votes are entered by the office (a unit's vote on another unit is its head's or liaison's: satisfaction.test.ts).
  'POST /api/satisfaction/ratings': { access: OFFICE, body: (w) => ({ unitId: w.units.housing, rater: 'citizen', level: 'satisfied', ratedOn: '2026-11-20' }) },
  'GET /api/satisfaction/settings': { access: COCKPIT },
  'PUT /api/satisfaction/settings': { access: OFFICE, body: () => ({ points: { satisfied: 100, basic: 70, unsatisfied: 30 }, weights: { citizen: 50, unit: 50 } }) },
  // ---- 能上能下 indicators and the organisation department's part from Excel (assessment, issue 13)
  'GET /api/satisfaction/votes': { access: COCKPIT, query: 'unitId=99999&from=2026-10-01&to=2026-12-31' },
  'GET /api/assessment/indicators': { access: ASSESS_READERS, query: 'period=2026Q4' },
  'GET /api/assessment/indicator-settings': { access: ASSESS_READERS },
  'PUT /api/assessment/indicator-settings': { access: OFFICE, body: () => ({ indicators: [{ id: 'last_two_quarters', label: '连续两个季度同类排名末位', direction: 'down', kind: 'rank_bottom', threshold: 1, window: 2, enabled: true }] }) },
  'GET /api/assessment/org-parts/template.xlsx': { access: OFFICE, query: 'period=2026Q4' },
  'POST /api/assessment/org-parts/import': { access: OFFICE, multipart: true, query: 'period=2026Q4' },
  // ---- 联席会议 / 督查工作例会: the office records them; units see those of their units and complete their own decisions
  'GET /api/meetings': { access: MATTER_READERS },
  'POST /api/meetings': {
    access: OFFICE,
    body: (w) => ({ kind: 'joint', title: '矩阵联席会议', heldOn: '2026-11-19', units: [{ unitId: w.units.street }], decisions: [{ content: '矩阵议定事项', unitId: w.units.street, deadline: '2026-12-10' }] }),
  },
  'GET /api/meetings/:id': { access: MATTER_READERS, object: 'meeting', scoped: true },
  'PUT /api/meetings/:id': { access: OFFICE, object: 'meeting', scoped: true, body: (w) => ({ title: '矩阵联席会议（改）', heldOn: '2026-11-18', version: w.version }) },
  'POST /api/meetings/:id/problems': { access: OFFICE, object: 'meeting', scoped: true, body: () => ({ problemId: 99_999 }) }, // no such problem: 400 for the office
  'GET /api/meeting-problems': { access: OFFICE },
  'GET /api/meeting-decisions': { access: MATTER_READERS },
  'POST /api/meeting-decisions/:id/complete': { access: ['supervisor', ...UNIT_SIGNERS], object: 'decision', scoped: true, body: () => ({ result: '矩阵落实情况' }) },
  'POST /api/meeting-decisions/:id/reopen': { access: OFFICE, object: 'decision', scoped: true, body: () => ({ reason: '矩阵退回' }) },

  // ---- the grid tree, map and statistics (issue 16, gridcells16): the tree is read by every grid role (pickers,
  // the phone), changed by the district platform (督查办, grid.manage); the map and statistics are read by every
  // grid role within their grid data scope (modules/grid/grid-scope.ts, in SQL).
  'GET /api/grid/levels': { access: GRID_READERS },
  'PUT /api/grid/levels': { access: OFFICE, body: () => ({ levels: [{ level: 1, name: '街道/乡镇' }, { level: 2, name: '社区/村' }, { level: 3, name: '网格' }] }) },
  'GET /api/grid/cells': { access: GRID_READERS },
  'GET /api/grid/categories': { access: GRID_READERS },
  'POST /api/grid/cells': { access: OFFICE, body: () => ({ level: 1, code: `410103${String(100 + Math.floor(Math.random() * 899))}000000`, name: '矩阵街道' }) },
  'GET /api/grid/cells/:id': { access: GRID_READERS, object: 'none' },
  'PUT /api/grid/cells/:id': { access: OFFICE, object: 'none', body: () => ({ name: '矩阵网格' }) },
  'POST /api/grid/cells/:id/close': { access: OFFICE, object: 'none', body: () => ({ reason: '矩阵撤销' }) },
  'POST /api/grid/cells/:id/staff': { access: OFFICE, object: 'none', body: (w) => ({ duty: 'member', personId: w.people.handler }) },
  'POST /api/grid/staff/:id/end': { access: OFFICE, object: 'none', body: () => ({}) },
  'POST /api/grid/assign': { access: GRID_REPORTERS, body: () => ({ lon: 113.63, lat: 34.72 }) },
  'GET /api/grid/map': { access: GRID_READERS },
  'GET /api/grid/cells/:id/problems': { access: GRID_READERS, object: 'none' },
  'GET /api/grid/stats': { access: GRID_READERS, query: 'from=2026-01&to=2026-12&dim=street' },
  'GET /api/grid/overview': { access: GRID_READERS, query: 'from=2026-01&to=2026-12' },
  // 网格设置 (转入督办, versioned time-limit tables): 督查办 and the system administrator, as the warning settings.
  'GET /api/grid/settings': { access: ['sysadmin', 'supervisor'] },
  'PUT /api/grid/settings': { access: ['sysadmin', 'supervisor'], body: () => ({ superviseEnabled: true, superviseWorkdays: 10, superviseLeadUnitId: null }) },
  'GET /api/grid/limit-versions': { access: ['sysadmin', 'supervisor'] },
  'GET /api/grid/limit-versions/:id': { access: ['sysadmin', 'supervisor'], object: 'none' },
  'POST /api/grid/limit-versions': {
    access: ['sysadmin', 'supervisor'],
    body: () => ({
      effectiveFrom: '2099-01-01T00:00:00+08:00',
      rows: ['accept', 'register', 'dispatch', 'sign', 'handle', 'verify', 'visit', 'hold_cell', 'hold_community', 'hold_street', 'hold_district'].map((stage) => ({ categoryId: null, urgency: null, stage, amount: 1, unit: 'day' })),
    }),
  },
  'GET /api/grid/import/template.xlsx': { access: OFFICE },
  'POST /api/grid/import': { access: OFFICE, multipart: true },
  'POST /api/grid/import/polygons': { access: OFFICE, multipart: true },
  // ---- grid problems (事件): report, queue, page, the flow's actions; a problem :id is 'none' (every role gets 404)
  'POST /api/grid/photos': { access: GRID_REPORTERS, multipart: true },
  'GET /api/grid/photos/:id': { access: GRID_READERS, object: 'none' },
  'POST /api/grid/problems': { access: GRID_REPORTERS, body: () => ({ categoryId: 1, description: '矩阵测试问题', address: '矩阵路 1 号' }) },
  'GET /api/grid/problems': { access: GRID_READERS, query: 'level=cell&page=1' },
  'GET /api/grid/problems/:id': { access: GRID_READERS, object: 'none' },
  'POST /api/grid/problems/:id/accept': { access: GRID_READERS, object: 'none', body: () => ({}) },
  'POST /api/grid/problems/:id/register': { access: GRID_READERS, object: 'none', body: () => ({}) },
  'POST /api/grid/problems/:id/reject': { access: GRID_READERS, object: 'none', body: () => ({ reason: '矩阵理由' }) },
  'POST /api/grid/problems/:id/dispatch': { access: GRID_READERS, object: 'none', body: (w) => ({ unitId: w.units.housing }) },
  'POST /api/grid/problems/:id/sign': { access: GRID_READERS, object: 'none', body: () => ({}) },
  'POST /api/grid/problems/:id/return': { access: GRID_READERS, object: 'none', body: () => ({ reason: '矩阵理由' }) },
  'POST /api/grid/problems/:id/handle': { access: GRID_READERS, object: 'none', body: () => ({ result: '矩阵处置' }) },
  'POST /api/grid/problems/:id/verify': { access: GRID_READERS, object: 'none', body: () => ({ pass: true }) },
  'POST /api/grid/problems/:id/extension': { access: GRID_READERS, object: 'none', body: () => ({ hours: 4, reason: '矩阵理由' }) },
  'POST /api/grid/problems/:id/extension/decision': { access: GRID_READERS, object: 'none', body: () => ({ approve: true }) },
  'POST /api/grid/problems/:id/escalate': { access: GRID_READERS, object: 'none', body: () => ({ reason: '矩阵理由' }) },
  'POST /api/grid/problems/:id/park': { access: GRID_READERS, object: 'none', body: () => ({ reason: '矩阵理由', reviewOn: '2026-12-31' }) },
  'POST /api/grid/problems/:id/unpark': { access: GRID_READERS, object: 'none', body: () => ({}) },
  'POST /api/grid/problems/:id/visit': { access: GRID_READERS, object: 'none', body: () => ({ rating: 'satisfied' }) },
  // ---- Open311 GeoReport v2 (issue 17, open311): the standard endpoints are public by the spec (reading carries no
  // personal data; POST checks its api_key, answered 404 here for the placeholder tenant); keys are the security
  // admin's (token.manage). The 12345 hotline import and export are the district platform's (督查办, grid.manage).
  'GET /api/open311/:tenant/discovery.:format': { access: 'public' },
  'GET /api/open311/:tenant/v2/services.:format': { access: 'public' },
  'GET /api/open311/:tenant/v2/services/:code.:format': { access: 'public' },
  'POST /api/open311/:tenant/v2/requests.:format': { access: 'public' },
  'GET /api/open311/:tenant/v2/requests.:format': { access: 'public' },
  'GET /api/open311/:tenant/v2/requests/:id.:format': { access: 'public', object: 'none' },
  'GET /api/open311/:tenant/v2/tokens/:token.:format': { access: 'public' },
  'GET /api/open311/keys': { access: ['secadmin'] },
  'POST /api/open311/keys': { access: ['secadmin'], body: () => ({ name: '矩阵对接系统' }) },
  'DELETE /api/open311/keys/:id': { access: ['secadmin'], object: 'none' },
  'GET /api/grid/hotline/template.xlsx': { access: OFFICE },
  'POST /api/grid/hotline/import': { access: OFFICE, multipart: true },
  'GET /api/grid/hotline/export.xlsx': { access: OFFICE, query: 'from=2026-11-01&to=2026-11-30' },
  // ---- the citizens' channel (issue 17, citizens17): the public page needs no account (its tenant code is not
  // the test's, so these answer 404); staff read reporters masked, merge, moderate and decide clusters.
  'GET /api/public/:tenant': { access: 'public' },
  'POST /api/public/:tenant/photos': { access: 'public', multipart: true },
  'POST /api/public/:tenant/reports': { access: 'public', body: () => ({ categoryId: 1, description: '矩阵测试', address: '矩阵路 1 号' }) },
  'GET /api/public/:tenant/nearby': { access: 'public', query: 'categoryId=1&lat=34.7&lon=113.6' },
  'POST /api/public/:tenant/follow/:ticket': { access: 'public', body: () => ({}) },
  'POST /api/public/:tenant/lookup': { access: 'public', body: () => ({ ticket: 'WG20261118000001', last4: '1234' }) },
  'GET /api/public/:tenant/track/:token': { access: 'public', skip: 'a path token the matrix cannot build; citizens.http.test.ts covers it' },
  'POST /api/public/:tenant/track/:token/rating': { access: 'public', skip: 'a path token the matrix cannot build; citizens.http.test.ts covers it' },
  'GET /api/public/:tenant/resolved': { access: 'public' },
  'GET /api/public/:tenant/photos/:id': { access: 'public', object: 'none', query: 's=x' },
  'GET /api/citizens/problems/:id/reporters': { access: GRID_READERS, object: 'none' },
  'POST /api/citizens/reporters/:id/unmask': { access: ['supervisor', 'grid_leader'], object: 'none', body: () => ({}) },
  'POST /api/citizens/problems/:id/merge': { access: GRID_HANDLERS_CIT, object: 'none', body: () => ({ intoId: 1 }) },
  'POST /api/citizens/problems/:id/moderate': { access: GRID_HANDLERS_CIT, object: 'none', body: () => ({ kind: 'text', text: '矩阵文字', reason: '矩阵理由' }) },
  'GET /api/citizens/nearby': { access: GRID_REPORTERS, query: 'categoryId=1&lat=34.7&lon=113.6' },
  'GET /api/citizens/clusters': { access: GRID_READERS },
  'POST /api/citizens/clusters/:id/supervise': { access: MATTER_CREATORS_CIT, object: 'none', body: () => ({ workdays: 10 }) },
  'POST /api/citizens/clusters/:id/dismiss': { access: GRID_HANDLERS_CIT, object: 'none', body: () => ({}) },
  'GET /api/public/:tenant/challenge': { access: 'public' },
  'GET /api/citizens/problems/:id/redactions': { access: GRID_READERS, object: 'none' },
  'GET /api/citizens/settings': { access: OFFICE },
  'PUT /api/citizens/settings': { access: OFFICE, body: () => ({ proofOfWork: false, proofBits: 16, open311Origins: [] }) },
  'OPTIONS /api/open311/:tenant/*': { access: 'public' },
};
