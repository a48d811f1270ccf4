import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client';
import { applyServerErrors } from '../../components/formErrors';
import { formatTime } from '../../components/format';
import { useConfirmClose } from '../../components/useConfirmClose';
import { useMe } from '../../api/auth';

type KeyView = { id: number; name: string; prefix: string; createdBy: string | null; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; requests: number };

/** 安全管理员: one Open311 key per integrating system; the key is shown once and only its hash is kept. */
export function Open311KeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const closeIssue = useConfirmClose(form, () => setOpen(false));
  const keys = useQuery({ queryKey: ['open311-keys'], queryFn: () => get<{ items: KeyView[] }>('/api/open311/keys') });
  const url = `${window.location.origin}/api/open311/${me.data?.tenant.code ?? 'TENANT'}/v2/requests.json`;

  const issue = async () => {
    const v = await form.validateFields();
    try {
      const r = await post<{ key: string }>('/api/open311/keys', v);
      setIssued(r.key);
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['open311-keys'] });
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card
      title={t('open311.keys.title')}
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
          {t('open311.keys.issue')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('open311.keys.help', { url })}</Typography.Paragraph>
      {issued && (
        <Alert type="success" showIcon closable onClose={() => setIssued(null)} style={{ marginBottom: 16 }} title={t('open311.keys.issued')} description={<Typography.Text copyable code>{issued}</Typography.Text>} />
      )}
      <Table<KeyView>
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data?.items}
        pagination={false}
        columns={[
          { title: t('open311.keys.name'), dataIndex: 'name' },
          { title: t('open311.keys.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: t('open311.keys.createdBy'), dataIndex: 'createdBy' },
          { title: t('open311.keys.createdAt'), dataIndex: 'createdAt', render: formatTime },
          { title: t('open311.keys.lastUsedAt'), dataIndex: 'lastUsedAt', render: formatTime },
          { title: t('open311.keys.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : t('open311.keys.never')) },
          { title: t('open311.keys.requests'), dataIndex: 'requests' },
          { title: t('common.status'), render: (_, k) => (k.revokedAt ? <Tag>{t('open311.keys.revoked')}</Tag> : <Tag color="green">{t('open311.keys.valid')}</Tag>) },
          {
            title: t('common.actions'),
            render: (_, k) =>
              !k.revokedAt && (
                <Popconfirm
                  title={t('open311.keys.revokeConfirm', { name: k.name })}
                  onConfirm={async () => {
                    await del(`/api/open311/keys/${k.id}`);
                    message.success(t('open311.keys.revoked'));
                    await qc.invalidateQueries({ queryKey: ['open311-keys'] });
                  }}
                >
                  <a style={{ color: '#cf1322' }}>{t('open311.keys.revoke')}</a>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={t('open311.keys.issueTitle')} open={open} onOk={issue} onCancel={closeIssue} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('open311.keys.name')} rules={[{ required: true, message: t('open311.keys.nameRequired') }]}>
            <Input placeholder={t('open311.keys.nameHint')} maxLength={60} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('open311.keys.days')} extra={t('open311.keys.daysHint')}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
