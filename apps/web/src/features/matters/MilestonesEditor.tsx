import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export type MilestoneValue = { date: Dayjs | null; plannedProgress: number | null; description?: string };

/** 节点 rows (date, planned %, what should be done), inside a Form under `milestones`. */
export function MilestonesEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="milestones">
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="milestones">
          {fields.map((f) => (
            <Space key={f.key} wrap align="start">
              <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: t('matters.form.msDateRequired') }]} style={{ marginBottom: 0 }}>
                <DatePicker placeholder={t('matters.form.msDate')} />
              </Form.Item>
              <Form.Item name={[f.name, 'plannedProgress']} rules={[{ required: true, message: t('matters.form.msProgressRequired') }]} style={{ marginBottom: 0 }}>
                <InputNumber min={0} max={100} suffix="%" placeholder={t('matters.form.msProgress')} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'description']} style={{ marginBottom: 0 }}>
                <Input placeholder={t('matters.form.msDescription')} style={{ width: 240 }} maxLength={200} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('matters.form.msDelete')} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: null, plannedProgress: null, description: '' })}>
            {t('matters.form.msAdd')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
