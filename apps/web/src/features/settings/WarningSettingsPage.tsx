import type { WarningSettingsView, WarningThresholdOverrides, WarningThresholds } from '@duban/shared';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveWarningSettings, useWarningSettings } from '../../api/settings';
import { applyServerErrors } from '../../components/formErrors';
import { ColourBadge } from '../../components/ColourBadge';
import { OfficeNameCard } from './OfficeNameCard';

type Key = keyof WarningThresholds;
const KEYS: Key[] = ['stallDays', 'lagTolerance', 'dueSoonWorkdays', 'dueSoonProgress'];
const LIMITS: Record<Key, { min: number; max: number; precision: number }> = {
  stallDays: { min: 1, max: 365, precision: 0 },
  lagTolerance: { min: 0, max: 100, precision: 1 },
  dueSoonWorkdays: { min: 0, max: 60, precision: 0 },
  dueSoonProgress: { min: 0, max: 100, precision: 1 },
};

type FormValues = {
  thresholds: WarningThresholdOverrides;
  repeat: WarningSettingsView['repeat'];
  categories: Record<string, WarningThresholdOverrides>;
};

/** 预警设置: the tenant's thresholds, per-category overrides and how often reminders repeat. */
export function WarningSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, isLoading } = useWarningSettings();
  const save = useSaveWarningSettings();
  const [form] = Form.useForm<FormValues>();

  useEffect(() => {
    if (!data) return;
    form.setFieldsValue({
      thresholds: data.thresholds,
      repeat: data.repeat,
      categories: Object.fromEntries(data.categories.map((c) => [String(c.id), c.thresholds])),
    });
  }, [data, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        thresholds: v.thresholds,
        repeat: v.repeat,
        categories: (data?.categories ?? []).map((c) => ({ categoryId: c.id, thresholds: v.categories[String(c.id)] ?? {} })),
      });
      message.success(t('warningSettings.saved'));
    } catch (err) {
      message.error(applyServerErrors(form, err));
    }
  };

  const number = (key: Key, placeholder: number | undefined) => (
    <InputNumber style={{ width: '100%' }} {...LIMITS[key]} placeholder={placeholder === undefined ? '' : String(placeholder)} addonAfter={t(`warningSettings.unit.${key}`)} />
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <OfficeNameCard />
      <Form form={form} layout="vertical" disabled={isLoading} data-testid="warning-settings">
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('warningSettings.help')} />
          <Card title={t('warningSettings.colours')}>
            <Space wrap size={16}>
              <ColourBadge colour="red" reasons={[{ text: t('warningSettings.red') }]} inline />
              <ColourBadge colour="blue" reasons={[{ text: t('warningSettings.blue') }]} inline />
              <ColourBadge colour="yellow" reasons={[{ text: t('warningSettings.yellow') }]} inline />
              <ColourBadge colour="green" reasons={[{ text: t('warningSettings.green') }]} inline />
            </Space>
          </Card>
          <Card title={t('warningSettings.tenant')}>
            <Row gutter={16}>
              {KEYS.map((k) => (
                <Col key={k} xs={24} md={12} xl={6}>
                  <Form.Item name={['thresholds', k]} label={t(`warningSettings.field.${k}`)} extra={t('warningSettings.defaultIs', { value: data?.defaults[k] ?? '' })}>
                    {number(k, data?.defaults[k])}
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
          <Card title={t('warningSettings.repeat')}>
            <Row gutter={16}>
              {(['yellow', 'blue', 'red'] as const).map((c) => (
                <Col key={c} xs={24} md={8}>
                  <Form.Item name={['repeat', c]} label={t(`warningSettings.repeatFor.${c}`)} rules={[{ required: true, message: t('warningSettings.required') }]}>
                    <InputNumber style={{ width: '100%' }} min={1} max={30} precision={0} addonAfter={t('warningSettings.workdays')} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Typography.Text type="secondary">{t('warningSettings.ladder')}</Typography.Text>
          </Card>
          <Card title={t('warningSettings.categories')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data?.categories ?? []}
              columns={[
                { title: t('warningSettings.category'), dataIndex: 'name', width: 140 },
                ...KEYS.map((k) => ({
                  title: t(`warningSettings.field.${k}`),
                  render: (_: unknown, c: WarningSettingsView['categories'][number]) => (
                    <Form.Item name={['categories', String(c.id), k]} style={{ margin: 0 }}>
                      {number(k, data?.effective[k])}
                    </Form.Item>
                  ),
                })),
              ]}
            />
            <Typography.Text type="secondary">{t('warningSettings.categoryHelp')}</Typography.Text>
          </Card>
          <div>
            <Button type="primary" onClick={() => void submit()} loading={save.isPending}>
              {t('common.save')}
            </Button>
          </div>
        </Space>
      </Form>
    </Space>
  );
}
