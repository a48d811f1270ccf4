import { Alert, App, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ME_KEY } from '../../api/auth';
import { post } from '../../api/client';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Changes one's own password; `forced` when the initial password must be replaced before anything else. */
export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const requestClose = useConfirmClose(form, onClose);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('auth.passwordChanged'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ME_KEY });
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('auth.changePassword')}
      open={open}
      onOk={submit}
      confirmLoading={busy}
      onCancel={forced ? undefined : requestClose}
      closable={!forced}
      maskClosable={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('auth.mustChange')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('auth.newPassword')} extra={t('auth.policy')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
