import { EditOutlined } from '@ant-design/icons';
import { GRID_STATUS_LABELS } from '@duban/shared';
import { Alert, Button, Card, Descriptions, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatTime } from '../../components/format';
import { useMeeting } from './api';
import { DecisionsTable } from './DecisionsTable';
import { MeetingFormDrawer } from './MeetingFormDrawer';
import './i18n';

const STATUS = new Map<string, string>(Object.entries(GRID_STATUS_LABELS));

/** One meeting record: who convened and came, the minutes, the problems studied and every decision with its state. */
export function MeetingPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: m, error, isLoading } = useMeeting(id);
  const [editing, setEditing] = useState(false);
  if (isLoading) return <Spin />;
  if (error || !m) return <Alert type="error" showIcon title={error?.message ?? t('common.loading')} />;
  const present = m.units.filter((u) => u.present);
  const absent = m.units.filter((u) => !u.present);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="meeting-page">
      <Card
        title={
          <Space wrap>
            <Tag color={m.kind === 'joint' ? 'geekblue' : 'purple'}>{t(`meetings.kind.${m.kind}`)}</Tag>
            <span>{m.title}</span>
          </Space>
        }
        extra={
          m.canEdit && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="meeting-edit">
              {t('meetings.edit')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('meetings.heldOn')}>{m.heldOn}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.convenor')}>{[m.convenorUnitName, m.convenorName].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.present')}>{present.map((u) => u.unitName).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.absent')}>{absent.map((u) => u.unitName).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.minutes')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.minutes || '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {m.createdBy ?? ''} {formatTime(m.createdAt)}
        </Typography.Text>
      </Card>
      {m.kind === 'joint' && (
        <Card size="small" title={t('meetings.referred')}>
          {m.referred.length ? (
            <List
              size="small"
              dataSource={m.referred}
              renderItem={(p) => (
                <List.Item>
                  <Space>
                    <Typography.Text code>{p.ticket}</Typography.Text>
                    <span>{p.title}</span>
                    <Tag color={p.closed ? undefined : 'blue'}>{STATUS.get(p.status) ?? p.status}</Tag>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      )}
      <Card size="small" title={t('meetings.decisions')} extra={<Link to="/meeting-decisions">{t('meetings.all')}</Link>}>
        <DecisionsTable items={m.items} />
        {m.hiddenDecisions > 0 && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('meetings.hidden', { n: m.hiddenDecisions })}</Typography.Paragraph>}
      </Card>
      {m.canEdit && <MeetingFormDrawer open={editing} meeting={m} onClose={() => setEditing(false)} onSaved={() => undefined} />}
    </Space>
  );
}
