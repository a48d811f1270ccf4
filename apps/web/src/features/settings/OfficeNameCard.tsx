import type { OfficeSettings } from '@duban/shared';
import { App, Button, Card, Form, Input, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfficeSettings, useSaveOfficeSettings } from '../../api/settings';
import { applyServerErrors } from '../../components/formErrors';

/** 督查机构名称: the one name on notices' red heads, the reply they ask for, and reports' signatures. */
export function OfficeNameCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, isLoading } = useOfficeSettings();
  const save = useSaveOfficeSettings();
  const [form] = Form.useForm<OfficeSettings>();
  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);

  const submit = async (values: OfficeSettings) => {
    try {
      await save.mutateAsync(values);
      message.success(t('officeSettings.saved'));
    } catch (err) {
      message.error(applyServerErrors(form, err));
    }
  };

  return (
    <Card title={t('officeSettings.title')}>
      <Form form={form} layout="vertical" disabled={isLoading} onFinish={(v) => void submit(v)} data-testid="office-settings">
        <Form.Item name="officeName" label={t('officeSettings.name')} extra={t('officeSettings.help')} rules={[{ required: true, whitespace: true, message: t('officeSettings.required') }]}>
          <Input maxLength={40} style={{ maxWidth: 420 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('officeSettings.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
