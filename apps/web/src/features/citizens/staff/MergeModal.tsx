import type { ProblemDetailView } from '@duban/shared';
import { Alert, App, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../components/formErrors';
import { useMerge, useNearbyForMerge } from './api';

/** 合并: the ticket of the problem that stays, offered from the open problems of the category nearby. */
export function MergeModal({ p, onClose }: { p: ProblemDetailView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ intoTicket: string; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const merge = useMerge(p.id);
  const nearby = useNearbyForMerge({ categoryId: p.categoryId, lat: p.lat, lon: p.lon }, true);
  const candidates = (nearby.data ?? []).filter((n) => n.ticket !== p.ticket);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await merge.mutateAsync({ intoTicket: v.intoTicket.trim(), note: v.note || undefined });
      message.success(t('citizenStaff.merge.done', { ticket: r.intoTicket, n: r.reporters }));
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Modal open title={t('citizenStaff.merge.title')} onOk={submit} onCancel={onClose} confirmLoading={merge.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('citizenStaff.merge.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {candidates.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="merge-candidates">
          <Typography.Text type="secondary">{t('citizenStaff.merge.nearby')}</Typography.Text>
          <Space direction="vertical" size={4} style={{ width: '100%', marginTop: 4 }}>
            {candidates.map((c) => (
              <Tag key={c.ticket} style={{ cursor: 'pointer', whiteSpace: 'normal' }} onClick={() => form.setFieldValue('intoTicket', c.ticket)} data-ticket={c.ticket}>
                {c.ticket} · {c.distanceM} m · {c.statusLabel} · {c.description}
              </Tag>
            ))}
          </Space>
        </div>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="intoTicket" label={t('citizenStaff.merge.into')} rules={[{ required: true, message: t('citizenStaff.merge.intoRequired') }]}>
          <Input placeholder="WG20261207000123" maxLength={40} />
        </Form.Item>
        <Form.Item name="note" label={t('citizenStaff.merge.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
