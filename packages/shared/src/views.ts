import { z } from 'zod';
import { PERMISSIONS, ROLES } from './roles';
import { RANKS, UNIT_KINDS } from './org';

// Response shapes of the foundation API, shared so the web app is typed by the same schemas the server serialises with.

export const meSchema = z.object({
  accountId: z.number().int().nullable(),
  username: z.string().nullable(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  personId: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  tenant: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  mustChangePassword: z.boolean(),
  /** Two-factor sign-in is on for this account. */
  totpEnabled: z.boolean(),
  /** The account must enrol a second factor before anything else (admin roles). */
  totpEnrolmentRequired: z.boolean(),
  csrfToken: z.string().nullable(),
  /** The largest file the server accepts (MAX_UPLOAD_MB), so the browser refuses a bigger one before sending it. */
  maxUploadBytes: z.number().int(),
});
export type Me = z.infer<typeof meSchema>;

export const unitSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string().nullable(),
  sort: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type UnitView = z.infer<typeof unitSchema>;

export const personSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  rank: z.enum(RANKS),
  title: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string().nullable(),
  divisionId: z.number().int().nullable(),
  divisionName: z.string().nullable(),
  wecomUserId: z.string().nullable(),
  dingtalkUserId: z.string().nullable(),
  isUnitHead: z.boolean(),
  isLiaison: z.boolean(),
  leaderOfUnitIds: z.array(z.number().int()),
  active: z.boolean(),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof personSchema>;

export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(['active', 'disabled']),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  unitName: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  version: z.number().int(),
});
export type AccountView = z.infer<typeof accountSchema>;

/** 双人复核: an act on an admin-role account waiting for a second admin role's approval. */
export const adminRequestSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['roles', 'disable', 'password_reset', 'totp_reset']),
  targetAccountId: z.number().int(),
  targetUsername: z.string(),
  /** For a role change: the roles the account will hold. */
  roles: z.array(z.enum(ROLES)).nullable(),
  requestedByUsername: z.string(),
  requestedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedByUsername: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type AdminRequestView = z.infer<typeof adminRequestSchema>;

export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  accountId: z.number().int(),
  username: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const traceEntrySchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  actorAccountId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
  /** The object by its number or name (二七督〔2026〕1006号), when it has one. */
  entityLabel: z.string().nullable().optional(),
});
export type TraceEntryView = z.infer<typeof traceEntrySchema>;

const nameTable = z.record(z.string(), z.string());
/** The names behind the ids that a page of trace entries mentions, by kind and id. */
export const traceNamesSchema = z.object({ units: nameTable, people: nameTable, categories: nameTable, matters: nameTable, notices: nameTable });
export type TraceNames = z.infer<typeof traceNamesSchema>;

export const traceVerifySchema = z.object({
  status: z.enum(['intact', 'broken']),
  checkedAt: z.string(),
  rows: z.number().int(),
  tenants: z.array(
    z.object({ tenantId: z.number().int(), rows: z.number().int(), headSeq: z.number().int(), anchorSeq: z.number().int().nullable(), intact: z.boolean() }),
  ),
  firstBroken: z
    .object({
      tenantId: z.number().int(),
      seq: z.number().int(),
      id: z.number().int().nullable(),
      at: z.string().nullable(),
      action: z.string().nullable(),
      reason: z.string(),
      message: z.string(),
    })
    .nullable(),
});
export type TraceVerifyView = z.infer<typeof traceVerifySchema>;

/** `{ items, total }` of a paged list. */
export type Page<T> = { items: T[]; total: number };
