import { Card, Segmented, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useDecisions, type DecisionFilter } from './api';
import { DecisionsTable } from './DecisionsTable';
import './i18n';

/** 议定事项: a unit's own decisions to carry out and report; the office sees every unit's, overdue ones first. */
export function DecisionsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const office = !!me?.permissions.includes('matter.manage');
  const [status, setStatus] = useState<DecisionFilter | 'all'>('open');
  const [mine, setMine] = useState(!office);
  const [page, setPage] = useState(1);
  const list = useDecisions({ status: status === 'all' ? undefined : status, mine: mine || undefined, page });
  return (
    <Card title={t('meetings.myTitle')} data-testid="decisions-page">
      <Typography.Paragraph type="secondary">{t('meetings.myHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['open', 'overdue', 'done', 'all'] as const).map((k) => ({ value: k, label: t(`meetings.filter.${k}`) }))}
          data-testid="decisions-filter"
        />
        {me?.unitName && (
          <Space>
            <Switch checked={mine} onChange={(v) => (setMine(v), setPage(1))} size="small" />
            <span>{t('meetings.mine')}</span>
          </Space>
        )}
      </Space>
      <DecisionsTable withMeeting items={list.data?.items ?? []} loading={list.isLoading} pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }} />
    </Card>
  );
}
