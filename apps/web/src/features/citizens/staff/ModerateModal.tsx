import type { ProblemDetailView } from '@duban/shared';
import { Alert, App, Form, Image, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../components/formErrors';
import { useModerate } from './api';

type Values = { kind: 'photo' | 'text'; photoId?: number; text?: string; reason: string };

/** 审核: hide a photo or a sentence from the public view, with the reason (traced; the reporter is told). */
export function ModerateModal({ p, onClose }: { p: ProblemDetailView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const moderate = useModerate(p.id);
  const kind = Form.useWatch('kind', form) ?? 'text';

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await moderate.mutateAsync(v.kind === 'photo' ? { kind: 'photo', photoId: Number(v.photoId), reason: v.reason } : { kind: 'text', text: v.text ?? '', reason: v.reason });
      message.success(t('citizenStaff.moderate.done'));
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Modal open title={t('citizenStaff.moderate.title')} onOk={submit} onCancel={onClose} confirmLoading={moderate.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('citizenStaff.moderate.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'text' }}>
        <Form.Item name="kind" label={t('citizenStaff.moderate.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'text', label: t('citizenStaff.moderate.text') },
              { value: 'photo', label: t('citizenStaff.moderate.photo'), disabled: p.photos.length === 0 },
            ]}
          />
        </Form.Item>
        {kind === 'photo' ? (
          <Form.Item name="photoId" label={t('citizenStaff.moderate.photoPick')} rules={[{ required: true, message: t('citizenStaff.moderate.photoRequired') }]}>
            <Radio.Group style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              {p.photos.map((ph) => (
                <Radio key={ph.id} value={ph.id} data-photo={ph.id}>
                  <Image src={ph.url} width={72} height={72} preview={false} style={{ objectFit: 'cover', borderRadius: 4 }} />
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        ) : (
          <Form.Item name="text" label={t('citizenStaff.moderate.textLabel')} extra={t('citizenStaff.moderate.textHint')} rules={[{ required: true, message: t('citizenStaff.moderate.textRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('citizenStaff.moderate.reason')} rules={[{ required: true, min: 2, message: t('citizenStaff.moderate.reasonRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
