import { SafetyCertificateOutlined } from '@ant-design/icons';
import { TRACE_ENTITY_LABELS, type TraceEntryView, type TraceNames, type TraceVerifyView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { get, qs } from '../../api/client';
import { AdminRequestsCard } from '../accounts/AdminRequestsCard';
import { formatTime } from '../../components/format';
import { TraceDiff } from './TraceDiff';
import { VerifyResult } from './VerifyResult';
import { labelOf } from '../../i18n/enumLabels';

/** 审计管理员: the whole trace, filterable, and the integrity check. */
export function AuditPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [filter, setFilter] = useState<{ entityType?: string; entityId?: string; action?: string; category?: 'security'; outcome?: string }>({});
  const [cursor, setCursor] = useState<number[]>([]);
  const beforeSeq = cursor[cursor.length - 1];
  const list = useQuery({
    queryKey: ['trace', 'all', filter, beforeSeq],
    queryFn: () => get<{ items: TraceEntryView[]; nextBeforeSeq: number | null; names?: TraceNames }>(`/api/trace${qs({ ...filter, beforeSeq, limit: 50 })}`),
  });
  const verify = useQuery({ queryKey: ['trace', 'verify'], queryFn: () => get<TraceVerifyView>('/api/trace/verify'), enabled: false });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {me && <AdminRequestsCard me={me} />}
      <Card
        title={t('trace.verifyTitle')}
        extra={
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()} data-testid="verify-button">
            {t('trace.verifyNow')}
          </Button>
        }
      >
        {verify.data ? (
          <VerifyResult result={verify.data} />
        ) : (
          <Typography.Text type="secondary">{t('trace.verifyHelp')}</Typography.Text>
        )}
      </Card>
      <Card title={t('trace.all')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('trace.entityType')}
            style={{ width: 140 }}
            options={Object.keys(TRACE_ENTITY_LABELS).map((value) => ({ value, label: labelOf('traceEntity', value) }))}
            onChange={(v?: string) => {
              setCursor([]);
              setFilter((f) => ({ ...f, entityType: v }));
            }}
          />
          <Input.Search
            allowClear
            placeholder={t('trace.entityId')}
            style={{ width: 140 }}
            onSearch={(v) => {
              setCursor([]);
              setFilter((f) => ({ ...f, entityId: v || undefined }));
            }}
          />
          <Select
            allowClear
            placeholder={t('trace.securityOnly')}
            style={{ width: 170 }}
            data-testid="security-filter"
            options={[
              { value: 'security', label: t('trace.securityAll') },
              { value: 'failure', label: t('trace.securityFailures') },
            ]}
            onChange={(v?: string) => {
              setCursor([]);
              setFilter((f) => ({ ...f, category: v ? 'security' : undefined, outcome: v === 'failure' ? 'failure' : undefined }));
            }}
          />
          <Input.Search
            allowClear
            placeholder={t('trace.actionFilter')}
            style={{ width: 200 }}
            onSearch={(v) => {
              setCursor([]);
              setFilter((f) => ({ ...f, action: v || undefined }));
            }}
          />
        </Space>
        <Table<TraceEntryView>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items}
          pagination={false}
          expandable={{ expandedRowRender: (r) => <TraceDiff before={r.before} after={r.after} entityType={r.entityType} names={list.data?.names} />, rowExpandable: (r) => !!(r.before || r.after) }}
          columns={[
            { title: t('trace.seq'), dataIndex: 'seq', width: 80 },
            { title: t('trace.at'), dataIndex: 'at', width: 150, render: formatTime },
            { title: t('trace.actor'), dataIndex: 'actorName', width: 160 },
            { title: t('trace.action'), dataIndex: 'actionLabel', width: 160 },
            { title: t('trace.entity'), render: (_, r) => `${labelOf('traceEntity', r.entityType)} ${r.entityLabel ?? `#${r.entityId}`}` },
            { title: 'IP', dataIndex: 'ip', width: 130 },
            { title: t('trace.hash'), dataIndex: 'hash', width: 120, render: (h: string) => <Typography.Text code>{h.slice(0, 10)}</Typography.Text> },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={!cursor.length} onClick={() => setCursor((c) => c.slice(0, -1))}>
            {t('trace.prev')}
          </Button>
          <Button disabled={!list.data?.nextBeforeSeq} onClick={() => list.data?.nextBeforeSeq && setCursor((c) => [...c, list.data.nextBeforeSeq ?? 0])}>
            {t('trace.next')}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
