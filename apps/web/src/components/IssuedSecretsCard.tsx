import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../api/client';
import { applyServerErrors } from './formErrors';
import { useConfirmClose } from './useConfirmClose';

type Issued = { id: number; name: string; revokedAt: string | null };

/**
 * 安全管理员's list of secrets issued to integrations (API tokens, Open311 keys): issue one (shown once; only its
 * hash is kept), list them with their own columns, revoke one. `texts` is the i18n prefix holding issue, issueTitle,
 * issued, name, nameRequired, nameHint, days, daysHint, valid, revoked, revoke, revokeConfirm.
 */
export function IssuedSecretsCard<T extends Issued>(props: {
  title: string;
  help: ReactNode;
  texts: string;
  url: string;
  secretField: 'key' | 'token';
  columns: ColumnsType<T>;
  /** More form fields of the issue form (rendered while it is open). */
  extraFields?: ReactNode;
  onOpenChange?: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpenState] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const setOpen = (v: boolean) => {
    setOpenState(v);
    props.onOpenChange?.(v);
  };
  const closeIssue = useConfirmClose(form, () => setOpen(false));
  const list = useQuery({ queryKey: [props.url], queryFn: () => get<{ items: T[] }>(props.url) });
  const tx = (k: string, o?: Record<string, unknown>) => t(`${props.texts}.${k}`, o ?? {});

  const issue = async () => {
    const v = await form.validateFields();
    try {
      const r = await post<Record<string, string>>(props.url, v);
      setIssued(r[props.secretField] ?? null);
      setOpen(false);
      await qc.invalidateQueries({ queryKey: [props.url] });
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card
      title={props.title}
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
          {tx('issue')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{props.help}</Typography.Paragraph>
      {issued && (
        <Alert type="success" showIcon closable onClose={() => setIssued(null)} style={{ marginBottom: 16 }} title={tx('issued')} description={<Typography.Text copyable code>{issued}</Typography.Text>} />
      )}
      <Table<T>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        columns={[
          ...props.columns,
          { title: t('common.status'), key: 'status', render: (_, k) => (k.revokedAt ? <Tag>{tx('revoked')}</Tag> : <Tag color="green">{tx('valid')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, k) =>
              !k.revokedAt && (
                <Popconfirm
                  title={tx('revokeConfirm', { name: k.name })}
                  onConfirm={async () => {
                    await del(`${props.url}/${k.id}`);
                    message.success(tx('revoked'));
                    await qc.invalidateQueries({ queryKey: [props.url] });
                  }}
                >
                  <a style={{ color: '#cf1322' }}>{tx('revoke')}</a>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={tx('issueTitle')} open={open} onOk={issue} onCancel={closeIssue} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={tx('name')} rules={[{ required: true, message: tx('nameRequired') }]}>
            <Input placeholder={tx('nameHint')} maxLength={60} />
          </Form.Item>
          {props.extraFields}
          <Form.Item name="expiresInDays" label={tx('days')} extra={tx('daysHint')}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
