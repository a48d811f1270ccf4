import { CHANNELS, type InboxItem } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Checkbox, Empty, List, Segmented, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post, put } from '../../api/client';
import { formatTime } from '../../components/format';
import { useInbox, usePreferences } from './api';
import { labelOf } from '../../i18n/enumLabels';

/** 我的消息: the signed-in person's inbox, newest first, with their notification preferences. */
export function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const [page, setPage] = useState(1);
  const inbox = useInbox({ unread, page, pageSize: 20 });

  const refresh = () => qc.invalidateQueries({ queryKey: ['inbox'] });
  const open = async (item: InboxItem) => {
    if (!item.readAt) {
      const r = await post<{ unread: number }>(`/api/inbox/${item.id}/read`);
      qc.setQueryData(['inbox', 'unread'], r);
      await refresh();
    }
    if (item.link) navigate(item.link);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('notify.inbox')}
        extra={
          <Space>
            <Segmented
              value={unread ? 'unread' : 'all'}
              onChange={(v) => {
                setUnread(v === 'unread');
                setPage(1);
              }}
              options={[
                { value: 'all', label: t('notify.all') },
                { value: 'unread', label: t('notify.unread') },
              ]}
            />
            <Button
              onClick={async () => {
                await post('/api/inbox/read-all');
                qc.setQueryData(['inbox', 'unread'], { unread: 0 });
                await refresh();
                message.success(t('notify.allRead'));
              }}
              disabled={!inbox.data?.unread}
            >
              {t('notify.readAll')}
            </Button>
          </Space>
        }
      >
        <List
          loading={inbox.isLoading}
          dataSource={inbox.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('notify.empty')} /> }}
          pagination={{ current: page, pageSize: 20, total: inbox.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: item.readAt ? 0.7 : 1 }}
              onClick={() => void open(item)}
              actions={[<Typography.Text key="t" type="secondary">{formatTime(item.createdAt)}</Typography.Text>]}
              data-testid="inbox-item"
            >
              <List.Item.Meta
                title={
                  <Space>
                    {!item.readAt && <Badge status="processing" />}
                    {item.urgent && <Tag color="red">{t('notify.urgent')}</Tag>}
                    <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                  </Space>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{item.body}</span>}
              />
            </List.Item>
          )}
        />
      </Card>
      <PreferencesCard />
    </Space>
  );
}

// The person's own choices: one daily digest instead of single messages, and channels to skip.
function PreferencesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const prefs = usePreferences();
  if (!prefs.data) return null;
  const save = async (next: { digest: boolean; muted: string[] }) => {
    const r = await put('/api/me/notify-preferences', next);
    qc.setQueryData(['notify', 'prefs'], r);
    message.success(t('notify.saved'));
  };
  const { digest, muted } = prefs.data;
  return (
    <Card title={t('notify.preferences')} size="small">
      <Space direction="vertical">
        <Space>
          <Switch checked={digest} onChange={(v) => void save({ digest: v, muted })} data-testid="digest-switch" />
          <span>{t('notify.digestLabel')}</span>
        </Space>
        <Typography.Text type="secondary">{t('notify.digestHelp')}</Typography.Text>
        <Space wrap>
          <span>{t('notify.receiveBy')}</span>
          <Checkbox checked disabled>
            {labelOf('channel', 'inbox')}
          </Checkbox>
          {CHANNELS.filter((c) => c === 'wecom-app' || c === 'sms' || c === 'email').map((c) => (
            <Checkbox key={c} checked={!muted.includes(c)} onChange={(e) => void save({ digest, muted: e.target.checked ? muted.filter((m) => m !== c) : [...muted, c] })}>
              {labelOf('channel', c)}
            </Checkbox>
          ))}
        </Space>
      </Space>
    </Card>
  );
}
