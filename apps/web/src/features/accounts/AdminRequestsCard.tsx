import type { AdminRequestView, Me } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../api/client';
import { formatTime } from '../../components/format';
import { labelOf } from '../../i18n/enumLabels';

/**
 * 双人复核: acts on admin-role accounts waiting for a second admin role (role changes, disabling, password and
 * two-factor resets). Any other admin role approves or rejects; the server refuses the requester and the account concerned.
 */
export function AdminRequestsCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['admin-requests'], queryFn: () => get<{ items: AdminRequestView[] }>('/api/admin-requests') });
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  const decide = async (r: AdminRequestView, verdict: 'approve' | 'reject') => {
    try {
      await post(`/api/admin-requests/${r.id}/${verdict}`);
      message.success(verdict === 'approve' ? t('adminRequests.approved') : t('adminRequests.rejected'));
      await qc.invalidateQueries({ queryKey: ['admin-requests'] });
      await qc.invalidateQueries({ queryKey: ['accounts'] });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card title={t('adminRequests.title')} style={{ marginBottom: 16 }} data-testid="admin-requests">
      <Alert type="info" showIcon title={t('adminRequests.hint')} style={{ marginBottom: 12 }} />
      <Table<AdminRequestView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        columns={[
          { title: t('adminRequests.kind'), dataIndex: 'kind', render: (k: AdminRequestView['kind']) => <Tag>{t(`adminRequests.kinds.${k}`)}</Tag> },
          { title: t('adminRequests.target'), dataIndex: 'targetUsername' },
          { title: t('accounts.roles'), dataIndex: 'roles', render: (rs: AdminRequestView['roles']) => rs?.map((r) => labelOf('role', r)).join(t('common.listSep')) ?? '' },
          { title: t('adminRequests.by'), dataIndex: 'requestedByUsername' },
          { title: t('adminRequests.at'), dataIndex: 'requestedAt', render: formatTime },
          {
            title: t('common.actions'),
            render: (_, r) =>
              r.requestedByUsername === me.username || r.targetAccountId === me.accountId ? (
                <Tag>{t('adminRequests.waiting')}</Tag>
              ) : (
                <Space>
                  <Popconfirm title={t('adminRequests.approveConfirm')} onConfirm={() => decide(r, 'approve')}>
                    <Button size="small" type="primary">
                      {t('adminRequests.approve')}
                    </Button>
                  </Popconfirm>
                  <Button size="small" onClick={() => decide(r, 'reject')}>
                    {t('adminRequests.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
