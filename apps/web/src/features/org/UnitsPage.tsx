import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { UNIT_KINDS, type UnitKind, type UnitView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { del, post, put } from '../../api/client';
import { unitTree, useUnits, type UnitNode } from '../../api/org';
import { applyServerErrors } from '../../components/formErrors';
import { TraceTimeline } from '../trace/TraceTimeline';
import { ImportModal } from './ImportModal';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

type Values = { name: string; shortName?: string; kind: UnitKind; parentId?: number | null; code?: string; sort?: number; active: boolean };

/** 单位管理: the unit tree with divisions; add, edit, delete, import. */
export function UnitsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: units = [], isLoading } = useUnits();
  const [editing, setEditing] = useState<UnitView | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [q, setQ] = useState('');
  const [form] = Form.useForm<Values>();
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
      message.success('已保存');
      setEditing(null);
      await refresh();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  const remove = async (u: UnitView) => {
    try {
      await del(`/api/units/${u.id}`);
      message.success(`已删除“${u.name}”`);
      await refresh();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Card
      title="单位管理"
      extra={
        <Space>
          <Input.Search allowClear placeholder="搜索单位" onSearch={setQ} style={{ width: 200 }} />
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
            从 Excel 导入
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            新增单位
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
          { title: '名称', dataIndex: 'name', render: (name: string, u) => (u.active ? name : <span style={{ color: '#999' }}>{name}（停用）</span>) },
          { title: '简称', dataIndex: 'shortName', width: 160 },
          { title: '类型', dataIndex: 'kind', width: 120, render: (k: UnitKind) => <Tag>{labelOf('unitKind', k)}</Tag> },
          { title: '编码', dataIndex: 'code', width: 100 },
          {
            title: '操作',
            width: 150,
            render: (_, u) => (
              <Space>
                <a onClick={() => open(u)}>编辑</a>
                <Popconfirm title={`删除“${u.name}”？`} description="仅能删除没有下级单位和人员的单位" onConfirm={() => remove(u)}>
                  <a style={{ color: '#cf1322' }}>删除</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        title={editing === 'new' ? '新增单位' : '编辑单位'}
        open={editing !== null}
        onClose={() => setEditing(null)}
        width={520}
        extra={
          <Space>
            <Button onClick={() => setEditing(null)}>取消</Button>
            <Button type="primary" onClick={save}>
              保存
            </Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="shortName" label="简称">
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select options={enumOptions('unitKind', UNIT_KINDS)} />
          </Form.Item>
          <Form.Item name="parentId" label="上级单位" extra="处室/科室须选择所属单位">
            <TreeSelect allowClear showSearch treeNodeFilterProp="title" treeData={parents} placeholder="（无，顶级单位）" />
          </Form.Item>
          <Space>
            <Form.Item name="code" label="编码">
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="sort" label="排序">
              <InputNumber min={0} max={100000} />
            </Form.Item>
            <Form.Item name="active" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
        {editing && editing !== 'new' && (
          <Card size="small" title="痕迹" style={{ marginTop: 8 }}>
            <TraceTimeline entityType="unit" entityId={editing.id} />
          </Card>
        )}
      </Drawer>
      <ImportModal<{ units: { created: number; updated: number }; people: { created: number; updated: number } }>
        open={importOpen}
        title="从 Excel 导入单位和人员"
        templateUrl="/api/org/import/template.xlsx"
        uploadUrl="/api/org/import"
        onClose={() => setImportOpen(false)}
        describe={(r) => `导入成功：单位新增 ${r.units.created}、更新 ${r.units.updated}；人员新增 ${r.people.created}、更新 ${r.people.updated}`}
        onDone={() => {
          setImportOpen(false);
          void refresh();
          void qc.invalidateQueries({ queryKey: ['people'] });
        }}
      />
    </Card>
  );
}
