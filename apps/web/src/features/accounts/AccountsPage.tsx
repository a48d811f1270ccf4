import { PlusOutlined } from '@ant-design/icons';
import { ADMIN_ROLES, ROLES, roleConflict, type AccountView, type AdminRequestView, type Page, type PersonView, type Role } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { get, post, put, qs } from '../../api/client';
import { AdminRequestsCard } from './AdminRequestsCard';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { formatTime } from '../../components/format';
import { TraceTimeline } from '../trace/TraceTimeline';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

type Mode = 'sysadmin' | 'secadmin';

/**
 * 账号管理 (系统管理员: create, edit, enable/disable) and 账号与角色 (安全管理员: grant roles,
 * unlock, reset passwords). The same list; each admin sees only their own actions (三员分立).
 */
export function AccountsPage({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<{ kind: 'create' | 'edit' | 'roles' | 'reset' | 'trace'; account?: AccountView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const closeDialog = useConfirmClose(form, () => setDialog(null));
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
      let result: AccountView | AdminRequestView | null = null;
      if (dialog.kind === 'create') result = await post<AccountView>('/api/accounts', { ...v, personId: v.personId ?? null });
      if (dialog.kind === 'edit' && a) result = await put<AccountView | AdminRequestView>(`/api/accounts/${a.id}`, { ...v, personId: v.personId ?? null, version: a.version });
      if (dialog.kind === 'roles' && a) result = await put<AccountView | AdminRequestView>(`/api/accounts/${a.id}/roles`, { roles: v.roles, version: a.version });
      if (dialog.kind === 'reset' && a) result = await post<AccountView | AdminRequestView>(`/api/accounts/${a.id}/reset-password`, { password: v.password });
      await afterAct(result);
      setDialog(null);
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  // An act on an admin-role account comes back as a request waiting for another admin role (HTTP 202).
  const afterAct = async (result: AccountView | AdminRequestView | null) => {
    if (result && 'kind' in result) message.info(t('adminRequests.filed'), 6);
    else message.success(t('common.saved'));
    await refresh();
    await qc.invalidateQueries({ queryKey: ['admin-requests'] });
  };

  const resetTotp = async (a: AccountView) => {
    await afterAct(await post<AccountView | AdminRequestView>(`/api/accounts/${a.id}/totp-reset`));
  };

  const unlock = async (a: AccountView) => {
    await post(`/api/accounts/${a.id}/unlock`);
    message.success(t('accounts.unlocked', { username: a.username }));
    await refresh();
  };

  const roles: Role[] = Form.useWatch('roles', form) ?? [];
  const conflict = dialog?.kind === 'roles' ? roleConflict(roles) : null;
  // The rule is the shared roleConflict; only its wording is per language.
  const conflictText = conflict && (roles.filter((r) => (ADMIN_ROLES as readonly Role[]).includes(r)).length > 1 ? t('accounts.conflictAdmins') : t('accounts.conflictMixed'));

  return (
    <Card
      title={mode === 'sysadmin' ? t('accounts.titleSysadmin') : t('accounts.titleSecadmin')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('accounts.search')} onSearch={(v) => setQ(v || undefined)} style={{ width: 200 }} />
          {mode === 'sysadmin' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('create')}>
              {t('accounts.create')}
            </Button>
          )}
        </Space>
      }
    >
      {me && <AdminRequestsCard me={me} />}
      {mode === 'sysadmin' && (
        <Typography.Paragraph type="secondary">{t('accounts.separation')}</Typography.Paragraph>
      )}
      <Table<AccountView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ ...page, total: list.data?.total, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          { title: t('accounts.username'), dataIndex: 'username', width: 130 },
          { title: t('accounts.name'), dataIndex: 'displayName', width: 110 },
          { title: t('accounts.unit'), dataIndex: 'unitName' },
          { title: t('accounts.roles'), dataIndex: 'roles', render: (rs: Role[]) => (rs.length ? rs.map((r) => <Tag key={r}>{labelOf('role', r)}</Tag>) : <Tag color="orange">{t('accounts.noRoles')}</Tag>) },
          {
            title: t('common.status'),
            width: 150,
            render: (_, a) => (
              <Space size={4}>
                {a.status === 'active' ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>}
                {a.lockedUntil && <Tag color="red">{t('accounts.lockedUntil', { time: formatTime(a.lockedUntil).slice(11) })}</Tag>}
              </Space>
            ),
          },
          { title: t('accounts.lastLogin'), dataIndex: 'lastLoginAt', width: 140, render: formatTime },
          {
            title: t('common.actions'),
            width: 260,
            render: (_, a) => (
              <Space>
                {mode === 'sysadmin' && <a onClick={() => open('edit', a)}>{t('common.edit')}</a>}
                {mode === 'secadmin' && <a onClick={() => open('roles', a)}>{t('accounts.grant')}</a>}
                {mode === 'secadmin' && a.lockedUntil && (
                  <Popconfirm title={t('accounts.unlockConfirm', { username: a.username })} onConfirm={() => unlock(a)}>
                    <a>{t('accounts.unlock')}</a>
                  </Popconfirm>
                )}
                {mode === 'secadmin' && <a onClick={() => open('reset', a)}>{t('accounts.resetPassword')}</a>}
                {mode === 'secadmin' && (
                  <Popconfirm title={t('accounts.resetTotpConfirm', { username: a.username })} onConfirm={() => resetTotp(a)}>
                    <a>{t('accounts.resetTotp')}</a>
                  </Popconfirm>
                )}
                <a onClick={() => open('trace', a)}>{t('trace.title')}</a>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!dialog}
        title={
          dialog && (dialog.kind === 'create' ? t('accounts.create') : t(`accounts.dialog.${dialog.kind}`, { username: dialog.account?.username }))
        }
        onCancel={closeDialog}
        onOk={dialog?.kind === 'trace' ? () => setDialog(null) : submit}
        okButtonProps={{ disabled: !!conflict }}
        destroyOnHidden
        width={dialog?.kind === 'trace' ? 720 : 520}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {dialog?.kind === 'trace' && dialog.account && <TraceTimeline entityType="account" entityId={dialog.account.id} />}
        <Form form={form} layout="vertical" hidden={dialog?.kind === 'trace'}>
          {dialog?.kind === 'create' && (
            <Form.Item name="username" label={t('accounts.username')} rules={[{ required: true, message: t('accounts.usernameRequired') }]} extra={t('accounts.usernameHint')}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
            <>
              <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, message: t('accounts.displayNameRequired') }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="personId" label={t('accounts.person')} extra={t('accounts.personHint')}>
                <Select
                  allowClear
                  showSearch
                  filterOption={false}
                  onSearch={setPeopleQ}
                  options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.unitName ?? ''}${p.title ? ` ${p.title}` : ''}）` }))}
                  placeholder={t('matters.pick.searchName')}
                />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'edit' && (
            <Form.Item name="status" label={t('common.status')}>
              <Select options={[{ value: 'active', label: t('common.enabled') }, { value: 'disabled', label: t('accounts.disableOption') }]} />
            </Form.Item>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'reset') && (
            <Form.Item name="password" label={dialog.kind === 'create' ? t('accounts.initialPassword') : t('accounts.tempPassword')} rules={[{ required: true }]} extra={t('accounts.passwordHint')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          {dialog?.kind === 'roles' && (
            <>
              <Form.Item name="roles" label={t('accounts.roles')}>
                <Checkbox.Group options={enumOptions('role', ROLES)} />
              </Form.Item>
              {conflictText && <Alert type="warning" showIcon title={conflictText} />}
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                {t('accounts.adminRule', { roles: ADMIN_ROLES.map((r) => labelOf('role', r)).join(t('common.listSep')) })}
              </Typography.Paragraph>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
