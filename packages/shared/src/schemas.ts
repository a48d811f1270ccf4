import { z } from 'zod';
import { ROLES } from './roles';
import { RANKS, UNIT_KINDS } from './org';

/** The largest id an `integer` (int4) key can hold; a larger one names no record. */
export const MAX_ID = 2_147_483_647;

/**
 * Positive integer id, as it appears in URLs (strings) and bodies (numbers). Capped at the
 * int4 range so that an absurd id is a 400 naming the field, not a database error (500).
 */
export const idSchema = z.coerce.number().int().positive().max(MAX_ID, { error: '编号超出范围' });

/** Id of a `bigint`-keyed table (attachments, inbox messages, deliveries). */
export const bigIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER, { error: '编号超出范围' });

export const mobileSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, { error: '手机号码应为 11 位数字，以 1 开头' });

export const loginSchema = z.object({
  username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
  password: z.string().min(1, { error: '请输入密码' }).max(256),
  /** The second factor: a 6-digit code from the authenticator app, or a recovery code. */
  code: z.string().trim().max(20).optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: '请输入当前密码' }).max(256),
  newPassword: z.string().min(1, { error: '请输入新密码' }).max(256),
});

export const unitInputSchema = z.object({
  name: z.string().trim().min(1, { error: '单位名称不能为空' }).max(100),
  shortName: z.string().trim().max(30).nullish(),
  kind: z.enum(UNIT_KINDS, { error: '单位类型不正确' }),
  parentId: idSchema.nullish(),
  code: z.string().trim().max(40).nullish(),
  sort: z.number().int().min(0).max(100000).optional(),
  active: z.boolean().optional(),
});
export type UnitInput = z.infer<typeof unitInputSchema>;

export const personInputSchema = z.object({
  name: z.string().trim().min(1, { error: '姓名不能为空' }).max(50),
  mobile: mobileSchema.nullish(),
  email: z.email({ error: '邮箱格式不正确' }).nullish(),
  rank: z.enum(RANKS, { error: '职级不正确' }),
  title: z.string().trim().max(60).nullish(),
  unitId: idSchema,
  divisionId: idSchema.nullish(),
  wecomUserId: z.string().trim().max(64).nullish(),
  dingtalkUserId: z.string().trim().max(64).nullish(),
  isUnitHead: z.boolean().optional(),
  isLiaison: z.boolean().optional(),
  leaderOfUnitIds: z.array(idSchema).max(200).optional(),
  active: z.boolean().optional(),
});
export type PersonInput = z.infer<typeof personInputSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .min(3, { error: '用户名至少 3 个字符' })
  .max(32)
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, { error: '用户名须以字母开头，只能包含字母、数字、下划线、点和连字符' });

export const accountCreateSchema = z.object({
  username: usernameSchema,
  personId: idSchema.nullish(),
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(256),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
});
