import type { AccountView, Page } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api/client';

/** 安全管理员: accounts locked out after failed logins, and accounts without roles. */
export function AccountsWidget() {
  const { t } = useTranslation();
  const { data, isLoading } = useQuery({ queryKey: ['accounts', 'all'], queryFn: () => get<Page<AccountView>>('/api/accounts?limit=500') });
  const locked = (data?.items ?? []).filter((a) => a.lockedUntil);
  const noRoles = (data?.items ?? []).filter((a) => a.roles.length === 0 && a.status === 'active');
  return (
    <Card title={t('workbench.accountSecurity')} extra={<Link to="/security/accounts">{t('menu.roles')}</Link>} loading={isLoading}>
      <List
        size="small"
        dataSource={[
          { label: t('workbench.lockedAccounts'), items: locked.map((a) => a.username) },
          { label: t('workbench.accountsWithoutRoles'), items: noRoles.map((a) => a.username) },
        ]}
        renderItem={(row) => (
          <List.Item>
            <Typography.Text>{row.label}</Typography.Text>
            <span>{row.items.length ? row.items.slice(0, 6).map((u) => <Tag key={u}>{u}</Tag>) : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}</span>
          </List.Item>
        )}
      />
    </Card>
  );
}
