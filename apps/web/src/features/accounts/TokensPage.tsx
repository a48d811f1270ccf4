import { PlusOutlined } from '@ant-design/icons';
import type { AccountView, ApiTokenView, Page } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { del, get, post } from '../../api/client';
import { applyServerErrors } from '../../components/formErrors';
import { formatTime } from '../../components/format';

/** 安全管理员: API tokens for integrations; the secret is shown once and only its hash is kept. */
export function TokensPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
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
      title="API 令牌"
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
          签发令牌
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        供其他系统调用接口：请求头 <Typography.Text code>Authorization: Bearer 令牌</Typography.Text>，权限与所代表账号相同。接口文档见 <a href="/api/docs">/api/docs</a>。
      </Typography.Paragraph>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          style={{ marginBottom: 16 }}
          title="令牌已签发，请立即复制保存；关闭后将无法再次查看"
          description={<Typography.Text copyable code>{issued}</Typography.Text>}
        />
      )}
      <Table<ApiTokenView>
        rowKey="id"
        loading={tokens.isLoading}
        dataSource={tokens.data?.items}
        pagination={false}
        columns={[
          { title: '用途', dataIndex: 'name' },
          { title: '前缀', dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: '代表账号', dataIndex: 'username' },
          { title: '签发时间', dataIndex: 'createdAt', render: formatTime },
          { title: '最近使用', dataIndex: 'lastUsedAt', render: formatTime },
          { title: '到期', dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : '永久') },
          {
            title: '状态',
            render: (_, t) => (t.revokedAt ? <Tag>已吊销</Tag> : <Tag color="green">有效</Tag>),
          },
          {
            title: '操作',
            render: (_, t) =>
              !t.revokedAt && (
                <Popconfirm
                  title={`吊销“${t.name}”？使用它的系统将立即无法调用接口`}
                  onConfirm={async () => {
                    await del(`/api/tokens/${t.id}`);
                    message.success('已吊销');
                    await qc.invalidateQueries({ queryKey: ['tokens'] });
                  }}
                >
                  <a style={{ color: '#cf1322' }}>吊销</a>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title="签发 API 令牌" open={open} onOk={issue} onCancel={() => setOpen(false)} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="用途" rules={[{ required: true, message: '请填写用途' }]}>
            <Input placeholder="如：12345 热线工单对接" maxLength={60} />
          </Form.Item>
          <Form.Item name="accountId" label="代表账号" rules={[{ required: true, message: '请选择账号' }]}>
            <Select showSearch optionFilterProp="label" options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.username}（${a.displayName}）` }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label="有效期（天）" extra="留空为永久有效">
            <InputNumber min={1} max={3650} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
