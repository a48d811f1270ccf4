import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@duban/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ME_KEY } from '../../api/auth';
import { ApiError, post } from '../../api/client';

type Values = { username: string; password: string; code?: string };

/**
 * The sign-in page: username and password, then — for an account with two-factor sign-in — the code from the
 * authenticator app (or a recovery code); errors in Chinese as the server words them.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needCode, setNeedCode] = useState(false);
  const expired = new URLSearchParams(location.search).get('expired') === '1';

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ user: Me }>('/api/auth/login', { username: v.username, password: v.password, ...(needCode && v.code ? { code: v.code } : {}) });
      qc.setQueryData(ME_KEY, res.user);
      const to = new URLSearchParams(location.search).get('to');
      navigate(to && to.startsWith('/') && !to.startsWith('//') ? to : '/', { replace: true });
    } catch (err) {
      // The password was right and a second factor is needed: ask for it (not an error to show in red).
      if (err instanceof ApiError && err.code === 'totp_required') setNeedCode(true);
      else setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-bg">
      <Card className="login-card" variant="borderless">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            {t('app.full')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.slogan')}</Typography.Text>
        </div>
        {expired && !error && <Alert type="info" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} placeholder={t('auth.username')} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} placeholder={t('auth.password')} autoComplete="current-password" />
          </Form.Item>
          {needCode && (
            <Form.Item name="code" extra={t('auth.codeHint')} rules={[{ required: true, message: t('auth.codeRequired') }]}>
              <Input prefix={<SafetyOutlined />} placeholder={t('auth.code')} autoComplete="one-time-code" inputMode="numeric" maxLength={11} autoFocus data-testid="totp-code" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
