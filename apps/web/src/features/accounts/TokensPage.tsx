import { PlusOutlined } from '@ant-design/icons';
import type { AccountView, ApiTokenView, Page } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client';
import { useConfirmClose } from '../../components/useConfirmClose';
import { applyServerErrors } from '../../components/formErrors';
import { formatTime } from '../../components/format';

/** 安全管理员: API tokens for integrations; the secret is shown once and only its hash is kept. */
export function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const closeIssue = useConfirmClose(form, () => setOpen(false));
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => get<{ items: ApiTokenView[] }>('/api/tokens') });
  const accounts = useQuery({ queryKey: ['accounts', 'all'], queryFn: () => get<Page<AccountView>>('/api/accounts?limit=500'), enabled: open });

  const issue = async () => {
    const v = await form.validateFields();
    try {
      const r = await post<{ token: string }>('/api/tokens', v);
      setIssued(r.token);
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card
      title={t('menu.tokens')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setError(null);
            setOpen(true);
          }}
        >
          {t('tokens.issue')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('tokens.helpBefore')}
        <Typography.Text code>{t('tokens.helpHeader')}</Typography.Text>
        {t('tokens.helpMiddle')}
        <a href="/api/docs">/api/docs</a>
        {t('tokens.helpAfter')}
      </Typography.Paragraph>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          style={{ marginBottom: 16 }}
          title={t('tokens.issued')}
          description={<Typography.Text copyable code>{issued}</Typography.Text>}
        />
      )}
      <Table<ApiTokenView>
        rowKey="id"
        loading={tokens.isLoading}
        dataSource={tokens.data?.items}
        pagination={false}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          { title: t('tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: t('tokens.account'), dataIndex: 'username' },
          { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: formatTime },
          { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: formatTime },
          { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : t('tokens.never')) },
          {
            title: t('common.status'),
            render: (_, tok) => (tok.revokedAt ? <Tag>{t('tokens.revoked')}</Tag> : <Tag color="green">{t('tokens.valid')}</Tag>),
          },
          {
            title: t('common.actions'),
            render: (_, tok) =>
              !tok.revokedAt && (
                <Popconfirm
                  title={t('tokens.revokeConfirm', { name: tok.name })}
                  onConfirm={async () => {
                    await del(`/api/tokens/${tok.id}`);
                    message.success(t('tokens.revoked'));
                    await qc.invalidateQueries({ queryKey: ['tokens'] });
                  }}
                >
                  <a style={{ color: '#cf1322' }}>{t('tokens.revoke')}</a>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={t('tokens.issueTitle')} open={open} onOk={issue} onCancel={closeIssue} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, message: t('tokens.nameRequired') }]}>
            <Input placeholder={t('tokens.nameHint')} maxLength={60} />
          </Form.Item>
          <Form.Item name="accountId" label={t('tokens.account')} rules={[{ required: true, message: t('tokens.accountRequired') }]}>
            <Select showSearch optionFilterProp="label" options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.username}（${a.displayName}）` }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.days')} extra={t('tokens.daysHint')}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
