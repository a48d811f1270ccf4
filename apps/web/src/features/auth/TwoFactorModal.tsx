import type { Me } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ME_KEY } from '../../api/auth';
import { ApiError, post } from '../../api/client';
import { useConfirmClose } from '../../components/useConfirmClose';
import { TotpSetup } from './TotpSetup';

/** 双因素登录 from the user menu: turn it on (QR code), or off with the password (not for admins when required). */
export function TwoFactorModal({ me, open, onClose }: { me: Me; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ password: string }>();
  const requestClose = useConfirmClose(form, onClose);
  return (
    <Modal title={t('auth.twoFactor')} open={open} onCancel={requestClose} footer={null} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {me.totpEnabled ? (
        <>
          <Typography.Paragraph>{t('auth.twoFactorOn')}</Typography.Paragraph>
          <Form
            form={form}
            layout="inline"
            onFinish={async (v: { password: string }) => {
              try {
                await post('/api/auth/totp/disable', { password: v.password });
                message.success(t('auth.disabled'));
                await qc.invalidateQueries({ queryKey: ME_KEY });
                onClose();
              } catch (err) {
                setError(err instanceof ApiError ? err.message : String(err));
              }
            }}
          >
            <Form.Item name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password placeholder={t('auth.currentPassword')} autoComplete="current-password" />
            </Form.Item>
            <Button danger htmlType="submit">
              {t('auth.disable')}
            </Button>
          </Form>
        </>
      ) : (
        <>
          <Typography.Paragraph>{t('auth.twoFactorOff')}</Typography.Paragraph>
          <TotpSetup
            onDone={() => {
              message.success(t('auth.enabled'));
              onClose();
            }}
          />
        </>
      )}
    </Modal>
  );
}
