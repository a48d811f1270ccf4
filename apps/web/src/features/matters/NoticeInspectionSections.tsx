import { EnvironmentOutlined, FileWordOutlined } from '@ant-design/icons';
import type { MatterDetail } from '@duban/shared';
import { App, Button, Card, Empty, Form, Input, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { post } from '../../api/client';
import { useRefreshMatters } from '../../api/matters';
import { applyServerErrors } from '../../components/formErrors';
import { formatDate, formatTime } from '../../components/format';
import { AttachmentUpload } from './AttachmentUpload';
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
            <NoticeReplies notice={n} />
          </Card>
        );
      })}
    </Space>
  );
}

type Notice = MatterDetail['notices'][number];

/** 书面报送: each addressed unit's written reply (or that it is still owed), and the form for the viewer's unit. */
function NoticeReplies({ notice: n }: { notice: Notice }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshMatters();
  const [form] = Form.useForm<{ body: string; attachmentIds: number[] }>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  if (!n.replyBy && !n.replies.length && !n.canReply) return null;

  const submit = async (values: { body: string; attachmentIds?: number[] }) => {
    setSaving(true);
    try {
      await post(`/api/notices/${n.id}/replies`, { body: values.body, attachmentIds: values.attachmentIds ?? [] });
      message.success(t('matters.notice.replySent'));
      form.resetFields();
      setOpen(false);
      void refresh();
    } catch (err) {
      message.error(applyServerErrors(form, err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div style={{ marginTop: 12 }} data-testid={`notice-replies-${n.id}`}>
      <Typography.Text strong>{t('matters.notice.replies')}</Typography.Text>
      {n.replyBy && <Typography.Text type="secondary">{t('matters.notice.replyDue', { date: formatDate(n.replyBy) })}</Typography.Text>}
      <div style={{ margin: '6px 0' }}>
        <Space wrap>
          {n.replyUnits.map((u) => (
            <Tag key={u.unitId} color={u.repliedAt ? 'success' : n.closed ? 'default' : 'warning'}>
              {u.unitName} · {u.repliedAt ? t('matters.notice.repliedAt', { at: formatTime(u.repliedAt) }) : t('matters.notice.notReplied')}
            </Tag>
          ))}
          {n.closed && <Tag>{t('matters.notice.closed')}</Tag>}
        </Space>
      </div>
      {n.replies.map((r) => (
        <Card key={r.id} size="small" type="inner" style={{ marginBottom: 8 }} title={`${r.unitName} · ${r.submittedBy ?? ''} · ${formatTime(r.submittedAt)}`}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.body}</Typography.Paragraph>
          <Attachments items={r.attachments} />
        </Card>
      ))}
      {n.canReply && !open && (
        <Button type="primary" size="small" onClick={() => setOpen(true)}>
          {t('matters.notice.reply')}
        </Button>
      )}
      {n.canReply && open && (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ body: '', attachmentIds: [] }} data-testid={`notice-reply-form-${n.id}`}>
          <Form.Item name="body" label={t('matters.notice.replyBody')} rules={[{ required: true, whitespace: true, message: t('matters.notice.replyBodyRequired') }]}>
            <Input.TextArea rows={4} maxLength={10000} placeholder={t('matters.notice.replyBodyHint')} />
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('matters.notice.replyFiles')}>
            <AttachmentUpload testId={`notice-reply-upload-${n.id}`} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('matters.notice.replySubmit')}
            </Button>
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </div>
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
