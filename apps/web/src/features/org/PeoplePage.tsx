import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { RANKS, type Page, type PersonView, type Rank } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, Select, Space, Switch, Table, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, put, qs } from '../../api/client';
import { unitTree, useUnits, type UnitNode } from '../../api/org';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
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
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: units = [] } = useUnits();
  const [filter, setFilter] = useState<{ unitId?: number; q?: string; rank?: Rank }>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [editing, setEditing] = useState<PersonView | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const closeEditor = useConfirmClose(form, () => setEditing(null));
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
      message.success(t('common.saved'));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['people'] });
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card
      title={t('org.people.title')}
      extra={
        <Space wrap>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('org.people.byUnit')}
            style={{ width: 220 }}
            treeData={treeData}
            onChange={(v?: number) => {
              setPage((p) => ({ ...p, current: 1 }));
              setFilter((f) => ({ ...f, unitId: v }));
            }}
          />
          <Select
            allowClear
            placeholder={t('org.people.rank')}
            style={{ width: 110 }}
            options={enumOptions('rank', RANKS)}
            onChange={(v?: Rank) => setFilter((f) => ({ ...f, rank: v }))}
          />
          <Input.Search allowClear placeholder={t('org.people.search')} style={{ width: 200 }} onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined }))} />
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
            {t('org.import.button')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {t('org.people.add')}
          </Button>
        </Space>
      }
    >
      <Table<PersonView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ ...page, total: list.data?.total, showTotal: (n) => t('org.people.total', { n }), onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          { title: t('org.people.name'), dataIndex: 'name', width: 110, render: (n: string, p) => (p.active ? n : <span style={{ color: '#999' }}>{t('org.inactive', { name: n })}</span>) },
          { title: t('org.people.jobTitle'), dataIndex: 'title', width: 160 },
          { title: t('org.people.rank'), dataIndex: 'rank', width: 90, render: (r: Rank) => labelOf('rank', r) },
          { title: t('org.people.unit'), dataIndex: 'unitName', render: (u: string, p) => (p.divisionName ? `${u} / ${p.divisionName}` : u) },
          { title: t('org.people.mobile'), dataIndex: 'mobile', width: 130 },
          {
            title: t('org.people.flags'),
            width: 170,
            render: (_, p) => (
              <Space size={4}>
                {p.isUnitHead && <Tag color="red">{t('org.people.headTag')}</Tag>}
                {p.isLiaison && <Tag color="blue">{t('org.people.liaisonTag')}</Tag>}
                {p.leaderOfUnitIds.length > 0 && <Tag color="gold">{t('org.people.leaderTag', { n: p.leaderOfUnitIds.length })}</Tag>}
              </Space>
            ),
          },
          { title: t('common.actions'), width: 80, render: (_, p) => <a onClick={() => open(p)}>{t('common.edit')}</a> },
        ]}
      />
      <Drawer
        title={editing === 'new' ? t('org.people.add') : t('org.people.edit')}
        open={editing !== null}
        onClose={closeEditor}
        width={560}
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
          <Space align="start" wrap>
            <Form.Item name="name" label={t('org.people.name')} rules={[{ required: true, message: t('org.people.nameRequired') }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="rank" label={t('org.people.rank')} rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={enumOptions('rank', RANKS)} />
            </Form.Item>
            <Form.Item name="title" label={t('org.people.jobTitle')}>
              <Input maxLength={60} />
            </Form.Item>
          </Space>
          <Form.Item name="unitId" label={t('org.people.ownUnit')} rules={[{ required: true, message: t('org.people.ownUnitRequired') }]}>
            <Select showSearch optionFilterProp="label" options={topUnits} onChange={() => form.setFieldValue('divisionId', null)} />
          </Form.Item>
          <Form.Item name="divisionId" label={t('org.people.division')}>
            <Select allowClear options={divisions} placeholder={divisions.length ? t('org.people.noDivision') : t('org.people.unitHasNoDivisions')} />
          </Form.Item>
          <Space align="start" wrap>
            <Form.Item name="mobile" label={t('org.people.mobile')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('org.people.mobileInvalid') }]}>
              <Input maxLength={11} />
            </Form.Item>
            <Form.Item name="email" label={t('org.people.email')} rules={[{ type: 'email', message: t('org.people.emailInvalid') }]}>
              <Input />
            </Form.Item>
          </Space>
          <Space align="start" wrap>
            <Form.Item name="wecomUserId" label={t('org.people.wecom')} extra={t('org.people.wecomHint')}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="dingtalkUserId" label={t('org.people.dingtalk')}>
              <Input maxLength={64} />
            </Form.Item>
          </Space>
          <Form.Item name="flags" label={t('org.people.flags')}>
            <Checkbox.Group
              options={[
                { value: 'isUnitHead', label: t('org.people.isUnitHead') },
                { value: 'isLiaison', label: t('org.people.isLiaison') },
              ]}
            />
          </Form.Item>
          <Form.Item name="leaderOfUnitIds" label={t('org.people.leaderOf')} extra={t('org.people.leaderOfHint')}>
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={topUnits} />
          </Form.Item>
          <Form.Item name="active" label={t('org.people.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
        {editing && editing !== 'new' && (
          <Card size="small" title={t('trace.title')}>
            <TraceTimeline entityType="person" entityId={editing.id} />
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
          void qc.invalidateQueries({ queryKey: ['people'] });
          void qc.invalidateQueries({ queryKey: ['units'] });
        }}
      />
    </Card>
  );
}
