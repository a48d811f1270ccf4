import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useEvaluationActions } from '../../api/evaluation';

type Values = { problems: string; measures: { text: string; deadline: Dayjs }[] };

/** A 后进 division's 突出问题 and 整改措施; each measure becomes a 整改事项 on saving. */
export function RectifyModal({ roundId, division, onClose }: { roundId: number; division: { id: number; name: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { rectify } = useEvaluationActions();
  const [form] = Form.useForm<Values>();
  const save = (v: Values) =>
    division &&
    rectify.mutate(
      { roundId, divisionId: division.id, problems: v.problems, measures: v.measures.map((m) => ({ text: m.text, deadline: m.deadline.format('YYYY-MM-DD') })) },
      {
        onSuccess: (r) => {
          void message.success(t('evaluation.rectified', { n: r.matterIds.length }));
          form.resetFields();
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open={!!division} title={`${t('evaluation.rectify')}：${division?.name ?? ''}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={rectify.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ measures: [{}] }}>
        <Form.Item name="problems" label={t('evaluation.problems')} rules={[{ required: true, message: '请填写突出问题' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.List name="measures">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, message: '请填写整改措施' }]} style={{ width: 380 }}>
                    <Input placeholder={t('evaluation.measure')} maxLength={500} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deadline']} rules={[{ required: true, message: '请选择整改时限' }]}>
                    <DatePicker placeholder={t('evaluation.deadline')} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
                {t('evaluation.addMeasure')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
