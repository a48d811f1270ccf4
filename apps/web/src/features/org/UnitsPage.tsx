import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { UNIT_KINDS, type UnitKind, type UnitView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post, put } from '../../api/client';
import { unitTree, useUnits, type UnitNode } from '../../api/org';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { TraceTimeline } from '../trace/TraceTimeline';
import { ImportModal } from './ImportModal';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

type Values = { name: string; shortName?: string; kind: UnitKind; parentId?: number | null; code?: string; sort?: number; active: boolean };

/** 单位管理: the unit tree with divisions; add, edit, delete, import. */
export function UnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: units = [], isLoading } = useUnits();
  const [editing, setEditing] = useState<UnitView | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [q, setQ] = useState('');
  const [form] = Form.useForm<Values>();
  const closeEditor = useConfirmClose(form, () => setEditing(null));
  const [error, setError] = useState<string | null>(null);

  const tree = useMemo(() => {
    const visible = q ? units.filter((u) => u.name.includes(q) || u.shortName?.includes(q) || units.some((c) => c.parentId === u.id && c.name.includes(q))) : units;
    return unitTree(visible);
  }, [units, q]);
  const parents = useMemo(
    () => unitTree(units.filter((u) => u.kind !== 'division')).map((u) => ({ value: u.id, title: u.name })),
    [units],
  );
  const refresh = () => qc.invalidateQueries({ queryKey: ['units'] });

  const open = (u: UnitView | 'new') => {
    setError(null);
    setEditing(u);
    form.resetFields();
    form.setFieldsValue(
      u === 'new'
        ? { name: '', kind: 'department', parentId: null, active: true, sort: 0 }
        : { name: u.name, shortName: u.shortName ?? undefined, kind: u.kind, parentId: u.parentId, code: u.code ?? undefined, sort: u.sort, active: u.active },
    );
  };

  const save = async () => {
    const v = await form.validateFields();
    try {
      const body = { ...v, parentId: v.parentId ?? null, shortName: v.shortName || null, code: v.code || null };
      if (editing === 'new') await post('/api/units', body);
      else if (editing) await put(`/api/units/${editing.id}`, { ...body, version: editing.version });
      message.success(t('common.saved'));
      setEditing(null);
      await refresh();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  const remove = async (u: UnitView) => {
    try {
      await del(`/api/units/${u.id}`);
      message.success(t('org.units.deleted', { name: u.name }));
      await refresh();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Card
      title={t('org.units.title')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('org.units.search')} onSearch={setQ} style={{ width: 200 }} />
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
            {t('org.import.button')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {t('org.units.add')}
          </Button>
        </Space>
      }
    >
      <Table<UnitNode>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: false }}
        columns={[
          { title: t('org.units.name'), dataIndex: 'name', render: (name: string, u) => (u.active ? name : <span style={{ color: '#999' }}>{t('org.inactive', { name })}</span>) },
          { title: t('org.units.shortName'), dataIndex: 'shortName', width: 160 },
          { title: t('org.units.kind'), dataIndex: 'kind', width: 120, render: (k: UnitKind) => <Tag>{labelOf('unitKind', k)}</Tag> },
          { title: t('org.units.code'), dataIndex: 'code', width: 100 },
          {
            title: t('common.actions'),
            width: 150,
            render: (_, u) => (
              <Space>
                <a onClick={() => open(u)}>{t('common.edit')}</a>
                <Popconfirm title={t('org.units.deleteConfirm', { name: u.name })} description={t('org.units.deleteHint')} onConfirm={() => remove(u)}>
                  <a style={{ color: '#cf1322' }}>{t('common.delete')}</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        title={editing === 'new' ? t('org.units.add') : t('org.units.edit')}
        open={editing !== null}
        onClose={closeEditor}
        width={520}
        extra={
          <Space>
            <Button onClick={closeEditor}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={save}>
              {t('common.save')}
            </Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('org.units.unitName')} rules={[{ required: true, message: t('org.units.unitNameRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="shortName" label={t('org.units.shortName')}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="kind" label={t('org.units.kind')} rules={[{ required: true }]}>
            <Select options={enumOptions('unitKind', UNIT_KINDS)} />
          </Form.Item>
          <Form.Item name="parentId" label={t('org.units.parent')} extra={t('org.units.parentHint')}>
            <TreeSelect allowClear showSearch treeNodeFilterProp="title" treeData={parents} placeholder={t('org.units.parentNone')} />
          </Form.Item>
          <Space>
            <Form.Item name="code" label={t('org.units.code')}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="sort" label={t('org.units.sort')}>
              <InputNumber min={0} max={100000} />
            </Form.Item>
            <Form.Item name="active" label={t('common.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
        {editing && editing !== 'new' && (
          <Card size="small" title={t('trace.title')} style={{ marginTop: 8 }}>
            <TraceTimeline entityType="unit" entityId={editing.id} />
          </Card>
        )}
      </Drawer>
      <ImportModal<{ units: { created: number; updated: number }; people: { created: number; updated: number } }>
        open={importOpen}
        title={t('org.import.title')}
        templateUrl="/api/org/import/template.xlsx"
        uploadUrl="/api/org/import"
        onClose={() => setImportOpen(false)}
        describe={(r) => t('org.import.done', { unitsCreated: r.units.created, unitsUpdated: r.units.updated, peopleCreated: r.people.created, peopleUpdated: r.people.updated })}
        onDone={() => {
          setImportOpen(false);
          void refresh();
          void qc.invalidateQueries({ queryKey: ['people'] });
        }}
      />
    </Card>
  );
}
