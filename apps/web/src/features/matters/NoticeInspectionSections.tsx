import { EnvironmentOutlined, FileWordOutlined } from '@ant-design/icons';
import type { MatterDetail } from '@duban/shared';
import { App, Button, Card, Empty, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { post } from '../../api/client';
import { useRefreshMatters } from '../../api/matters';
import { formatDate, formatTime } from '../../components/format';
import { Attachments } from './MatterSections';
import { labelOf } from '../../i18n/enumLabels';

/** 督查通知单: who has and hasn't acknowledged, the Word file, and the viewer's own acknowledgement. */
export function NoticeList({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const refresh = useRefreshMatters();
  const [busy, setBusy] = useState<number | null>(null);
  if (!matter.notices.length) return <Empty description={t('matters.notice.none')} />;

  const acknowledge = async (noticeId: number) => {
    setBusy(noticeId);
    try {
      await post(`/api/notices/${noticeId}/acknowledge`);
      message.success(t('matters.notice.acknowledged'));
      void refresh();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="notice-list">
      {matter.notices.map((n) => {
        const done = n.recipients.filter((r) => r.acknowledgedAt).length;
        const mine = n.recipients.find((r) => r.personId === me?.personId && !r.acknowledgedAt);
        return (
          <Card
            key={n.id}
            size="small"
            title={
              <Space wrap>
                <span>{n.number}</span>
                <span>{n.title}</span>
              </Space>
            }
            extra={
              <Space>
                {mine && (
                  <Button type="primary" size="small" loading={busy === n.id} onClick={() => void acknowledge(n.id)}>
                    {t('matters.notice.acknowledge')}
                  </Button>
                )}
                <Button size="small" icon={<FileWordOutlined />} href={n.docxUrl}>
                  {t('matters.notice.word')}
                </Button>
              </Space>
            }
          >
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: true, symbol: t('matters.page.expand') }}>
              {n.body}
            </Typography.Paragraph>
            <Typography.Text type="secondary">
              {t('matters.notice.issued', { name: n.issuedBy, at: formatTime(n.issuedAt) })}{n.replyBy ? t('matters.notice.replyBy', { date: formatDate(n.replyBy) }) : ''}
            </Typography.Text>
            <div style={{ margin: '8px 0' }}>
              <Progress percent={Math.round((done / Math.max(1, n.recipients.length)) * 100)} size="small" format={() => t('matters.notice.progress', { done, total: n.recipients.length })} />
            </div>
            <Space wrap>
              {n.recipients.map((r) => (
                <Tag key={r.personId} color={r.acknowledgedAt ? 'success' : 'warning'} title={r.acknowledgedAt ? t('matters.notice.ackAt', { at: formatTime(r.acknowledgedAt) }) : t('matters.notice.notAcked')}>
                  {r.name}
                  {r.unitName ? `（${r.unitName}${r.roleLabel ? ` ${r.roleLabel}` : ''}）` : ''} · {r.acknowledgedAt ? t('matters.notice.acked') : t('matters.notice.notAcked')}
                </Tag>
              ))}
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}

const FINDING_COLOURS = { confirms: 'success', disputes: 'error', problem: 'warning' } as const;

/** 现场督查 records with GPS shown as coordinates (and a link for a map app), photos. */
export function InspectionList({ items }: { items: MatterDetail['inspections'] }) {
  const { t } = useTranslation();
  if (!items.length) return <Empty description={t('matters.inspection.none')} />;
  return (
    <List
      dataSource={items}
      data-testid="inspection-list"
      renderItem={(i) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <Tag color={FINDING_COLOURS[i.finding]}>{labelOf('finding', i.finding)}</Tag>
                {i.unannounced && <Tag color="purple">{t('matters.inspection.unannounced')}</Tag>}
                <span>{formatTime(i.inspectedAt)}</span>
                <Typography.Text type="secondary">{i.inspectors.join(t('common.listSep'))}</Typography.Text>
              </Space>
            }
            description={
              <>
                {(i.location || i.lat !== null) && (
                  <div>
                    <EnvironmentOutlined /> {i.location}
                    {i.lat !== null && i.lng !== null && (
                      <Typography.Text type="secondary" copyable={{ text: `${i.lat},${i.lng}` }} style={{ marginInlineStart: 6 }}>
                        {t('matters.inspection.coords', { lat: i.lat.toFixed(5), lng: i.lng.toFixed(5) })}
                      </Typography.Text>
                    )}
                  </div>
                )}
                {i.notes && <div style={{ whiteSpace: 'pre-wrap' }}>{i.notes}</div>}
                <Attachments items={i.attachments} />
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
