import { PlusOutlined } from '@ant-design/icons';
import { ADMIN_ROLES, ROLES, roleConflict, type AccountView, type Page, type PersonView, type Role } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { get, post, put, qs } from '../../api/client';
import { applyServerErrors } from '../../components/formErrors';
import { formatTime } from '../../components/format';
import { TraceTimeline } from '../trace/TraceTimeline';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

type Mode = 'sysadmin' | 'secadmin';

/**
 * 账号管理 (系统管理员: create, edit, enable/disable) and 账号与角色 (安全管理员: grant roles,
 * unlock, reset passwords). The same list; each admin sees only their own actions (三员分立).
 */
export function AccountsPage({ mode }: { mode: Mode }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<{ kind: 'create' | 'edit' | 'roles' | 'reset' | 'trace'; account?: AccountView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [peopleQ, setPeopleQ] = useState('');
  const people = useQuery({
    queryKey: ['people', 'pick', peopleQ],
    queryFn: () => get<Page<PersonView>>(`/api/people${qs({ q: peopleQ || undefined, limit: 30 })}`),
    enabled: mode === 'sysadmin' && !!dialog && (dialog.kind === 'create' || dialog.kind === 'edit'),
  });
  const list = useQuery({
    queryKey: ['accounts', q, page],
    queryFn: () => get<Page<AccountView>>(`/api/accounts${qs({ q, limit: page.pageSize, offset: (page.current - 1) * page.pageSize })}`),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['accounts'] });

  const open = (kind: 'create' | 'edit' | 'roles' | 'reset' | 'trace', account?: AccountView) => {
    setError(null);
    form.resetFields();
    if (account && kind === 'edit') form.setFieldsValue({ displayName: account.displayName, personId: account.personId, status: account.status });
    if (account && kind === 'roles') form.setFieldsValue({ roles: account.roles });
    setDialog({ kind, account });
  };

  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    const a = dialog.account;
    try {
      if (dialog.kind === 'create') await post('/api/accounts', { ...v, personId: v.personId ?? null });
      if (dialog.kind === 'edit' && a) await put(`/api/accounts/${a.id}`, { ...v, personId: v.personId ?? null, version: a.version });
      if (dialog.kind === 'roles' && a) await put(`/api/accounts/${a.id}/roles`, { roles: v.roles, version: a.version });
      if (dialog.kind === 'reset' && a) await post(`/api/accounts/${a.id}/reset-password`, { password: v.password });
      message.success('已保存');
      setDialog(null);
      await refresh();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  const unlock = async (a: AccountView) => {
    await post(`/api/accounts/${a.id}/unlock`);
    message.success(`已解除 ${a.username} 的登录锁定`);
    await refresh();
  };

  const roles: Role[] = Form.useWatch('roles', form) ?? [];
  const conflict = dialog?.kind === 'roles' ? roleConflict(roles) : null;

  return (
    <Card
      title={mode === 'sysadmin' ? '账号管理' : '账号与角色'}
      extra={
        <Space>
          <Input.Search allowClear placeholder="用户名或姓名" onSearch={(v) => setQ(v || undefined)} style={{ width: 200 }} />
          {mode === 'sysadmin' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('create')}>
              新建账号
            </Button>
          )}
        </Space>
      }
    >
      {mode === 'sysadmin' && (
        <Typography.Paragraph type="secondary">系统管理员负责创建和维护账号；角色由安全管理员授予，操作由审计管理员审计（三员分立）。</Typography.Paragraph>
      )}
      <Table<AccountView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ ...page, total: list.data?.total, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 130 },
          { title: '姓名', dataIndex: 'displayName', width: 110 },
          { title: '单位', dataIndex: 'unitName' },
          { title: '角色', dataIndex: 'roles', render: (rs: Role[]) => (rs.length ? rs.map((r) => <Tag key={r}>{labelOf('role', r)}</Tag>) : <Tag color="orange">未授权</Tag>) },
          {
            title: '状态',
            width: 150,
            render: (_, a) => (
              <Space size={4}>
                {a.status === 'active' ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
                {a.lockedUntil && <Tag color="red">锁定至 {formatTime(a.lockedUntil).slice(11)}</Tag>}
              </Space>
            ),
          },
          { title: '最近登录', dataIndex: 'lastLoginAt', width: 140, render: formatTime },
          {
            title: '操作',
            width: 200,
            render: (_, a) => (
              <Space>
                {mode === 'sysadmin' && <a onClick={() => open('edit', a)}>编辑</a>}
                {mode === 'secadmin' && <a onClick={() => open('roles', a)}>授权</a>}
                {mode === 'secadmin' && a.lockedUntil && (
                  <Popconfirm title={`解除 ${a.username} 的登录锁定？`} onConfirm={() => unlock(a)}>
                    <a>解锁</a>
                  </Popconfirm>
                )}
                {mode === 'secadmin' && <a onClick={() => open('reset', a)}>重置密码</a>}
                <a onClick={() => open('trace', a)}>痕迹</a>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!dialog}
        title={
          dialog && { create: '新建账号', edit: `编辑账号 ${dialog.account?.username}`, roles: `授予角色：${dialog.account?.username}`, reset: `重置密码：${dialog.account?.username}`, trace: `账号痕迹：${dialog.account?.username}` }[dialog.kind]
        }
        onCancel={() => setDialog(null)}
        onOk={dialog?.kind === 'trace' ? () => setDialog(null) : submit}
        okButtonProps={{ disabled: !!conflict }}
        destroyOnHidden
        width={dialog?.kind === 'trace' ? 720 : 520}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {dialog?.kind === 'trace' && dialog.account && <TraceTimeline entityType="account" entityId={dialog.account.id} />}
        <Form form={form} layout="vertical" hidden={dialog?.kind === 'trace'}>
          {dialog?.kind === 'create' && (
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }]} extra="字母开头，3–32 位字母、数字、下划线、点或连字符">
              <Input autoComplete="off" />
            </Form.Item>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
            <>
              <Form.Item name="displayName" label="显示名称" rules={[{ required: true, message: '请填写显示名称' }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="personId" label="对应人员" extra="关联人员后，该账号按人员所在单位确定可见范围">
                <Select
                  allowClear
                  showSearch
                  filterOption={false}
                  onSearch={setPeopleQ}
                  options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.unitName ?? ''}${p.title ? ` ${p.title}` : ''}）` }))}
                  placeholder="输入姓名搜索"
                />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'edit' && (
            <Form.Item name="status" label="状态">
              <Select options={[{ value: 'active', label: '启用' }, { value: 'disabled', label: '停用（立即退出所有登录）' }]} />
            </Form.Item>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'reset') && (
            <Form.Item name="password" label={dialog.kind === 'create' ? '初始密码' : '临时密码'} rules={[{ required: true }]} extra="至少 8 位且包含三类字符；首次登录须修改">
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          {dialog?.kind === 'roles' && (
            <>
              <Form.Item name="roles" label="角色">
                <Checkbox.Group options={enumOptions('role', ROLES)} />
              </Form.Item>
              {conflict && <Alert type="warning" showIcon title={conflict} />}
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                {ADMIN_ROLES.map((r) => labelOf('role', r)).join('、')}三员分立，不能兼任，也不能兼任业务角色。修改角色后该账号需重新登录。
              </Typography.Paragraph>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
