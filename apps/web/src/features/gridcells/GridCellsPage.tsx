import { ApartmentOutlined, GlobalOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { GRID_DUTIES, GRID_DUTY_LABELS, type GridCellDetail, type GridCellView, type GridDuty, type GridLevelView, type PersonView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, List, Modal, Popconfirm, Row, Select, Space, Table, Tag, Timeline, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import type dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useSearchParams } from 'react-router';
import { get, post, put, qs } from '../../api/client';
import { fetchGridChildren, useGridCell, useGridCells, useGridLevels } from '../../api/gridCells';
import { useUnits } from '../../api/org';
import { EChart } from '../../charts/EChart';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { ImportModal } from '../org/ImportModal';
import { gridMapOption } from './gridMapOption';

type Editor = { mode: 'create'; parent: GridCellDetail | null } | { mode: 'edit'; cell: GridCellDetail };
type EditValues = { code: string; name: string; unitId?: number | null; polygon?: string; validFrom?: dayjs.Dayjs };

const areaText = (m2: number | null, t: TFunction) => (m2 === null ? '—' : m2 >= 100_000 ? t('gridCells.cells.km2', { n: (m2 / 1e6).toFixed(2) }) : t('gridCells.cells.m2', { n: Math.round(m2) }));

/**
 * 网格管理: the grid tree (lazy, by level), a cell's details, staff and versions; add, edit (a new outline or code
 * opens a new version), close, appoint and end staff; import the tree and staff from Excel and outlines from GeoJSON.
 */
export function GridCellsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('cell') ? Number(params.get('cell')) : null;
  const select = (id: number | null) => setParams(id === null ? {} : { cell: String(id) });
  const [children, setChildren] = useState<Map<string, GridCellView[]>>(new Map());
  const [q, setQ] = useState('');
  const { data: found } = useGridCells(null, q || undefined);
  const { data: levels = [] } = useGridLevels();
  const { data: cell } = useGridCell(selected);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [importing, setImporting] = useState<'tree' | 'polygons' | null>(null);
  const [levelsOpen, setLevelsOpen] = useState(false);

  const load = useCallback(async (parentId: number | null) => {
    const items = await fetchGridChildren(parentId);
    setChildren((m) => new Map(m).set(String(parentId), items));
  }, []);
  useEffect(() => {
    void load(null);
  }, [load]);
  const refresh = async (parentIds: (number | null)[]) => {
    await Promise.all([...new Set(parentIds)].map(load));
    await qc.invalidateQueries({ queryKey: ['grid'] });
  };

  const tree = useMemo(() => {
    const build = (parentId: number | null): DataNode[] | undefined =>
      children.get(String(parentId))?.map((c) => ({
        key: c.id,
        title: (
          <span>
            {c.name} <Typography.Text type="secondary">{c.code}</Typography.Text>
            {!c.hasPolygon && <Tag style={{ marginLeft: 6 }}>{t('gridCells.cells.noPolygon')}</Tag>}
          </span>
        ),
        isLeaf: c.children === 0,
        children: build(c.id),
      }));
    return build(null) ?? [];
  }, [children, t]);
  const levelName = (l: number) => levels.find((x) => x.level === l)?.name ?? String(l);

  return (
    <Card
      title={t('gridCells.cells.title')}
      data-testid="grid-cells-page"
      extra={
        <Space wrap>
          <Button icon={<ApartmentOutlined />} onClick={() => setLevelsOpen(true)}>
            {t('gridCells.cells.levels')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting('tree')}>
            {t('gridCells.cells.importTree')}
          </Button>
          <Button icon={<GlobalOutlined />} onClick={() => setImporting('polygons')}>
            {t('gridCells.cells.importPolygons')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parent: null })}>
            {t('gridCells.cells.addRoot')}
          </Button>
        </Space>
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Input.Search allowClear placeholder={t('gridCells.cells.search')} onSearch={setQ} style={{ marginBottom: 12 }} />
          {q ? (
            <List
              size="small"
              dataSource={found ?? []}
              renderItem={(c) => (
                <List.Item onClick={() => select(c.id)} style={{ cursor: 'pointer' }}>
                  {c.name} <Typography.Text type="secondary">{c.code}</Typography.Text>
                </List.Item>
              )}
            />
          ) : (
            <Tree
              data-testid="grid-tree"
              treeData={tree}
              height={640}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => keys[0] !== undefined && select(Number(keys[0]))}
              loadData={async (node) => {
                if (!children.has(String(node.key))) await load(Number(node.key));
              }}
            />
          )}
        </Col>
        <Col xs={24} lg={15}>
          {cell ? (
            <CellPanel
              cell={cell}
              levelName={levelName}
              onEdit={() => setEditor({ mode: 'edit', cell })}
              onAddChild={() => setEditor({ mode: 'create', parent: cell })}
              onChanged={async (id) => {
                await refresh([cell.parentId]);
                if (id !== undefined) select(id);
              }}
            />
          ) : (
            <Empty description={t('gridCells.cells.noSelection')} />
          )}
        </Col>
      </Row>
      <CellEditor
        editor={editor}
        levelName={levelName}
        onClose={() => setEditor(null)}
        onSaved={async (saved) => {
          setEditor(null);
          await refresh([saved.parentId, ...(editor?.mode === 'edit' ? [editor.cell.parentId] : [])]);
          select(saved.id);
        }}
      />
      <LevelsModal open={levelsOpen} levels={levels} onClose={() => setLevelsOpen(false)} onSaved={() => qc.invalidateQueries({ queryKey: ['grid', 'levels'] })} />
      <ImportModal<{ cells: { created: number; updated: number }; staff: { added: number; unchanged: number } }>
        open={importing === 'tree'}
        title={t('gridCells.cells.importTree')}
        templateUrl="/api/grid/import/template.xlsx"
        uploadUrl="/api/grid/import"
        onClose={() => setImporting(null)}
        onDone={() => {
          setImporting(null);
          setChildren(new Map());
          void refresh([null]);
        }}
        describe={(r) => t('gridCells.cells.importedTree', { created: r.cells.created, updated: r.cells.updated, added: r.staff.added, unchanged: r.staff.unchanged })}
      />
      <ImportModal<{ updated: number; redrawn: number; unchanged: number }>
        open={importing === 'polygons'}
        title={t('gridCells.cells.importPolygons')}
        uploadUrl="/api/grid/import/polygons"
        accept=".geojson,.json"
        help={t('gridCells.cells.polygonsHelp')}
        onClose={() => setImporting(null)}
        onDone={() => {
          setImporting(null);
          setChildren(new Map());
          void refresh([null]);
        }}
        describe={(r) => t('gridCells.cells.importedPolygons', r)}
      />
    </Card>
  );
}

