import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';

export type MilestoneValue = { date: Dayjs | null; plannedProgress: number | null; description?: string };

/** 节点 rows (date, planned %, what should be done), inside a Form under `milestones`. */
export function MilestonesEditor() {
  return (
    <Form.List name="milestones">
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="milestones">
          {fields.map((f) => (
            <Space key={f.key} wrap align="start">
              <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: '请选择节点日期' }]} style={{ marginBottom: 0 }}>
                <DatePicker placeholder="节点日期" />
              </Form.Item>
              <Form.Item name={[f.name, 'plannedProgress']} rules={[{ required: true, message: '请填写计划进度' }]} style={{ marginBottom: 0 }}>
                <InputNumber min={0} max={100} suffix="%" placeholder="计划进度" style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'description']} style={{ marginBottom: 0 }}>
                <Input placeholder="节点内容，如：完成招标" style={{ width: 240 }} maxLength={200} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除节点" />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: null, plannedProgress: null, description: '' })}>
            添加节点
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
