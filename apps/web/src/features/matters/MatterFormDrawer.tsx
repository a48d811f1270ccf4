import { MATTER_SOURCE_LABELS, MATTER_SOURCES, PRIORITIES, PRIORITY_LABELS, REPORT_CADENCE_LABELS, REPORT_CADENCES, type MatterDetail } from '@duban/shared';
import { Alert, App, Button, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { attachToMatter, useRefreshMatters } from '../../api/matters';
import { applyServerErrors } from '../../components/formErrors';
import { AttachmentUpload } from './AttachmentUpload';
import { toMatterBody, type MatterFormValues } from './matterBody';
import { MilestonesEditor } from './MilestonesEditor';
import { CategorySelect, PersonSelect, UnitSelect, UnitsSelect } from './pickers';

function initialValues(m: MatterDetail | undefined, parent: MatterDetail | undefined): Partial<MatterFormValues> {
  if (!m) {
    return {
      source: parent?.source ?? 'key_work',
      categoryId: parent?.categoryId ?? undefined,
      startDate: dayjs(),
      deadlineMode: 'date',
      deadline: parent ? dayjs(parent.deadline) : undefined,
      reportCadence: 'weekly',
      priority: 'normal',
      difficulty: 1,
      workload: 1,
      weight: 1,
      coUnitIds: [],
      handlerIds: [],
      milestones: [],
      attachmentIds: [],
    };
  }
  return {
    title: m.title,
    content: m.content,
    source: m.source,
    sourceDoc: m.sourceDoc,
    categoryId: m.categoryId,
    leadLeaderId: m.leadLeaderId,
    leadUnitId: m.leadUnitId,
    coUnitIds: m.units.filter((u) => u.role === 'co').map((u) => u.unitId),
    handlerIds: [...new Set(m.units.flatMap((u) => u.handlers.map((h) => h.personId)))],
    startDate: dayjs(m.startDate),
    deadlineMode: m.deadlineWorkdays ? 'workdays' : 'date',
    deadline: dayjs(m.originalDeadline),
    deadlineWorkdays: m.deadlineWorkdays,
    milestones: m.milestones.map((x) => ({ date: dayjs(x.date), plannedProgress: x.plannedProgress, description: x.description })),
    reportCadence: m.reportCadence,
    priority: m.priority,
    difficulty: m.difficulty,
    workload: m.workload,
    weight: m.weight,
    investmentPlan: m.investmentPlan,
    attachmentIds: [],
  };
}

/**
 * 登记 / 修改 / 分解: one form for a new matter, an edit (with the version read) and a sub-matter
 * of `parent`. Server field errors land under their inputs.
 */
export function MatterFormDrawer({ open, matter, parent, onClose, onSaved }: { open: boolean; matter?: MatterDetail; parent?: MatterDetail; onClose: () => void; onSaved: (m: { id: number }) => void }) {
  const { message } = App.useApp();
  const refresh = useRefreshMatters();
  const [form] = Form.useForm<MatterFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('deadlineMode', form);
  const leadUnitId = Form.useWatch('leadUnitId', form);
  const coUnitIds = Form.useWatch('coUnitIds', form) ?? [];

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(initialValues(matter, parent));
  }, [open, matter, parent, form]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body = toMatterBody(v);
      const saved = matter
        ? await api<{ id: number }>('PUT', `/api/matters/${matter.id}`, { ...body, version: matter.version })
        : parent
          ? await api<{ id: number }>('POST', `/api/matters/${parent.id}/children`, body)
          : await api<{ id: number }>('POST', '/api/matters', body);
      if (v.attachmentIds?.length) await attachToMatter(saved.id, v.attachmentIds);
      message.success(matter ? '已保存' : parent ? '子事项已分解' : '事项已登记');
      void refresh();
      onSaved(saved);
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const title = matter ? `修改事项 ${matter.number}` : parent ? `分解子事项 · ${parent.title}` : '登记督办事项';
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      size="large"
      styles={{ wrapper: { width: 'min(760px, 100vw)' } }}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="matter-save">
            保存
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="matter-form-error" />}
      <Form form={form} layout="vertical" requiredMark="optional" data-testid="matter-form">
        <Form.Item name="title" label="事项标题" rules={[{ required: true, message: '请填写事项标题' }, { max: 200 }]}>
          <Input placeholder="如：完成大学路沿线老旧小区改造" />
        </Form.Item>
        <Form.Item name="content" label="事项内容">
          <Input.TextArea rows={4} placeholder="工作要求、目标、标准" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
              <Select options={MATTER_SOURCES.map((s) => ({ value: s, label: MATTER_SOURCE_LABELS[s] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="sourceDoc" label="来源文件 / 批示">
              <Input placeholder="如：郑政督〔2026〕12号、领导批示件" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="categoryId" label="类别">
              <CategorySelect allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="leadLeaderId" label="牵头领导">
              <PersonSelect allowClear leadersFirst />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="leadUnitId" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
              <UnitSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="coUnitIds" label="配合单位">
              <UnitsSelect allowClear />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="handlerIds" label="承办人" extra="可选牵头单位和配合单位的人员；也可由单位签收后自行指定">
          <PersonSelect multiple allowClear unitIds={[leadUnitId, ...coUnitIds].filter((x): x is number => typeof x === 'number')} disabled={!leadUnitId} placeholder={leadUnitId ? '选择人员' : '请先选择牵头单位'} />
        </Form.Item>
        <Divider titlePlacement="start">时限与节点</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="startDate" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label="办理时限" required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="deadlineMode" noStyle>
                  <Radio.Group optionType="button" options={[{ value: 'date', label: '截止日期' }, { value: 'workdays', label: '工作日' }]} />
                </Form.Item>
                {mode === 'workdays' ? (
                  <Form.Item name="deadlineWorkdays" noStyle rules={[{ required: true, message: '请填写工作日数' }]}>
                    <InputNumber min={1} max={1000} precision={0} suffix="个工作日" style={{ width: 200 }} placeholder="如 15" />
                  </Form.Item>
                ) : (
                  <Form.Item name="deadline" noStyle rules={[{ required: true, message: '请选择截止日期' }]}>
                    <DatePicker style={{ width: 200 }} placeholder="截止日期" />
                  </Form.Item>
                )}
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="节点（日期 + 计划进度）" extra="按节点检查进度是否滞后；不设节点时按开始到时限均匀推进">
          <MilestonesEditor />
        </Form.Item>
        <Divider titlePlacement="start">汇报与考核</Divider>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="reportCadence" label="汇报频次">
              <Select options={REPORT_CADENCES.map((c) => ({ value: c, label: REPORT_CADENCE_LABELS[c] }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="priority" label="优先级">
              <Select options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="difficulty" label="难度系数">
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="workload" label="工作量系数">
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="weight" label="权重">
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="investmentPlan" label="计划投资（万元，项目类）">
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="attachmentIds" label="附件" valuePropName="value">
          <AttachmentUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
