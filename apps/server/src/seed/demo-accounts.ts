import type { Role } from '@duban/shared';

export const DEMO_PASSWORD = 'Demo@2026';

/**
 * The demo accounts printed at start-up and listed in the README. The three admins sign in with a second factor
 * (ADMIN_2FA=required): their TOTP secrets are published here and in the README, for the demo only — add one to
 * an authenticator app, or print the current code with `npx duban totp-code SECRET`.
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; roles: Role[]; label: string; totpSecret?: string }> = [
  { username: 'admin', roles: ['sysadmin'], label: '系统管理员', totpSecret: 'DUBANDEMOSYSADMINTOTPSECRETAAAAA' },
  { username: 'secadmin', roles: ['secadmin'], label: '安全管理员', totpSecret: 'DUBANDEMOSECADMINTOTPSECRETAAAAA' },
  { username: 'auditor', roles: ['auditor'], label: '审计管理员', totpSecret: 'DUBANDEMOAUDITORTOTPSECRETAAAAAA' },
  { username: 'duchaban', roles: ['supervisor', 'inspector'], label: '督查办（区委区政府督查办公室）' },
  { username: 'shuji', roles: ['leader'], label: '区委书记' },
  { username: 'liaison', roles: ['liaison'], label: '五里堡街道办事处 联络员' },
  { username: 'handler', roles: ['handler'], label: '五里堡街道办事处 承办人' },
  { username: 'wangge', roles: ['grid_leader'], label: '网格长（五里堡街道 工人路社区第一网格）' },
  { username: 'wangge2', roles: ['grid_leader'], label: '网格长（淮河路街道 升龙社区第一网格）' },
];
