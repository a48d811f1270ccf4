import type { AccountView, ApiTokenView, Page } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import { formatTime } from '../../components/format';
import { IssuedSecretsCard } from '../../components/IssuedSecretsCard';

/** 安全管理员: API tokens for integrations; the secret is shown once and only its hash is kept. */
export function TokensPage() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const accounts = useQuery({ queryKey: ['accounts', 'all'], queryFn: () => get<Page<AccountView>>('/api/accounts?limit=500'), enabled: open });
  return (
    <IssuedSecretsCard<ApiTokenView>
      title={t('menu.tokens')}
      help={
        <>
          {t('tokens.helpBefore')}
          <Typography.Text code>{t('tokens.helpHeader')}</Typography.Text>
          {t('tokens.helpMiddle')}
          <a href="/api/docs">/api/docs</a>
          {t('tokens.helpAfter')}
        </>
      }
      texts="tokens"
      url="/api/tokens"
      secretField="token"
      onOpenChange={setOpen}
      extraFields={
        <Form.Item name="accountId" label={t('tokens.account')} rules={[{ required: true, message: t('tokens.accountRequired') }]}>
          <Select showSearch optionFilterProp="label" options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.username}（${a.displayName}）` }))} />
        </Form.Item>
      }
      columns={[
        { title: t('tokens.name'), dataIndex: 'name' },
        { title: t('tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
        { title: t('tokens.account'), dataIndex: 'username' },
        { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: formatTime },
        { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: formatTime },
        { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : t('tokens.never')) },
      ]}
    />
  );
}
