import { CHANNEL_FIELDS, ROBOT_CHANNELS, type Channel, type ChannelSetting, type NotifySettings } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Space, Switch, Tag, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, put } from '../../api/client';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { useNotifySettings } from './api';
import { labelOf } from '../../i18n/enumLabels';

type TestResult = { ok: boolean; message: string; reply: string | null };

/** 通知渠道 (安全管理员): quiet hours, digest time, and each channel; secrets are write-only. */
export function ChannelSettingsPage() {
  const { t } = useTranslation();
  const settings = useNotifySettings();
  if (!settings.data) return <Card loading title={t('notify.channels')} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <GeneralCard settings={settings.data} />
      <Row gutter={[16, 16]}>
        {settings.data.channels.map((c) => (
          <Col xs={24} xl={12} key={c.channel}>
            <ChannelCard setting={c} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}

function GeneralCard({ settings }: { settings: NotifySettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const q = settings.quietHours;
  const initial = { enabled: q.enabled, holdRestDays: q.holdRestDays, exemptUrgentMatters: q.exemptUrgentMatters, start: dayjs(q.start, 'HH:mm'), end: dayjs(q.end, 'HH:mm'), digest: dayjs(settings.digestTime, 'HH:mm') };
  const save = async () => {
    const v = await form.validateFields();
    try {
      const r = await put<NotifySettings>('/api/settings/channels', {
        quietHours: { enabled: v.enabled, holdRestDays: v.holdRestDays, exemptUrgentMatters: v.exemptUrgentMatters, start: v.start.format('HH:mm'), end: v.end.format('HH:mm') },
        digestTime: v.digest.format('HH:mm'),
      });
      qc.setQueryData(['notify', 'settings'], r);
      message.success(t('notify.saved'));
    } catch (err) {
      message.error(applyServerErrors(form, err));
    }
  };
  return (
    <Card title={t('notify.general')} extra={<Button type="primary" onClick={() => void save()}>{t('notify.save')}</Button>}>
      <Form form={form} layout="inline" initialValues={initial}>
        <Form.Item name="enabled" label={t('notify.quietHours')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="start" label={t('notify.from')}>
          <TimePicker format="HH:mm" allowClear={false} minuteStep={5} />
        </Form.Item>
        <Form.Item name="end" label={t('notify.to')}>
          <TimePicker format="HH:mm" allowClear={false} minuteStep={5} />
        </Form.Item>
        <Form.Item name="holdRestDays" label={t('notify.holdRestDays')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="exemptUrgentMatters" label={t('notify.exemptUrgentMatters')} valuePropName="checked" tooltip={t('notify.exemptUrgentMattersHelp')}>
          <Switch data-testid="exempt-urgent-matters" />
        </Form.Item>
        <Form.Item name="digest" label={t('notify.digestTime')}>
          <TimePicker format="HH:mm" allowClear={false} minuteStep={5} />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('notify.quietHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

function ChannelCard({ setting }: { setting: ChannelSetting }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [testing, setTesting] = useState(false);
  const [testTo, setTestTo] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  // A recipient typed but no test sent yet: ask before closing.
  const closeTest = useConfirmClose(() => testTo !== '' && result === null, () => setTesting(false));
  const channel: Channel = setting.channel;
  const fields = CHANNEL_FIELDS[channel];
  const robot = ROBOT_CHANNELS.includes(channel);

  const save = async () => {
    const v: Record<string, unknown> = await form.validateFields();
    const config: Record<string, string | number | boolean> = {};
    const secrets: Record<string, string> = {};
    for (const f of fields) {
      const value = v[f.key];
      if (f.kind === 'secret') {
        if (typeof value === 'string' && value) secrets[f.key] = value;
      } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        config[f.key] = value;
      }
    }
    try {
      const r = await put<NotifySettings>('/api/settings/channels', { channels: [{ channel, enabled: Boolean(v.enabled), urgentOnly: Boolean(v.urgentOnly), config, secrets }] });
      qc.setQueryData(['notify', 'settings'], r);
      form.setFieldsValue(Object.fromEntries(fields.filter((f) => f.kind === 'secret').map((f) => [f.key, ''])));
      message.success(t('notify.saved'));
    } catch (err) {
      message.error(applyServerErrors(form, err));
    }
  };

  const clearSecret = async (key: string) => {
    const r = await put<NotifySettings>('/api/settings/channels', { channels: [{ channel, enabled: setting.enabled, urgentOnly: setting.urgentOnly, config: setting.config, secrets: { [key]: '' } }] });
    qc.setQueryData(['notify', 'settings'], r);
  };

  const test = async () => {
    setResult(await post<TestResult>('/api/settings/channels/test', { channel, to: testTo || undefined }));
  };

  return (
    <Card
      title={
        <Space>
          {labelOf('channel', channel)}
          {setting.enabled ? <Tag color="green">{t('notify.on')}</Tag> : <Tag>{t('notify.off')}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button onClick={() => (setResult(null), setTesting(true))} data-testid={`test-${channel}`}>
            {t('notify.sendTest')}
          </Button>
          <Button type="primary" onClick={() => void save()} data-testid={`save-${channel}`}>
            {t('notify.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ enabled: setting.enabled, urgentOnly: setting.urgentOnly, ...(channel === 'wecom-robot' ? { mention: true } : {}), ...setting.config }}>
        <Space size="large">
          <Form.Item name="enabled" label={t('notify.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="urgentOnly" label={t('notify.urgentOnly')} valuePropName="checked" tooltip={t('notify.urgentOnlyHelp')}>
            <Switch />
          </Form.Item>
        </Space>
        {fields.map((f) => {
          if (f.kind === 'boolean')
            return (
              <Form.Item key={f.key} name={f.key} label={f.label} valuePropName="checked" tooltip={f.help}>
                <Switch />
              </Form.Item>
            );
          if (f.kind === 'number')
            return (
              <Form.Item key={f.key} name={f.key} label={f.label} tooltip={f.help}>
                <InputNumber min={0} style={{ width: '100%' }} placeholder={f.placeholder} />
              </Form.Item>
            );
          if (f.kind === 'secret') {
            const set = setting.secrets[f.key];
            return (
              <Form.Item
                key={f.key}
                name={f.key}
                label={
                  <Space>
                    {f.label}
                    {set ? <Tag color="blue">{t('notify.secretSet')}</Tag> : <Tag>{t('notify.secretUnset')}</Tag>}
                    {set && (
                      <a onClick={() => void clearSecret(f.key)} style={{ fontSize: 12 }}>
                        {t('notify.clear')}
                      </a>
                    )}
                  </Space>
                }
                tooltip={f.help}
              >
                <Input.Password autoComplete="new-password" placeholder={set ? t('notify.secretKeep') : t('notify.secretEnter')} visibilityToggle={false} />
              </Form.Item>
            );
          }
          return (
            <Form.Item key={f.key} name={f.key} label={f.label} tooltip={f.help}>
              <Input placeholder={f.placeholder} />
            </Form.Item>
          );
        })}
      </Form>
      <Modal open={testing} title={`${t('notify.sendTest')} · ${labelOf('channel', channel)}`} onCancel={closeTest} onOk={() => void test()} okText={t('notify.send')}>
        {robot ? (
          <Typography.Paragraph>{t('notify.testRobot')}</Typography.Paragraph>
        ) : (
          <Input value={testTo} onChange={(e) => setTestTo(e.target.value)} placeholder={t('notify.testTo')} />
        )}
        {result && <Alert style={{ marginTop: 12 }} type={result.ok ? 'success' : 'error'} showIcon title={result.message} description={result.reply ?? undefined} />}
      </Modal>
    </Card>
  );
}
