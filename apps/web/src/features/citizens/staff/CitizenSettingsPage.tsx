import type { CitizenSettings } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../components/formErrors';
import { saveCitizenSettings, useCitizenSettings } from './api';
import './i18n';

/** 群众反映设置 (督查办): the proof of work on the public report (off by default) and Open311's allowed origins. */
export function CitizenSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const settings = useCitizenSettings();
  const [form] = Form.useForm<CitizenSettings>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    try {
      await saveCitizenSettings(v);
      message.success(t('citizenStaff.settings.saved'));
      setError(null);
      await qc.invalidateQueries({ queryKey: ['citizens', 'settings'] });
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card title={t('citizenStaff.settings.title')} loading={settings.isLoading} data-testid="citizen-settings">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" style={{ maxWidth: 640 }}>
        <Form.Item name="proofOfWork" label={t('citizenStaff.settings.pow')} valuePropName="checked" extra={t('citizenStaff.settings.powHelp')}>
          <Switch data-testid="pow-switch" />
        </Form.Item>
        <Form.Item name="proofBits" label={t('citizenStaff.settings.bits')} extra={t('citizenStaff.settings.bitsHelp')}>
          <InputNumber min={8} max={24} />
        </Form.Item>
        <Form.Item name="open311Origins" label={t('citizenStaff.settings.origins')} extra={t('citizenStaff.settings.originsHelp')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="https://city.example.cn" open={false} />
        </Form.Item>
        <Typography.Paragraph>
          <Button type="primary" onClick={save} data-testid="citizen-settings-save">
            {t('common.save')}
          </Button>
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
