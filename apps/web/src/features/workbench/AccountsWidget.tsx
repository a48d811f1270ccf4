import type { AccountView, Page } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { get } from '../../api/client';

/** 安全管理员: accounts locked out after failed logins, and accounts without roles. */
export function AccountsWidget() {
  const { data, isLoading } = useQuery({ queryKey: ['accounts', 'all'], queryFn: () => get<Page<AccountView>>('/api/accounts?limit=500') });
  const locked = (data?.items ?? []).filter((a) => a.lockedUntil);
  const noRoles = (data?.items ?? []).filter((a) => a.roles.length === 0 && a.status === 'active');
  return (
    <Card title="账号安全" extra={<Link to="/security/accounts">账号与角色</Link>} loading={isLoading}>
      <List
        size="small"
        dataSource={[
          { label: '登录锁定中的账号', items: locked.map((a) => a.username) },
          { label: '尚未授予角色的账号', items: noRoles.map((a) => a.username) },
        ]}
        renderItem={(row) => (
          <List.Item>
            <Typography.Text>{row.label}</Typography.Text>
            <span>{row.items.length ? row.items.slice(0, 6).map((u) => <Tag key={u}>{u}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>}</span>
          </List.Item>
        )}
      />
    </Card>
  );
}
