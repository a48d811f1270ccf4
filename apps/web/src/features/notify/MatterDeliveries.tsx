import { Badge, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { useMatterDeliveries } from './api';
import { DeliveryStatusTag } from './DeliveryStatusTag';
import { labelOf } from '../../i18n/enumLabels';

/** Delivery status per recipient for the matter page: read in the inbox, and each channel's outcome. */
export function MatterDeliveries({ matterId }: { matterId: number }) {
  const { t } = useTranslation();
  const q = useMatterDeliveries(matterId);
  if (q.isError) return <Typography.Text type="secondary">{t('notify.noAccess')}</Typography.Text>;
  return (
    <Table
      size="small"
      loading={q.isLoading}
      rowKey={(r) => `${r.outboxId}-${r.personId ?? 0}`}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.noMessages')} /> }}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('notify.createdAt'), dataIndex: 'createdAt', width: 140, render: formatTime },
        { title: t('notify.message'), dataIndex: 'title' },
        { title: t('notify.recipient'), dataIndex: 'personName', width: 120 },
        {
          title: labelOf('channel', 'inbox'),
          width: 110,
          render: (_: unknown, r) => (r.personId === null ? '—' : r.readAt ? <Tooltip title={formatTime(r.readAt)}><Badge status="success" text={t('notify.read')} /></Tooltip> : <Badge status="default" text={t('notify.unread')} />),
        },
        {
          title: t('notify.channels'),
          render: (_: unknown, r) => (
            <Space wrap size={4}>
              {r.deliveries.map((d) => (
                <Tooltip key={d.id} title={d.lastError ?? (d.sentAt ? formatTime(d.sentAt) : undefined)}>
                  <Tag>
                    {labelOf('channel', d.channel)} <DeliveryStatusTag status={d.status} />
                  </Tag>
                </Tooltip>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}
