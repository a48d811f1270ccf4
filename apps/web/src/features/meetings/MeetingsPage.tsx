import { PlusOutlined } from '@ant-design/icons';
import { MEETING_KINDS, type MeetingKind, type MeetingListItem } from '@duban/shared';
import { Button, Card, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/auth';
import { useMeetings } from './api';
import { MeetingFormDrawer } from './MeetingFormDrawer';
import './i18n';

/** 会议记录: 联席会议 and 督查工作例会, newest first, with how their decisions stand; the office records new ones here. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('matter.manage');
  const [kind, setKind] = useState<MeetingKind | 'all'>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useMeetings({ kind: kind === 'all' ? undefined : kind, q: q || undefined, page });
  return (
    <Card
      title={t('meetings.title')}
      data-testid="meetings"
      extra={
        <Space wrap>
          <Link to="/meeting-decisions">{t('meetings.all')}</Link>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="meeting-new">
              {t('meetings.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={[{ value: 'all' as const, label: t('meetings.filter.all') }, ...MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))]}
        />
        <Input.Search allowClear placeholder={t('common.search')} onSearch={(v) => (setQ(v.trim()), setPage(1))} style={{ width: 240 }} />
      </Space>
      <Table<MeetingListItem>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('meetings.heldOn'), dataIndex: 'heldOn', width: 110 },
          {
            title: t('meetings.meetingTitle'),
            dataIndex: 'title',
            render: (v: string, m) => (
              <Space direction="vertical" size={0}>
                <Link to={`/meetings/${m.id}`}>{v}</Link>
                <Typography.Text type="secondary">{[m.convenorUnitName, m.convenorName].filter(Boolean).join(' · ')}</Typography.Text>
              </Space>
            ),
          },
          { title: t('meetings.kindLabel'), dataIndex: 'kind', width: 130, render: (k: MeetingKind) => <Tag color={k === 'joint' ? 'geekblue' : 'purple'}>{t(`meetings.kind.${k}`)}</Tag> },
          { title: t('meetings.units'), key: 'units', width: 180, render: (_: unknown, m) => t('meetings.unitsSummary', { present: m.present, absent: m.absent }) },
          {
            title: t('meetings.decisions'),
            key: 'decisions',
            width: 220,
            render: (_: unknown, m) => (
              <Space size={4} wrap>
                <span>{t('meetings.decisionsCount', { n: m.decisions, done: m.done })}</span>
                {m.overdue > 0 && <Tag color="red">{t('meetings.overdueCount', { n: m.overdue })}</Tag>}
              </Space>
            ),
          },
        ]}
        onRow={(m) => ({ onDoubleClick: () => navigate(`/meetings/${m.id}`) })}
      />
      <MeetingFormDrawer open={creating} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/meetings/${id}`)} />
    </Card>
  );
}