function CellPanel({ cell, levelName, onEdit, onAddChild, onChanged }: { cell: GridCellDetail; levelName: (l: number) => string; onEdit: () => void; onAddChild: () => void; onChanged: (id?: number) => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [closeForm] = Form.useForm<{ reason: string }>();
  const current = cell.validTo === null;
  const outline = useMemo(
    () => (cell.polygon ? gridMapOption(`cell-${cell.id}`, [{ id: cell.id, code: cell.code, name: cell.name, level: cell.level, children: 0, polygon: cell.polygon, open: 0, overdue: 0, leaderName: null }], { openLabel: '', leaderLabel: '', low: '', high: '', legend: false }) : null),
    [cell],
  );
  const act = async (fn: () => Promise<unknown>, id?: number) => {
    try {
      await fn();
      message.success(t('common.saved'));
      await onChanged(id);
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="grid-cell-panel">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {cell.path.map((p) => p.name).join(' › ')} {!current && <Tag>{t('gridCells.cells.closed')}</Tag>}
        </Typography.Title>
        {current && (
          <Space>
            <Button onClick={onEdit}>{t('gridCells.cells.edit')}</Button>
            {cell.nextChildCode && <Button onClick={onAddChild}>{t('gridCells.cells.addChild')}</Button>}
            <Popconfirm
              title={t('gridCells.cells.closeTitle', { name: cell.name })}
              description={
                <Form form={closeForm} layout="vertical" style={{ width: 260 }}>
                  <Form.Item name="reason" label={t('gridCells.cells.closeReason')} rules={[{ required: true }]}>
                    <Input />
                  </Form.Item>
                </Form>
              }
              onConfirm={async () => {
                const v = await closeForm.validateFields();
                await act(() => post(`/api/grid/cells/${cell.id}/close`, v));
              }}
            >
              <Button danger>{t('gridCells.cells.close')}</Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      <Row gutter={12}>
        <Col xs={24} md={outline ? 14 : 24}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('gridCells.cells.code')}>{cell.code}</Descriptions.Item>
            <Descriptions.Item label={t('gridCells.cells.level')}>{levelName(cell.level)}</Descriptions.Item>
            <Descriptions.Item label={t('gridCells.cells.unit')}>{cell.unitName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('gridCells.cells.area')}>{cell.hasPolygon ? areaText(cell.areaM2, t) : t('gridCells.cells.noPolygon')}</Descriptions.Item>
            <Descriptions.Item label={t('gridCells.cells.validFrom')}>
              {cell.validFrom}
              {cell.validTo && ` ～ ${cell.validTo}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('gridCells.cells.children')}>{cell.children}</Descriptions.Item>
          </Descriptions>
        </Col>
        {outline && (
          <Col xs={24} md={10}>
            <EChart option={outline} style={{ height: 230 }} />
          </Col>
        )}
      </Row>
      <StaffCard cell={cell} act={act} />
      <Card size="small" title={t('gridCells.cells.history')}>
        <Timeline
          items={cell.history.map((h) => ({
            color: h.validTo === null ? 'green' : 'gray',
            children: (
              <span>
                {h.validFrom} ～ {h.validTo ?? t('gridCells.cells.current')} · {h.name} · {h.code} · {areaText(h.areaM2, t)}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

function StaffCard({ cell, act }: { cell: GridCellDetail; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ personId: number; duty: GridDuty }>();
  const [people, setPeople] = useState<{ value: number; label: string }[]>([]);
  const search = async (text: string) => {
    if (!text) return;
    const res = await get<{ items: PersonView[] }>(`/api/people${qs({ q: text })}`);
    setPeople(res.items.slice(0, 30).map((p) => ({ value: p.id, label: `${p.name}（${[p.unitName, p.title].filter(Boolean).join(' ')}）` })));
  };
  const current = cell.staff.filter((s) => s.validTo === null);
  return (
    <Card size="small" title={t('gridCells.cells.staff')}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={cell.validTo === null ? current : cell.staff}
        data-testid="grid-cell-staff"
        columns={[
          { title: t('gridCells.cells.duty'), dataIndex: 'dutyLabel', width: 80, render: (v: string, s) => <Tag color={s.duty === 'leader' ? 'red' : s.duty === 'supervisor' ? 'purple' : 'blue'}>{v}</Tag> },
          { title: t('gridCells.cells.person'), dataIndex: 'name', render: (v: string, s) => `${v}${s.unitName ? `（${s.unitName}${s.title ? ` ${s.title}` : ''}）` : ''}` },
          { title: t('gridCells.cells.validFrom'), dataIndex: 'validFrom', width: 100 },
          {
            key: 'end',
            width: 70,
            render: (_, s) =>
              s.validTo === null && (
                <Popconfirm title={t('gridCells.cells.endStaffConfirm', { name: s.name })} onConfirm={() => act(() => post(`/api/grid/staff/${s.id}/end`, {}))}>
                  <a>{t('gridCells.cells.endStaff')}</a>
                </Popconfirm>
              ),
          },
        ]}
      />
      {cell.validTo === null && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12 }}
          initialValues={{ duty: 'member' }}
          onFinish={async (v) => {
            await act(() => post(`/api/grid/cells/${cell.id}/staff`, v));
            form.resetFields();
          }}
        >
          <Form.Item name="personId" rules={[{ required: true, message: t('gridCells.cells.person') }]}>
            <Select showSearch filterOption={false} onSearch={(s) => void search(s)} options={people} placeholder={t('gridCells.cells.person')} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="duty">
            <Select style={{ width: 110 }} options={GRID_DUTIES.map((d) => ({ value: d, label: GRID_DUTY_LABELS[d] }))} />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />}>
            {t('gridCells.cells.addStaff')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function CellEditor({ editor, levelName, onClose, onSaved }: { editor: Editor | null; levelName: (l: number) => string; onClose: () => void; onSaved: (cell: GridCellDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const { data: units = [] } = useUnits();
  const [error, setError] = useState<string | null>(null);
  const close = useConfirmClose(form, onClose);
  const level = editor?.mode === 'edit' ? editor.cell.level : (editor?.parent?.level ?? 0) + 1;
  useEffect(() => {
    if (!editor) return;
    setError(null);
    form.resetFields();
    if (editor.mode === 'edit') {
      const c = editor.cell;
      form.setFieldsValue({ code: c.code, name: c.name, unitId: c.unitId, polygon: c.polygon ? JSON.stringify(c.polygon) : '' });
    } else form.setFieldsValue({ code: editor.parent?.nextChildCode ?? '', name: '', unitId: null, polygon: '' });
  }, [editor, form]);
  const save = async () => {
    const v = await form.validateFields();
    let polygon: unknown = undefined;
    if (v.polygon?.trim()) {
      try {
        polygon = JSON.parse(v.polygon);
      } catch {
        form.setFields([{ name: 'polygon', errors: [t('gridCells.cells.polygonBad')] }]);
        return;
      }
    } else if (editor?.mode === 'edit' && editor.cell.polygon) polygon = null;
    const body = { code: v.code.trim(), name: v.name, unitId: v.unitId ?? null, ...(polygon !== undefined ? { polygon } : {}), ...(v.validFrom ? { validFrom: v.validFrom.format('YYYY-MM-DD') } : {}) };
    try {
      const saved =
        editor?.mode === 'edit'
          ? await put<GridCellDetail>(`/api/grid/cells/${editor.cell.id}`, body)
          : await post<GridCellDetail>('/api/grid/cells', { ...body, level, parentId: editor?.parent?.id ?? null });
      onSaved(saved);
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };
  return (
    <Drawer
      open={!!editor}
      onClose={close}
      width={560}
      destroyOnHidden
      title={editor?.mode === 'edit' ? `${t('gridCells.cells.edit')} · ${editor.cell.name}` : `${t('gridCells.cells.addChild')} · ${levelName(level)}`}
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} data-testid="grid-cell-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {editor?.mode === 'create' && editor.parent?.nextChildCode && <Typography.Paragraph type="secondary">{t('gridCells.cells.nextCode', { code: editor.parent.nextChildCode })}</Typography.Paragraph>}
        <Form.Item name="code" label={t('gridCells.cells.code')} rules={[{ required: true }]}>
          <Input maxLength={21} />
        </Form.Item>
        <Form.Item name="name" label={t('gridCells.cells.name')} rules={[{ required: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="unitId" label={t('gridCells.cells.unit')}>
          <Select allowClear showSearch optionFilterProp="label" options={units.filter((u) => u.kind !== 'division').map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="polygon" label={t('gridCells.cells.polygon')} extra={t('gridCells.cells.polygonHelp')}>
          <Input.TextArea rows={6} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
        <Form.Item name="validFrom" label={t('gridCells.cells.validFrom')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function LevelsModal({ open, levels, onClose, onSaved }: { open: boolean; levels: GridLevelView[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ names: string[] }>();
  const close = useConfirmClose(form, onClose);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) form.setFieldsValue({ names: levels.map((l) => l.name) });
  }, [open, levels, form]);
  return (
    <Modal
      open={open}
      title={t('gridCells.cells.levels')}
      onCancel={close}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await put('/api/grid/levels', { levels: v.names.map((name, i) => ({ level: i + 1, name })) });
          message.success(t('gridCells.cells.levelsSaved'));
          onSaved();
          onClose();
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.List name="names">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline">
                  <Form.Item {...f} label={`${i + 1}`} rules={[{ required: true }]}>
                    <Input style={{ width: 240 }} maxLength={20} />
                  </Form.Item>
                  {i === fields.length - 1 && i > 0 && <a onClick={() => remove(f.name)}>{t('common.delete')}</a>}
                </Space>
              ))}
              {fields.length < 5 && (
                <Button type="dashed" onClick={() => add('')} icon={<PlusOutlined />}>
                  {t('common.add')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
