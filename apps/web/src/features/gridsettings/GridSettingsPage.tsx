import { GRID_STAGES, GRID_URGENCIES, type LimitRow, type LimitVersionDetail, type LimitVersionView } from '@duban/shared';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../api/org';
import { applyServerErrors } from '../../components/formErrors';
import { formatTime } from '../../components/format';
import { labelOf } from '../../i18n/enumLabels';
import { useGridSettings, useLimitVersion, useLimitVersions, usePublishLimitVersion, useSaveGridSettings } from './api';
import './i18n';

const STATE_COLOUR: Record<LimitVersionView['state'], string> = { in_force: 'green', pending: 'blue', replaced: 'default' };
const STAGE_ORDER = new Map<string, number>(GRID_STAGES.map((s, i) => [s, i]));
const URGENCY_ORDER = new Map<string | null, number>([[null, 0], ...GRID_URGENCIES.map((u, i) => [u, i + 1] as const)]);

/** Rows in reading order: stage, then all categories before one, then urgency. */
function sortRows(rows: readonly LimitRow[]): LimitRow[] {
  return [...rows].sort(
    (a, b) =>
      (STAGE_ORDER.get(a.stage) ?? 0) - (STAGE_ORDER.get(b.stage) ?? 0) ||
      (a.categoryId ?? 0) - (b.categoryId ?? 0) ||
      (URGENCY_ORDER.get(a.urgency) ?? 0) - (URGENCY_ORDER.get(b.urgency) ?? 0),
  );
}

type SuperviseForm = { superviseEnabled: boolean; superviseWorkdays: number; superviseLeadUnitId: number | null };

function SuperviseCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data } = useGridSettings();
  const units = useUnits();
  const save = useSaveGridSettings();
  const [form] = Form.useForm<SuperviseForm>();
  useEffect(() => {
    if (data) form.setFieldsValue({ superviseEnabled: data.superviseEnabled, superviseWorkdays: data.superviseWorkdays, superviseLeadUnitId: data.superviseLeadUnitId });
  }, [data, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ superviseEnabled: v.superviseEnabled, superviseWorkdays: v.superviseWorkdays, superviseLeadUnitId: v.superviseLeadUnitId ?? null });
      message.success(t('gridSettings.supervise.saved'));
    } catch (err) {
      message.error(applyServerErrors(form, err));
    }
  };
  return (
    <Card title={t('gridSettings.supervise.title')} data-testid="grid-supervise">
      <Typography.Paragraph type="secondary">{t('gridSettings.supervise.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 560 }}>
        <Form.Item name="superviseEnabled" label={t('gridSettings.supervise.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="superviseWorkdays" label={t('gridSettings.supervise.workdays')} rules={[{ required: true, message: t('gridSettings.supervise.workdaysRequired') }]}>
          <InputNumber min={1} max={60} precision={0} addonAfter={t('gridSettings.supervise.workdaysUnit')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="superviseLeadUnitId" label={t('gridSettings.supervise.lead')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('gridSettings.supervise.leadPlaceholder')}
            options={(units.data ?? []).filter((u) => u.active && u.kind !== 'division').map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" onClick={() => void submit()} loading={save.isPending}>
            {t('common.save')}
          </Button>
          {data?.updatedAt ? <Typography.Text type="secondary">{t('gridSettings.supervise.updatedAt', { at: formatTime(data.updatedAt) })}</Typography.Text> : null}
        </Space>
      </Form>
    </Card>
  );
}

type VersionForm = { when: 'now' | 'date'; date?: Dayjs; note?: string; rows: LimitRow[] };

function PublishModal({ base, onClose }: { base: LimitVersionDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const publish = usePublishLimitVersion();
  const [form] = Form.useForm<VersionForm>();
  const when = Form.useWatch('when', form);
  const categoryOptions = [{ value: 0, label: t('gridSettings.limits.allCategories') }, ...base.categories.map((c) => ({ value: c.id, label: c.parentId === null ? c.name : `\u3000${c.name}` }))];
  const submit = async () => {
    const v = await form.validateFields();
    const effectiveFrom = v.when === 'now' ? new Date().toISOString() : `${(v.date ?? dayjs()).format('YYYY-MM-DD')}T00:00:00+08:00`;
    try {
      await publish.mutateAsync({
        effectiveFrom,
        note: v.note ?? '',
        rows: v.rows.map((r) => ({ categoryId: r.categoryId || null, urgency: r.urgency ?? null, stage: r.stage, amount: Number(r.amount), unit: r.unit })),
      });
      message.success(t('gridSettings.limits.published'));
      onClose();
    } catch (err) {
      // The server names the row and field ("时限表 第 3 项 时限：时限须大于 0").
      message.error(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Modal open width={980} title={t('gridSettings.limits.editTitle')} onCancel={onClose} onOk={() => void submit()} okText={t('gridSettings.limits.publish')} confirmLoading={publish.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ when: 'date', date: dayjs().add(1, 'day'), note: '', rows: sortRows(base.rows).map((r) => ({ ...r, categoryId: r.categoryId ?? 0 })) }} data-testid="limit-version-form">
        <Space wrap align="start">
          <Form.Item name="when" label={t('gridSettings.limits.effectiveFrom')}>
            <Radio.Group options={[{ value: 'date', label: t('gridSettings.limits.fromDate') }, { value: 'now', label: t('gridSettings.limits.now') }]} />
          </Form.Item>
          {when !== 'now' ? (
            <Form.Item name="date" label={t('gridSettings.limits.date')} rules={[{ required: true, message: t('gridSettings.limits.dateRequired') }]}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day')} />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('gridSettings.limits.note')} style={{ minWidth: 360 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Space>
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                scroll={{ y: 420 }}
                rowKey="key"
                dataSource={fields}
                columns={[
                  {
                    title: t('gridSettings.limits.stage'),
                    width: 150,
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'stage']} style={{ margin: 0 }}>
                        <Select options={GRID_STAGES.map((s) => ({ value: s, label: t(`gridSettings.stage.${s}`) }))} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('gridSettings.limits.category'),
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'categoryId']} style={{ margin: 0 }}>
                        <Select showSearch optionFilterProp="label" options={categoryOptions} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('gridSettings.limits.urgency'),
                    width: 130,
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'urgency']} style={{ margin: 0 }}>
                        <Select allowClear placeholder={t('gridSettings.limits.allUrgencies')} options={GRID_URGENCIES.map((u) => ({ value: u, label: labelOf('gridUrgency', u) }))} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('gridSettings.limits.amount'),
                    width: 120,
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'amount']} style={{ margin: 0 }} rules={[{ required: true, message: t('gridSettings.limits.amountRequired') }]}>
                        <InputNumber min={0.5} max={9999} step={0.5} aria-label={t('gridSettings.limits.amount')} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('gridSettings.limits.unit'),
                    width: 120,
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'unit']} style={{ margin: 0 }}>
                        <Select options={[{ value: 'hour', label: t('gridSettings.limits.hour') }, { value: 'day', label: t('gridSettings.limits.day') }]} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: '',
                    width: 70,
                    render: (_: unknown, f) => (
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('gridSettings.limits.remove')}
                      </Button>
                    ),
                  },
                ]}
              />
              <Button style={{ marginTop: 8 }} onClick={() => add({ stage: 'handle', categoryId: 0, urgency: null, amount: 1, unit: 'day' })}>
                {t('gridSettings.limits.addRow')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function LimitsCard() {
  const { t } = useTranslation();
  const versions = useLimitVersions();
  const [picked, setPicked] = useState<number | null>(null);
  const current = picked ?? versions.data?.find((v) => v.state === 'in_force')?.id ?? null;
  const detail = useLimitVersion(current);
  const [editing, setEditing] = useState(false);
  const catName = useMemo(() => new Map((detail.data?.categories ?? []).map((c) => [c.id, c.name])), [detail.data]);
  const unitText = (r: LimitRow) => `${r.amount} ${t(`gridSettings.limits.${r.unit}`)}`;
  return (
    <Card title={t('gridSettings.limits.title')} data-testid="grid-limits">
      <Alert type="info" showIcon title={t('gridSettings.limits.help')} style={{ marginBottom: 16 }} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={versions.isLoading}
        dataSource={versions.data ?? []}
        rowClassName={(v) => (v.id === current ? 'ant-table-row-selected' : '')}
        onRow={(v) => ({ onClick: () => setPicked(v.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: t('gridSettings.limits.effectiveFrom'), dataIndex: 'effectiveFrom', render: (v: string) => formatTime(v) },
          { title: t('gridSettings.limits.state'), dataIndex: 'state', render: (s: LimitVersionView['state']) => <Tag color={STATE_COLOUR[s]}>{t(`gridSettings.limits.states.${s}`)}</Tag> },
          { title: t('gridSettings.limits.note'), dataIndex: 'note' },
          { title: t('gridSettings.limits.createdBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
          { title: t('gridSettings.limits.rowCount'), dataIndex: 'rowCount', width: 90 },
        ]}
      />
      {detail.data ? (
        <div style={{ marginTop: 16 }}>
          <Space style={{ marginBottom: 8 }} wrap>
            <Typography.Text strong>{t('gridSettings.limits.showing', { id: detail.data.id, state: t(`gridSettings.limits.states.${detail.data.state}`) })}</Typography.Text>
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('gridSettings.limits.newVersion')}
            </Button>
          </Space>
          <Table
            size="small"
            pagination={false}
            scroll={{ y: 360 }}
            rowKey={(r) => `${r.stage}|${r.categoryId ?? '*'}|${r.urgency ?? '*'}`}
            dataSource={sortRows(detail.data.rows)}
            columns={[
              { title: t('gridSettings.limits.stage'), dataIndex: 'stage', render: (s: string) => t(`gridSettings.stage.${s}`) },
              { title: t('gridSettings.limits.category'), dataIndex: 'categoryId', render: (c: number | null) => (c === null ? t('gridSettings.limits.allCategories') : (catName.get(c) ?? `#${c}`)) },
              { title: t('gridSettings.limits.urgency'), dataIndex: 'urgency', render: (u: (typeof GRID_URGENCIES)[number] | null) => (u === null ? t('gridSettings.limits.allUrgencies') : labelOf('gridUrgency', u)) },
              { title: t('gridSettings.limits.amount'), render: (_: unknown, r: LimitRow) => unitText(r) },
            ]}
          />
        </div>
      ) : null}
      {editing && detail.data ? <PublishModal base={detail.data} onClose={() => setEditing(false)} /> : null}
    </Card>
  );
}

/** 网格设置 (督查办, system administrator): when stuck problems become supervised matters, and the time-limit tables. */
export function GridSettingsPage() {
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <SuperviseCard />
      <LimitsCard />
    </Space>
  );
}
