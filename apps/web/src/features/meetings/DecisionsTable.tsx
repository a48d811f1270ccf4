import type { DecisionView } from '@duban/shared';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ColourBadge } from '../../components/ColourBadge';
import { formatTime } from '../../components/format';
import { DecisionActionModal, type DecisionAction } from './DecisionActionModal';
import './i18n';

/** Where a decision stands: its colour and why (like a matter), or who reported it done and how. */
export function DecisionState({ d }: { d: DecisionView }) {
  const { t } = useTranslation();
  if (d.status === 'done') {
    return (
      <Space direction="vertical" size={0}>
        <Space size={6}>
          <Tag color="success">{t('meetings.status.done')}</Tag>
          <Typography.Text type={d.late ? 'danger' : 'secondary'}>{d.note}</Typography.Text>
        </Space>
        {d.result && <Typography.Text>{d.result}</Typography.Text>}
        {d.doneBy && d.doneAt && <Typography.Text type="secondary">{t('meetings.doneBy', { who: d.doneBy, time: formatTime(d.doneAt) })}</Typography.Text>}
      </Space>
    );
  }
  return <ColourBadge colour={d.colour} reasons={[{ text: d.note }]} inline />;
}

/**
 * Decisions with their unit, deadline, state and what the viewer may do. `withMeeting` adds the meeting
 * (the "my decisions" list); within a meeting page the order number is enough.
 */
export function DecisionsTable({ items, withMeeting = false, loading, pagination }: { items: DecisionView[]; withMeeting?: boolean; loading?: boolean; pagination?: false | { current: number; total: number; pageSize: number; onChange: (p: number) => void } }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<DecisionAction | null>(null);
  return (
    <>
      <Table<DecisionView>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={pagination ?? false}
        locale={{ emptyText: t('meetings.noDecisions') }}
        data-testid="decisions-table"
        columns={[
          withMeeting
            ? { title: t('meetings.title'), key: 'meeting', width: 220, render: (_: unknown, d) => <Link to={`/meetings/${d.meetingId}`}>{`${d.meetingTitle}（${d.heldOn}）`}</Link> }
            : { title: t('meetings.seq'), dataIndex: 'seq', width: 56 },
          {
            title: t('meetings.content'),
            dataIndex: 'content',
            render: (v: string, d) => (
              <Space direction="vertical" size={0}>
                <span>{v}</span>
                {d.problemTicket && <Typography.Text type="secondary">{`${t('meetings.problem')}：${d.problemTicket}`}</Typography.Text>}
                {d.matterId && (
                  <Link to={`/matters/${d.matterId}`}>
                    {t('meetings.matter')} {d.matterNumber}
                  </Link>
                )}
              </Space>
            ),
          },
          { title: t('meetings.unit'), dataIndex: 'unitName', width: 160 },
          { title: t('meetings.deadline'), dataIndex: 'deadline', width: 110 },
          { title: t('meetings.state'), key: 'state', width: 300, render: (_: unknown, d) => <DecisionState d={d} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, d) => (
              <Space>
                {d.canComplete && (
                  <Button size="small" type="primary" onClick={() => setAction({ kind: 'complete', decision: d })} data-testid={`complete-${d.id}`}>
                    {t('meetings.complete')}
                  </Button>
                )}
                {d.canReopen && (
                  <Button size="small" onClick={() => setAction({ kind: 'reopen', decision: d })} data-testid={`reopen-${d.id}`}>
                    {t('meetings.reopen')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {action && <DecisionActionModal action={action} onClose={() => setAction(null)} />}
    </>
  );
}
