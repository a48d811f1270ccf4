import { CHANNELS, DELIVERY_STATUSES, type DeliveryView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../../api/client';
import { formatTime } from '../../components/format';
import { useDeliveries, type DeliveryFilter } from './api';
import { DeliveryStatusTag } from './DeliveryStatusTag';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

/** 消息投递记录: every delivery with its provider reply; dead or failed ones can be sent again. */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [f, setF] = useState<DeliveryFilter>({ page: 1, pageSize: 20 });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const q = useDeliveries(f);
  const patch = (p: Partial<DeliveryFilter>) => setF((cur) => ({ ...cur, ...p, page: 1 }));

  const retry = async (d: DeliveryView) => {
    try {
      await post(`/api/deliveries/${d.id}/retry`);
      message.success(t('notify.requeued'));
      await qc.invalidateQueries({ queryKey: ['deliveries'] });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <Card title={t('notify.deliveries')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t('notify.status')} style={{ width: 120 }} value={f.status} onChange={(v) => patch({ status: v })} options={enumOptions('deliveryStatus', DELIVERY_STATUSES)} />
        <Select allowClear placeholder={t('notify.channel')} style={{ width: 170 }} value={f.channel} onChange={(v) => patch({ channel: v })} options={enumOptions('channel', CHANNELS)} />
        <InputNumber placeholder={t('notify.matterId')} min={1} value={f.matterId} onChange={(v) => patch({ matterId: v ?? undefined })} style={{ width: 130 }} />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            patch({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') });
          }}
        />
        <Button onClick={() => void q.refetch()}>{t('notify.refresh')}</Button>
      </Space>
      <Table<DeliveryView>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{ current: f.page, pageSize: f.pageSize, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (page, pageSize) => setF((cur) => ({ ...cur, page, pageSize })) }}
        columns={[
          { title: t('notify.createdAt'), dataIndex: 'createdAt', width: 150, render: formatTime },
          {
            title: t('notify.message'),
            dataIndex: 'title',
            render: (v: string, d) => (
              <Space direction="vertical" size={0}>
                <span>
                  {d.urgent && <Tag color="red">{t('notify.urgent')}</Tag>}
                  {d.digest && <Tag color="purple">{t('notify.digest')}</Tag>}
                  {v}
                </span>
                {d.matterId && <Link to={`/matters/${d.matterId}`}>{t('notify.matter', { id: d.matterId })}</Link>}
              </Space>
            ),
          },
          { title: t('notify.channel'), dataIndex: 'channel', width: 150, render: (c: DeliveryView['channel']) => labelOf('channel', c) },
          { title: t('notify.recipient'), width: 160, render: (_: unknown, d) => d.personName ?? <Typography.Text type="secondary">{t('notify.group')}</Typography.Text> },
          { title: t('notify.status'), dataIndex: 'status', width: 90, render: (s: DeliveryView['status']) => <DeliveryStatusTag status={s} /> },
          { title: t('notify.attempts'), dataIndex: 'attempts', width: 80 },
          {
            title: t('notify.result'),
            render: (_: unknown, d) =>
              d.status === 'sent' ? (
                formatTime(d.sentAt)
              ) : d.status === 'pending' || d.status === 'retrying' ? (
                <Tooltip title={d.lastError}>{t('notify.nextAt', { at: formatTime(d.nextAt) })}</Tooltip>
              ) : (
                <Tooltip title={d.providerReply}>
                  <Typography.Text type="danger">{d.lastError}</Typography.Text>
                </Tooltip>
              ),
          },
          {
            title: '',
            width: 90,
            render: (_: unknown, d) =>
              d.status === 'dead' || d.status === 'failed' ? (
                <Button size="small" onClick={() => void retry(d)}>
                  {t('notify.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
