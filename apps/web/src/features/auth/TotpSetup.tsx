import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ME_KEY } from '../../api/auth';
import { ApiError, post } from '../../api/client';

type Setup = { secret: string; otpauthUri: string; qrDataUrl: string };

/**
 * Turns on two-factor sign-in: a key and its QR code (drawn by the server), a code from the app to confirm,
 * then the ten recovery codes, shown once. `onDone` runs after the codes were acknowledged.
 */
export function TotpSetup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      return null;
    } finally {
      setBusy(false);
    }
  };

  if (codes) {
    return (
      <div data-testid="recovery-codes">
        <Typography.Title level={5}>{t('auth.recoveryTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('auth.recoveryHint')} style={{ marginBottom: 12 }} />
        <pre style={{ fontSize: 15, lineHeight: 1.8, columns: 2 }}>{codes.join('\n')}</pre>
        <Button
          type="primary"
          onClick={async () => {
            await qc.invalidateQueries({ queryKey: ME_KEY });
            onDone();
          }}
        >
          {t('auth.recoveryDone')}
        </Button>
      </div>
    );
  }
  return (
    <div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!setup ? (
        <Button type="primary" loading={busy} onClick={async () => setSetup(await run(() => post<Setup>('/api/auth/totp/setup')))} data-testid="totp-start">
          {t('auth.enrolStart')}
        </Button>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text>{t('auth.enrolScan')}</Typography.Text>
          <img src={setup.qrDataUrl} alt="QR" width={200} height={200} data-testid="totp-qr" />
          <Typography.Text>
            {t('auth.enrolSecret')}：<Typography.Text code copyable data-testid="totp-secret">{setup.secret}</Typography.Text>
          </Typography.Text>
          <Form
            layout="inline"
            onFinish={async (v: { code: string }) => {
              const r = await run(() => post<{ recoveryCodes: string[] }>('/api/auth/totp/enable', { code: v.code }));
              if (r) setCodes(r.recoveryCodes);
            }}
          >
            <Form.Item name="code" rules={[{ required: true, message: t('auth.codeRequired') }]}>
              <Input placeholder={t('auth.code')} inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="totp-confirm-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('auth.enrolConfirm')}
            </Button>
          </Form>
        </Space>
      )}
    </div>
  );
}
