import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MEETING_KINDS, type MeetingDetail, type MeetingKind } from '@duban/shared';
import { Alert, App, Button, Col, DatePicker, Divider, Drawer, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirmClose } from '../../components/useConfirmClose';
import { PersonSelect, UnitSelect, UnitsSelect } from '../matters/pickers';
import { useMeetingActions, useReferableProblems } from './api';
import { applyMeetingErrors, initialMeetingValues, toMeetingBody, type MeetingFormValues } from './meetingForm';
import './i18n';

/** The grid problems a joint meeting studies: open ones found by ticket or title, plus those already referred. */
function ProblemsSelect({ value, onChange, known }: { value?: number[]; onChange?: (v: number[]) => void; known: MeetingDetail['referred'] }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data = [], isFetching } = useReferableProblems(q, true);
  const options = useMemo(() => {
    const seen = new Map<number, string>();
    for (const p of known) seen.set(p.id, `${p.ticket} ${p.title}`);
    for (const p of data) seen.set(p.id, `${p.ticket} ${p.title}${p.unitName ? `（${p.unitName}）` : ''}`);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [data, known]);
  return <Select mode="multiple" showSearch filterOption={false} onSearch={setQ} loading={isFetching} options={options} value={value} onChange={onChange} placeholder={t('meetings.problemSearch')} data-testid="meeting-problems" />;
}

/**
 * 登记会议 / 修改会议记录: the meeting, who came, the problems studied and the decisions (unit + deadline each).
 * Closing with anything typed asks first. Decisions already done or tracked as matters cannot be changed.
 */
export function MeetingFormDrawer({ open, meeting, onClose, onSaved }: { open: boolean; meeting?: MeetingDetail; onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { save } = useMeetingActions();
  const [form] = Form.useForm<MeetingFormValues>();
  const [error, setError] = useState<string | null>(null);
  const requestClose = useConfirmClose(form, onClose);
  const kind: MeetingKind = Form.useWatch('kind', form) ?? meeting?.kind ?? 'joint';
  const problemIds: number[] = Form.useWatch('problemIds', form) ?? [];
  const known = useMemo(() => meeting?.referred ?? [], [meeting]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(initialMeetingValues(meeting, 'joint'));
  }, [open, meeting, form]);

  const submit = async () => {
    await form.validateFields();
    setError(null);
    // Every value, the rows' hidden ids included (validateFields returns only the fields with an input).
    const body = toMeetingBody(form.getFieldsValue(true));
    try {
      const saved = await save.mutateAsync(meeting ? { id: meeting.id, body: { ...body, version: meeting.version } } : { body });
      message.success(meeting ? t('common.saved') : t('meetings.created'));
      onSaved(saved.id);
      onClose();
    } catch (err) {
      setError(applyMeetingErrors(form, err));
    }
  };

  const problemOptions = known.filter((p) => problemIds.includes(p.id)).map((p) => ({ value: p.id, label: p.ticket }));
  return (
    <Drawer
      title={meeting ? t('meetings.edit') : t('meetings.new')}
      open={open}
      onClose={requestClose}
      size="large"
      styles={{ wrapper: { width: 'min(900px, 100vw)' } }}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={requestClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="meeting-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="meeting-form-error" />}
      <Form form={form} layout="vertical" requiredMark="optional" data-testid="meeting-form">
        <Form.Item name="kind" label={t('meetings.kindLabel')} extra={t(`meetings.kindHint.${kind}`)}>
          <Radio.Group optionType="button" disabled={!!meeting} options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('meetings.meetingTitle')} rules={[{ required: true, whitespace: true, message: t('meetings.titleRequired') }, { max: 200 }]}>
              <Input data-testid="meeting-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="heldOn" label={t('meetings.heldOn')} rules={[{ required: true, message: t('meetings.heldOnRequired') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="convenorUnitId" label={t('meetings.convenorUnit')}>
              <UnitSelect allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="convenorPersonId" label={t('meetings.convenor')}>
              <PersonSelect allowClear leadersFirst />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="present" label={t('meetings.present')}>
              <UnitsSelect allowClear data-testid="meeting-present" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="absent" label={t('meetings.absent')}>
              <UnitsSelect allowClear />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'joint' && (
          <Form.Item name="problemIds" label={t('meetings.problems')} extra={t('meetings.problemsHint')}>
            <ProblemsSelect known={known} />
          </Form.Item>
        )}
        <Form.Item name="minutes" label={t('meetings.minutes')} rules={[{ max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <Divider titlePlacement="start">{t('meetings.decisions')}</Divider>
        {meeting && <Typography.Paragraph type="secondary">{t('meetings.settled')}</Typography.Paragraph>}
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }} size={4}>
              {fields.map((f, i) => {
                const settled = !!form.getFieldValue(['decisions', f.name, 'settled']);
                return (
                  <Row key={f.key} gutter={8} align="top" data-testid={`decision-row-${i}`}>
                    <Col flex="28px" style={{ paddingTop: 6 }}>
                      {i + 1}.
                    </Col>
                    <Col flex="auto">
                      <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true, message: t('meetings.contentRequired') }, { max: 500 }]}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('meetings.content')} disabled={settled} data-testid={`decision-content-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col flex="200px">
                      <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('meetings.unitRequired') }]}>
                        <UnitSelect placeholder={t('meetings.unit')} disabled={settled} data-testid={`decision-unit-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col flex="150px">
                      <Form.Item name={[f.name, 'deadline']} rules={[{ required: true, message: t('meetings.deadlineRequired') }]}>
                        <DatePicker placeholder={t('meetings.deadline')} disabled={settled} style={{ width: '100%' }} data-testid={`decision-deadline-${i}`} />
                      </Form.Item>
                    </Col>
                    {kind === 'joint' && (
                      <Col flex="140px">
                        <Form.Item name={[f.name, 'problemId']}>
                          <Select allowClear placeholder={t('meetings.problem')} options={[...problemOptions, ...problemIds.filter((id) => !known.some((p) => p.id === id)).map((id) => ({ value: id, label: `#${id}` }))]} disabled={settled} />
                        </Form.Item>
                      </Col>
                    )}
                    <Col flex="32px">
                      <Button type="text" icon={<DeleteOutlined />} disabled={settled} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                    </Col>
                  </Row>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="decision-add">
                {t('meetings.addDecision')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
