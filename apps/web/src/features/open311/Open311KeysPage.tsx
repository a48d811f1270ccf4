import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { formatTime } from '../../components/format';
import { IssuedSecretsCard } from '../../components/IssuedSecretsCard';

type KeyView = { id: number; name: string; prefix: string; createdBy: string | null; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; requests: number };

/** 安全管理员: one Open311 key per integrating system; the key is shown once and only its hash is kept. */
export function Open311KeysPage() {
  const { t } = useTranslation();
  const me = useMe();
  const url = `${window.location.origin}/api/open311/${me.data?.tenant.code ?? 'TENANT'}/v2/requests.json`;
  return (
    <IssuedSecretsCard<KeyView>
      title={t('open311.keys.title')}
      help={t('open311.keys.help', { url })}
      texts="open311.keys"
      url="/api/open311/keys"
      secretField="key"
      columns={[
        { title: t('open311.keys.name'), dataIndex: 'name' },
        { title: t('open311.keys.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
        { title: t('open311.keys.createdBy'), dataIndex: 'createdBy' },
        { title: t('open311.keys.createdAt'), dataIndex: 'createdAt', render: formatTime },
        { title: t('open311.keys.lastUsedAt'), dataIndex: 'lastUsedAt', render: formatTime },
        { title: t('open311.keys.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : t('open311.keys.never')) },
        { title: t('open311.keys.requests'), dataIndex: 'requests' },
      ]}
    />
  );
}
