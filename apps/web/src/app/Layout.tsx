import { DownOutlined, GlobalOutlined, LockOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Card, Dropdown, Layout as AntLayout, Menu, Space, Typography, theme } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useLogout, useMe } from '../api/auth';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { TotpSetup } from '../features/auth/TotpSetup';
import { TwoFactorModal } from '../features/auth/TwoFactorModal';
import { InboxBell } from '../features/notify/InboxBell';
import { setLang } from '../i18n';
import { menuFor } from './menu';
import { labelOf } from '../i18n/enumLabels';

const { Header, Sider, Content } = AntLayout;

/** The signed-in frame: role-filtered menu on the left, tenant and user on top. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const location = useLocation();
  const { token } = theme.useToken();
  const [pwOpen, setPwOpen] = useState(false);
  const [tfOpen, setTfOpen] = useState(false);
  const entries = menuFor(me);

  const items = useMemo(() => {
    type Leaf = { key: string; icon: ReactNode; label: ReactNode };
    type Group = { key: string; type: 'group'; label: ReactNode; children: Leaf[] };
    const out: (Leaf | Group)[] = [];
    const groups = new Map<string, Group>();
    for (const e of entries) {
      const label = e.path.startsWith('/api/') ? <a href={e.path} target="_blank" rel="noreferrer">{t(e.labelKey)}</a> : <Link to={e.path}>{t(e.labelKey)}</Link>;
      const item: Leaf = { key: e.path, icon: e.icon, label };
      if (e.group) {
        let g = groups.get(e.group);
        if (!g) {
          g = { key: e.group, type: 'group', label: t(e.group), children: [] };
          groups.set(e.group, g);
          out.push(g);
        }
        g.children.push(item);
      } else out.push(item);
    }
    return out;
  }, [entries, t]);

  const selected = entries
    .map((e) => e.path)
    .filter((p) => (p === '/' ? location.pathname === '/' : location.pathname.startsWith(p)))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  if (!me) return null;
  // The server allows a restricted session nothing else, so no page is shown until the restriction is met.
  const restricted = me.mustChangePassword || me.totpEnrolmentRequired;
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} width={220} theme="light" style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: '0 20px' }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 17, color: token.colorPrimary }}>
            {t('app.name')}
          </Typography.Text>
        </Link>
        <Menu mode="inline" selectedKeys={selected} items={items} style={{ borderInlineEnd: 'none' }} data-testid="main-menu" />
      </Sider>
      <AntLayout>
        <Header style={{ background: token.colorBgContainer, padding: '0 20px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Typography.Text type="secondary" ellipsis className="hide-on-phone">
            {me.tenant.name} · {t('app.full')}
          </Typography.Text>
          <Space size="middle" style={{ marginInlineStart: 'auto' }}>
            {!restricted && <InboxBell />}
            <Dropdown
              menu={{
                items: [
                  { key: 'zh', label: t('lang.zh') },
                  { key: 'en', label: t('lang.en') },
                ],
                onClick: ({ key }) => setLang(key === 'en' ? 'en' : 'zh'),
                selectedKeys: [i18n.language],
              }}
            >
              <a aria-label="language" onClick={(e) => e.preventDefault()}>
                <GlobalOutlined />
              </a>
            </Dropdown>
            <Dropdown
              menu={{
                items: [
                  { key: 'pw', icon: <LockOutlined />, label: t('auth.changePassword') },
                  { key: '2fa', icon: <SafetyOutlined />, label: t('auth.twoFactor') },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
                ],
                onClick: async ({ key }) => {
                  if (key === 'pw') setPwOpen(true);
                  if (key === '2fa') setTfOpen(true);
                  if (key === 'logout') await logout();
                },
              }}
            >
              <a onClick={(e) => e.preventDefault()} data-testid="user-menu">
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                  <span>{me.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} className="hide-on-phone">
                    {me.roles.map((r) => labelOf('role', r)).join(t('common.listSep'))}
                  </Typography.Text>
                  <DownOutlined style={{ fontSize: 10 }} />
                </Space>
              </a>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: 20, minWidth: 0 }} className="app-content">
          {me.totpEnrolmentRequired && !me.mustChangePassword ? (
            <Card title={t('auth.twoFactor')} style={{ maxWidth: 640 }} data-testid="totp-enrol">
              <Alert type="warning" showIcon title={t('auth.enrolRequired')} style={{ marginBottom: 16 }} />
              <TotpSetup onDone={() => undefined} />
            </Card>
          ) : restricted ? null : (
            children
          )}
        </Content>
      </AntLayout>
      <ChangePasswordModal open={pwOpen || me.mustChangePassword} forced={me.mustChangePassword} onClose={() => setPwOpen(false)} />
      <TwoFactorModal me={me} open={tfOpen} onClose={() => setTfOpen(false)} />
    </AntLayout>
  );
}
