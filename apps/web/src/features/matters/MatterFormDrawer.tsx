import { MATTER_SOURCES, PRIORITIES, REPORT_CADENCES, type MatterDetail } from '@duban/shared';
import { Alert, App, Button, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { api } from '../../api/client';
import { attachToMatter, useRefreshMatters } from '../../api/matters';
import { draftKey, dropDraft, readDraft, writeDraft } from '../../components/drafts';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { AttachmentUpload } from './AttachmentUpload';
import { toMatterBody, type MatterFormValues } from './matterBody';
import { MilestonesEditor } from './MilestonesEditor';
import { fromDraft, toDraft } from './registrationDraft';
import { CategorySelect, PersonSelect, UnitSelect, UnitsSelect } from './pickers';
import { enumOptions } from '../../i18n/enumLabels';

/** The deadline an approved extension set, when one was approved: edits must then give a reason to move it. */
function extendedTo(m: MatterDetail | undefined): string | null {
  return m?.extensions.some((e) => e.status === 'approved') ? m.deadline : null;
}

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
    // The current (possibly extended) deadline: filling in the original one undid approved extensions.
    deadlineMode: m.deadlineWorkdays && !extendedTo(m) ? 'workdays' : 'date',
    deadline: dayjs(m.deadline),
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
 * of `parent`. Server field errors land under their inputs. Closing with unsaved input asks first; a new
 * registration is also kept as a draft in the browser while it is typed, restored when the drawer opens again
 * and dropped once it is saved.
 */
export function MatterFormDrawer({ open, matter, parent, onClose, onSaved }: { open: boolean; matter?: MatterDetail; parent?: MatterDetail; onClose: () => void; onSaved: (m: { id: number }) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshMatters();
  const [form] = Form.useForm<MatterFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('deadlineMode', form);
  const leadUnitId = Form.useWatch('leadUnitId', form);
  const coUnitIds = Form.useWatch('coUnitIds', form) ?? [];
  const { data: me } = useMe();
  const registering = !matter && !parent;
  const key = draftKey('register', me?.accountId);
  // When the form holds a draft restored from an earlier, unfinished registration: its time.
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const requestClose = useConfirmClose(() => form.isFieldsTouched() || restoredAt !== null, onClose, registering ? t('matters.form.draftKept') : undefined);
  const deadline = Form.useWatch('deadline', form);
  const extended = extendedTo(matter);
  const movesExtended = extended !== null && (mode === 'workdays' || (deadline != null && deadline.format('YYYY-MM-DD') !== extended));

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(initialValues(matter, parent));
    const draft = registering ? fromDraft(readDraft(key)) : null;
    if (draft) form.setFields(Object.entries(draft.values).map(([name, value]) => ({ name, value })));
    setRestoredAt(draft?.savedAt ?? null);
  }, [open, matter, parent, form, registering, key]);

  const keepDraft = () => {
    if (registering) writeDraft(key, toDraft(form.getFieldsValue(true), new Date()));
  };
  const clearDraft = () => {
    dropDraft(key);
    setRestoredAt(null);
    form.resetFields();
    form.setFieldsValue(initialValues(matter, parent));
  };

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body = toMatterBody(v);
      const saved = matter
        ? await api<{ id: number }>('PUT', `/api/matters/${matter.id}`, { ...body, version: matter.version, deadlineChangeReason: movesExtended ? v.deadlineChangeReason : null })
        : parent
          ? await api<{ id: number }>('POST', `/api/matters/${parent.id}/children`, body)
          : await api<{ id: number }>('POST', '/api/matters', body);
      if (registering) dropDraft(key);
      if (v.attachmentIds?.length) await attachToMatter(saved.id, v.attachmentIds);
      message.success(matter ? t('common.saved') : parent ? t('matters.form.decomposed') : t('matters.form.registered'));
      void refresh();
      onSaved(saved);
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const title = matter ? t('matters.form.editTitle', { number: matter.number }) : parent ? t('matters.form.decomposeTitle', { title: parent.title }) : t('matters.form.registerTitle');
  return (
    <Drawer
      title={title}
      open={open}
      onClose={requestClose}
      size="large"
      styles={{ wrapper: { width: 'min(760px, 100vw)' } }}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={requestClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="matter-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="matter-form-error" />}
      {restoredAt && (
        <Alert
          type="info"
          showIcon
          title={t('matters.form.draftRestored', { time: dayjs(restoredAt).format('YYYY-MM-DD HH:mm') })}
          action={
            <Button size="small" onClick={clearDraft} data-testid="draft-clear">
              {t('matters.form.draftClear')}
            </Button>
          }
          style={{ marginBottom: 16 }}
          data-testid="draft-restored"
        />
      )}
      <Form form={form} layout="vertical" requiredMark="optional" data-testid="matter-form" onValuesChange={keepDraft}>
        <Form.Item name="title" label={t('matters.form.title')} rules={[{ required: true, message: t('matters.form.titleRequired') }, { max: 200 }]}>
          <Input placeholder={t('matters.form.titleHint')} />
        </Form.Item>
        <Form.Item name="content" label={t('matters.form.content')}>
          <Input.TextArea rows={4} placeholder={t('matters.form.contentHint')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="source" label={t('matters.form.source')} rules={[{ required: true, message: t('matters.form.sourceRequired') }]}>
              <Select options={enumOptions('source', MATTER_SOURCES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="sourceDoc" label={t('matters.form.sourceDoc')}>
              <Input placeholder={t('matters.form.sourceDocHint')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="categoryId" label={t('matters.form.category')}>
              <CategorySelect allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="leadLeaderId" label={t('matters.form.leader')}>
              <PersonSelect allowClear leadersFirst />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="leadUnitId" label={t('matters.form.leadUnit')} rules={[{ required: true, message: t('matters.form.leadUnitRequired') }]}>
              <UnitSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="coUnitIds" label={t('matters.form.coUnits')}>
              <UnitsSelect allowClear />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="handlerIds" label={t('matters.form.handlers')} extra={t('matters.form.handlersHint')}>
          <PersonSelect multiple allowClear unitIds={[leadUnitId, ...coUnitIds].filter((x): x is number => typeof x === 'number')} disabled={!leadUnitId} placeholder={leadUnitId ? t('matters.form.choosePeople') : t('matters.form.leadUnitFirst')} />
        </Form.Item>
        <Divider titlePlacement="start">{t('matters.form.deadlineSection')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="startDate" label={t('matters.form.startDate')} rules={[{ required: true, message: t('matters.form.startDateRequired') }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('matters.form.deadline')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="deadlineMode" noStyle>
                  <Radio.Group optionType="button" options={[{ value: 'date', label: t('matters.form.dueDate') }, { value: 'workdays', label: t('matters.form.workdays') }]} />
                </Form.Item>
                {mode === 'workdays' ? (
                  <Form.Item name="deadlineWorkdays" noStyle rules={[{ required: true, message: t('matters.form.workdaysRequired') }]}>
                    <InputNumber min={1} max={1000} precision={0} suffix={t('matters.form.workdaysSuffix')} style={{ width: 200 }} placeholder={t('matters.form.workdaysHint')} />
                  </Form.Item>
                ) : (
                  <Form.Item name="deadline" noStyle rules={[{ required: true, message: t('matters.form.dueDateRequired') }]}>
                    <DatePicker style={{ width: 200 }} placeholder={t('matters.form.dueDate')} />
                  </Form.Item>
                )}
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
        {movesExtended && (
          <Form.Item
            name="deadlineChangeReason"
            label={t('matters.form.deadlineChangeReason')}
            extra={t('matters.form.deadlineChangeReasonHint', { date: extended })}
            rules={[{ required: true, whitespace: true, message: t('matters.form.deadlineChangeReasonRequired') }, { max: 500 }]}
          >
            <Input.TextArea rows={2} data-testid="deadline-change-reason" />
          </Form.Item>
        )}
        <Form.Item label={t('matters.form.milestones')} extra={t('matters.form.milestonesHint')}>
          <MilestonesEditor />
        </Form.Item>
        <Divider titlePlacement="start">{t('matters.form.assessSection')}</Divider>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="reportCadence" label={t('matters.form.cadence')}>
              <Select options={enumOptions('cadence', REPORT_CADENCES)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="priority" label={t('matters.form.priority')}>
              <Select options={enumOptions('priority', PRIORITIES)} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="difficulty" label={t('matters.form.difficulty')}>
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="workload" label={t('matters.form.workload')}>
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="weight" label={t('matters.form.weight')}>
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="investmentPlan" label={t('matters.form.investment')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="attachmentIds" label={t('matters.form.attachments')} valuePropName="value">
          <AttachmentUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
