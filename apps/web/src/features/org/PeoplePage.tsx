import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { RANKS, type Page, type PersonView, type Rank } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, Select, Space, Switch, Table, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { get, post, put, qs } from '../../api/client';
import { unitTree, useUnits, type UnitNode } from '../../api/org';
import { applyServerErrors } from '../../components/formErrors';
import { TraceTimeline } from '../trace/TraceTimeline';
import { ImportModal } from './ImportModal';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

type Values = {
  name: string;
  mobile?: string;
  email?: string;
  rank: Rank;
  title?: string;
  unitId: number;
  divisionId?: number | null;
  wecomUserId?: string;
  dingtalkUserId?: string;
  flags: ('isUnitHead' | 'isLiaison')[];
  leaderOfUnitIds: number[];
  active: boolean;
};

type TreeNode = { value: number; title: string; children?: TreeNode[] };
const toTreeData = (nodes: UnitNode[]): TreeNode[] => nodes.map((n) => ({ value: n.id, title: n.name, children: n.children ? toTreeData(n.children) : undefined }));

/** 人员管理: people with rank, unit, division, contact ids; add, edit, import. */
export function PeoplePage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: units = [] } = useUnits();
  const [filter, setFilter] = useState<{ unitId?: number; q?: string; rank?: Rank }>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [editing, setEditing] = useState<PersonView | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const unitId = Form.useWatch('unitId', form);

  const list = useQuery({
    queryKey: ['people', filter, page],
    queryFn: () => get<Page<PersonView>>(`/api/people${qs({ ...filter, limit: page.pageSize, offset: (page.current - 1) * page.pageSize })}`),
  });
  const topUnits = useMemo(() => units.filter((u) => u.kind !== 'division').map((u) => ({ value: u.id, label: u.name })), [units]);
  const divisions = useMemo(() => units.filter((u) => u.kind === 'division' && u.parentId === unitId).map((u) => ({ value: u.id, label: u.name })), [units, unitId]);
  const treeData = useMemo(() => toTreeData(unitTree(units)), [units]);

  const open = (p: PersonView | 'new') => {
    setError(null);
    setEditing(p);
    form.resetFields();
    form.setFieldsValue(
      p === 'new'
        ? { rank: 'staff', flags: [], leaderOfUnitIds: [], active: true, unitId: filter.unitId }
        : {
            name: p.name,
            mobile: p.mobile ?? undefined,
            email: p.email ?? undefined,
            rank: p.rank,
            title: p.title ?? undefined,
            unitId: p.unitId,
            divisionId: p.divisionId,
            wecomUserId: p.wecomUserId ?? undefined,
            dingtalkUserId: p.dingtalkUserId ?? undefined,
            flags: [...(p.isUnitHead ? (['isUnitHead'] as const) : []), ...(p.isLiaison ? (['isLiaison'] as const) : [])],
            leaderOfUnitIds: p.leaderOfUnitIds,
            active: p.active,
          },
    );
  };

  const save = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name,
      mobile: v.mobile || null,
      email: v.email || null,
      rank: v.rank,
      title: v.title || null,
      unitId: v.unitId,
      divisionId: v.divisionId ?? null,
      wecomUserId: v.wecomUserId || null,
      dingtalkUserId: v.dingtalkUserId || null,
      isUnitHead: v.flags.includes('isUnitHead'),
      isLiaison: v.flags.includes('isLiaison'),
      leaderOfUnitIds: v.leaderOfUnitIds,
      active: v.active,
    };
    try {
      if (editing === 'new') await post('/api/people', body);
      else if (editing) await put(`/api/people/${editing.id}`, { ...body, version: editing.version });
      message.success('已保存');
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['people'] });
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card
      title="人员管理"
      extra={
        <Space wrap>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder="按单位筛选"
            style={{ width: 220 }}
            treeData={treeData}
            onChange={(v?: number) => {
              setPage((p) => ({ ...p, current: 1 }));
              setFilter((f) => ({ ...f, unitId: v }));
            }}
          />
          <Select
            allowClear
            placeholder="职级"
            style={{ width: 110 }}
            options={enumOptions('rank', RANKS)}
            onChange={(v?: Rank) => setFilter((f) => ({ ...f, rank: v }))}
          />
          <Input.Search allowClear placeholder="姓名、职务或手机" style={{ width: 200 }} onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined }))} />
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
            从 Excel 导入
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            新增人员
          </Button>
        </Space>
      }
    >
      <Table<PersonView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ ...page, total: list.data?.total, showTotal: (n) => `共 ${n} 人`, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 110, render: (n: string, p) => (p.active ? n : <span style={{ color: '#999' }}>{n}（停用）</span>) },
          { title: '职务', dataIndex: 'title', width: 160 },
          { title: '职级', dataIndex: 'rank', width: 90, render: (r: Rank) => labelOf('rank', r) },
          { title: '单位', dataIndex: 'unitName', render: (u: string, p) => (p.divisionName ? `${u} / ${p.divisionName}` : u) },
          { title: '手机', dataIndex: 'mobile', width: 130 },
          {
            title: '身份',
            width: 170,
            render: (_, p) => (
              <Space size={4}>
                {p.isUnitHead && <Tag color="red">负责人</Tag>}
                {p.isLiaison && <Tag color="blue">联络员</Tag>}
                {p.leaderOfUnitIds.length > 0 && <Tag color="gold">分管 {p.leaderOfUnitIds.length}</Tag>}
              </Space>
            ),
          },
          { title: '操作', width: 80, render: (_, p) => <a onClick={() => open(p)}>编辑</a> },
        ]}
      />
      <Drawer
        title={editing === 'new' ? '新增人员' : '编辑人员'}
        open={editing !== null}
        onClose={() => setEditing(null)}
        width={560}
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
          <Space align="start" wrap>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="rank" label="职级" rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={enumOptions('rank', RANKS)} />
            </Form.Item>
            <Form.Item name="title" label="职务">
              <Input maxLength={60} />
            </Form.Item>
          </Space>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
            <Select showSearch optionFilterProp="label" options={topUnits} onChange={() => form.setFieldValue('divisionId', null)} />
          </Form.Item>
          <Form.Item name="divisionId" label="处室/科室">
            <Select allowClear options={divisions} placeholder={divisions.length ? '（不在处室/科室）' : '该单位没有处室/科室'} />
          </Form.Item>
          <Space align="start" wrap>
            <Form.Item name="mobile" label="手机" rules={[{ pattern: /^1[3-9]\d{9}$/, message: '11 位手机号' }]}>
              <Input maxLength={11} />
            </Form.Item>
            <Form.Item name="email" label="邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
              <Input />
            </Form.Item>
          </Space>
          <Space align="start" wrap>
            <Form.Item name="wecomUserId" label="企业微信账号" extra="用于企业微信应用消息提醒">
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="dingtalkUserId" label="钉钉账号">
              <Input maxLength={64} />
            </Form.Item>
          </Space>
          <Form.Item name="flags" label="身份">
            <Checkbox.Group
              options={[
                { value: 'isUnitHead', label: '单位主要负责人' },
                { value: 'isLiaison', label: '督查联络员' },
              ]}
            />
          </Form.Item>
          <Form.Item name="leaderOfUnitIds" label="分管单位" extra="区领导分管或联系的单位；其督办事项对该领导可见">
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={topUnits} />
          </Form.Item>
          <Form.Item name="active" label="在岗" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
        {editing && editing !== 'new' && (
          <Card size="small" title="痕迹">
            <TraceTimeline entityType="person" entityId={editing.id} />
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
          void qc.invalidateQueries({ queryKey: ['people'] });
          void qc.invalidateQueries({ queryKey: ['units'] });
        }}
      />
    </Card>
  );
}
