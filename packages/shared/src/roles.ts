/** Roles a person's account may hold. The three admin roles are mutually exclusive (三员分立). */
export const ROLES = [
  'sysadmin', // 系统管理员: organisation, people, accounts, dictionaries
  'secadmin', // 安全管理员: roles, locks, password policy, API tokens, channel secrets
  'auditor', // 审计管理员: reads and verifies the trace, nothing else
  'supervisor', // 督查办: registers, assigns, reviews, inspects, reports
  'leader', // 区领导 / 牵头领导 / 分管领导
  'unit_head', // 单位主要负责人
  'liaison', // 联络员
  'handler', // 承办人
  'inspector', // 督查员 (现场督查)
  'grid_leader', // 网格长
] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const satisfies readonly Role[];
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  supervisor: '督查办',
  leader: '领导',
  unit_head: '单位负责人',
  liaison: '联络员',
  handler: '承办人',
  inspector: '督查员',
  grid_leader: '网格长',
};

/** Permissions checked by services. Each role's set is below; admin roles share none. */
export const PERMISSIONS = [
  'org.read',
  'org.manage', // units, divisions, people
  'account.manage', // create/disable accounts, edit their person link
  'account.roles', // grant and revoke roles, unlock, reset passwords
  'security.policy',
  'token.manage',
  'channel.manage',
  'trace.read.all', // the whole trace, every entity
  'trace.verify',
  'calendar.manage',
  'dictionary.manage',
  'matter.read',
  'matter.create',
  'matter.manage', // assign, review, approve, cancel, archive (督查办)
  'matter.handle', // report progress on the unit's matters (units)
  'matter.sign', // act for the unit: sign, name handlers, request extension / completion (联络员, 单位负责人)
  'matter.inspect',
  'notice.issue',
  'cockpit.read',
  'report.manage',
  'assess.read', // every unit's league table and every cadre's archive (督查办, 领导; 组织部 staff hold 领导)
  'assess.manage', // rule book, recompute, publish, verify 容错, the organisation department's part
  'assess.decide', // decide 容错 applications (the leadership group)
  'grid.read', // grid problems within the grid data scope (grid-scope.ts: own cells, a unit's cells, dispatched to the unit)
  'grid.report', // report a problem (事件上报) from the phone or the office
  'grid.handle', // act for a level or a unit on a problem: sign, handle, return, check, mark beyond power
  'grid.manage', // the district platform: the grid, its taxonomy and time limits, every level's actions
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  sysadmin: ['org.read', 'org.manage', 'account.manage', 'calendar.manage', 'dictionary.manage'],
  secadmin: ['org.read', 'account.roles', 'security.policy', 'token.manage', 'channel.manage'],
  auditor: ['org.read', 'trace.read.all', 'trace.verify'],
  supervisor: [
    'org.read',
    'matter.read',
    'matter.create',
    'matter.manage',
    'matter.handle',
    'matter.sign',
    'matter.inspect',
    'notice.issue',
    'cockpit.read',
    'report.manage',
    'assess.read',
    'assess.manage',
    'grid.read',
    'grid.report',
    'grid.handle',
    'grid.manage',
  ],
  leader: ['org.read', 'matter.read', 'cockpit.read', 'assess.read', 'assess.decide', 'grid.read'],
  unit_head: ['org.read', 'matter.read', 'matter.handle', 'matter.sign', 'cockpit.read', 'grid.read', 'grid.report', 'grid.handle'],
  liaison: ['org.read', 'matter.read', 'matter.handle', 'matter.sign', 'grid.read', 'grid.report', 'grid.handle'],
  // The handler does the work and reports it; the liaison signs for the unit and speaks for it (README, SPEC roles).
  handler: ['org.read', 'matter.read', 'matter.handle', 'grid.read', 'grid.report', 'grid.handle'],
  // 督查员 double as the grid's 监督员: they report what they see and check (核查) what was handled.
  inspector: ['org.read', 'matter.read', 'matter.inspect', 'grid.read', 'grid.report', 'grid.handle'],
  grid_leader: ['org.read', 'grid.read', 'grid.report', 'grid.handle'],
};

/** Every permission granted by a set of roles. */
export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  return out;
}

/** Why a combination of roles is not allowed, or null when it is. */
export function roleConflict(roles: readonly Role[]): string | null {
  const admins = roles.filter((r): r is AdminRole => (ADMIN_ROLES as readonly Role[]).includes(r));
  if (admins.length > 1) return '系统管理员、安全管理员、审计管理员三员分立，不能由同一账号兼任';
  if (admins.length === 1 && roles.length > 1) return '管理员账号不能同时担任业务角色';
  return null;
}
