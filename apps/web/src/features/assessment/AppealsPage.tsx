import type { AppealView } from '@duban/shared';
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppeals, useItemAppealActions, usePeriods } from '../../api/assessment';
import { useMe } from '../../api/auth';
import { useConfirmClose } from '../../components/useConfirmClose';

const STATUS_COLOUR = { pending: 'orange', upheld: 'default', changed: 'green' } as const;

/** The clock of one application: days left to decide, overdue in red, or decided (late decisions marked). */
function Clock({ a }: { a: AppealView }) {
  const { t } = useTranslation();
  if (a.status === 'pending' && a.clock.daysLeft !== null) {
    return (
      <Space size={4} wrap>
        {a.clock.overdue ? (
          <Tag color="red" data-testid="appeal-overdue">{t('assessment.appeals.overdue', { days: -a.clock.daysLeft, date: a.clock.decideBy })}</Tag>
        ) : (
          <Tag color={a.clock.daysLeft <= 7 ? 'orange' : 'blue'}>{t('assessment.appeals.daysLeft', { days: a.clock.daysLeft, date: a.clock.decideBy })}</Tag>
        )}
        {a.extendedDays > 0 && <Tag data-testid="appeal-extended">{t('assessment.appeals.extended', { days: a.extendedDays, note: a.extensionNote ?? '' })}</Tag>}
      </Space>
    );
  }
  return (
    <Space size={4} wrap>
      {a.clock.decidedLate && <Tag color="red">{t('assessment.appeals.decidedLate')}</Tag>}
      {a.extendedDays > 0 && <Tag>{t('assessment.appeals.extended', { days: a.extendedDays, note: a.extensionNote ?? '' })}</Tag>}
      {a.appealBy && <Typography.Text type="secondary">{t('assessment.appeals.appealBy', { date: a.appealBy })}</Typography.Text>}
    </Space>
  );
}

/** 复核 / 申诉 of published scores with the statutory clocks; the score stands while under appeal. */
export function AppealsPage() {
  const { t } = useTranslation();
  const list = useAppeals();
  const { data: me } = useMe();
  const [applying, setApplying] = useState(false);
  const [open, setOpen] = useState<AppealView | null>(null);
  const [extending, setExtending] = useState<AppealView | null>(null);
  // 申诉 only, once, before its deadline (the server says why otherwise).
  const canExtend = (a: AppealView) => a.kind === 'appeal' && a.status === 'pending' && a.extendedDays === 0 && !a.clock.overdue && !!me?.permissions.includes('assess.decide');
  const canDecide = (a: AppealView) => a.status === 'pending' && !!me?.permissions.includes(a.kind === 'review' ? 'assess.manage' : 'assess.decide');
  return (
    <Card
      size="small"
      title={t('assessment.appeals.title')}
      data-testid="appeals"
      extra={
        (me?.personId || me?.unitId) && (
          <Button type="primary" onClick={() => setApplying(true)} data-testid="appeal-apply">
            {t('assessment.appeals.apply')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('assessment.appeals.hint')}</Typography.Paragraph>
      <Table<AppealView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('assessment.appeals.kind'), dataIndex: 'kind', width: 80, render: (k: AppealView['kind'], a) => (a.direct ? t('assessment.appeals.direct') : t(`assessment.appeals.kinds.${k}`)) },
          { title: t('assessment.period'), dataIndex: 'period', width: 90 },
          { title: t('assessment.applicant'), dataIndex: 'subjectName', width: 170 },
          { title: t('assessment.total'), dataIndex: 'total', width: 70, align: 'right' },
          { title: t('assessment.reason'), dataIndex: 'reason' },
          { title: t('common.status'), dataIndex: 'status', width: 110, render: (s: AppealView['status'], a) => <Tag color={STATUS_COLOUR[s]}>{t(`assessment.appeals.status.${s}`)}{a.delta ? ` ${a.delta > 0 ? '+' : ''}${a.delta}` : ''}</Tag> },
          { title: t('assessment.appeals.clock'), width: 230, render: (_v, a) => <Clock a={a} /> },
          { title: t('assessment.decision'), dataIndex: 'decisionNote', render: (v: string | null) => v ?? '' },
          {
            title: '',
            width: 110,
            render: (_v, a) =>
              canExtend(a) && (
                <Button
                  size="small"
                  data-testid="appeal-extend"
                  onClick={(e) => {
                    e.stopPropagation();
                    setExtending(a);
                  }}
                >
                  {t('assessment.appeals.extend')}
                </Button>
              ),
          },
        ]}
      />
      {applying && <Apply onClose={() => setApplying(false)} />}
      {open && <Decide a={open} canDecide={canDecide(open)} onClose={() => setOpen(null)} />}
      {extending && <Extend a={extending} onClose={() => setExtending(null)} />}
    </Card>
  );
}

type ApplyValues = { kind: 'review' | 'appeal'; period: string; subject: 'unit' | 'person'; reason: string; evidence: string };

function Apply({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const periods = usePeriods();
  const [form] = Form.useForm<ApplyValues>();
  const close = useConfirmClose(form, onClose);
  const { applyAppeal } = useItemAppealActions();
  const canUnit = !!me?.unitId && !!me.permissions.includes('matter.handle');
  const submit = (v: ApplyValues) =>
    applyAppeal.mutate(
      { kind: v.kind, period: v.period, subjectType: v.subject, subjectId: (v.subject === 'unit' ? me?.unitId : me?.personId) ?? 0, reason: v.reason, evidence: v.evidence },
      {
        onSuccess: () => {
          void message.success(t('assessment.appeals.applied'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open title={t('assessment.appeals.apply')} onCancel={close} onOk={() => form.submit()} confirmLoading={applyAppeal.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Typography.Paragraph type="secondary">{t('assessment.appeals.clocks')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ kind: 'review', subject: canUnit ? 'unit' : 'person' }} onFinish={submit} data-testid="appeal-form">
        <Form.Item name="kind" label={t('assessment.appeals.kind')}>
          <Radio.Group options={[{ value: 'review', label: t('assessment.appeals.kinds.review') }, { value: 'appeal', label: t('assessment.appeals.kinds.appeal') }]} />
        </Form.Item>
        <Form.Item name="period" label={t('assessment.period')} rules={[{ required: true, message: t('assessment.appeals.pickPeriod') }]}>
          <Select options={(periods.data ?? []).filter((p) => p.status === 'published').map((p) => ({ value: p.code, label: p.code }))} />
        </Form.Item>
        <Form.Item name="subject" label={t('assessment.applicant')}>
          <Radio.Group options={[...(canUnit ? [{ value: 'unit', label: me?.unitName ?? t('assessment.unit') }] : []), ...(me?.personId ? [{ value: 'person', label: t('assessment.appeals.self') }] : [])]} />
        </Form.Item>
        <Form.Item name="reason" label={t('assessment.reason')} rules={[{ required: true, min: 5, message: t('assessment.appeals.reasonRequired') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="evidence" label={t('assessment.evidence')} rules={[{ required: true, min: 2, message: t('assessment.appeals.evidenceRequired') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type DecideValues = { outcome: 'upheld' | 'changed'; delta?: number; note: string };

function Decide({ a, canDecide, onClose }: { a: AppealView; canDecide: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecideValues>();
  const close = useConfirmClose(form, onClose);
  const outcome = Form.useWatch('outcome', form) ?? 'upheld';
  const { decideAppeal } = useItemAppealActions();
  const submit = (v: DecideValues) =>
    decideAppeal.mutate(
      { id: a.id, outcome: v.outcome, delta: v.outcome === 'changed' ? (v.delta ?? 0) : 0, note: v.note },
      {
        onSuccess: () => {
          void message.success(t('assessment.decided'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open width={720} title={`${t(`assessment.appeals.kinds.${a.kind}`)} · ${a.subjectName} · ${a.period}`} onCancel={close} footer={canDecide ? undefined : null} onOk={() => form.submit()} confirmLoading={decideAppeal.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Typography.Paragraph>
        <b>{t('assessment.reason')}：</b>
        {a.reason}
        <br />
        <b>{t('assessment.evidence')}：</b>
        {a.evidence}
        <br />
        <b>{t('assessment.appeals.standing')}：</b>
        {a.total ?? '—'}
        <br />
        <Clock a={a} />
      </Typography.Paragraph>
      {canDecide && (
        <Form form={form} layout="vertical" initialValues={{ outcome: 'upheld' }} onFinish={submit} data-testid="appeal-decide">
          <Form.Item name="outcome" label={t('assessment.decision')}>
            <Radio.Group options={[{ value: 'upheld', label: t('assessment.appeals.status.upheld') }, { value: 'changed', label: t('assessment.appeals.change') }]} />
          </Form.Item>
          {outcome === 'changed' && (
            <Form.Item name="delta" label={t('assessment.appeals.delta')} rules={[{ required: true, message: t('assessment.appeals.deltaRequired') }]}>
              <InputNumber min={-20} max={20} step={0.5} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('assessment.appeals.note')} rules={[{ required: true, min: 2, message: t('assessment.appeals.noteRequired') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

type ExtendValues = { days: number; note: string };

/** The leadership group extends a pending 申诉's decision deadline once (≤ 30 days, before it passes). */
function Extend({ a, onClose }: { a: AppealView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExtendValues>();
  const close = useConfirmClose(form, onClose);
  const { extendAppeal } = useItemAppealActions();
  const submit = (v: ExtendValues) =>
    extendAppeal.mutate(
      { id: a.id, days: v.days, note: v.note },
      {
        onSuccess: () => {
          void message.success(t('assessment.appeals.extendedOk'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open title={`${t('assessment.appeals.extend')} · ${a.subjectName} · ${a.period}`} onCancel={close} onOk={() => form.submit()} confirmLoading={extendAppeal.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Clock a={a} />
      <Form form={form} layout="vertical" initialValues={{ days: 30 }} onFinish={submit} data-testid="appeal-extend-form" style={{ marginTop: 12 }}>
        <Form.Item name="days" label={t('assessment.appeals.extendDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} />
        </Form.Item>
        <Form.Item name="note" label={t('assessment.appeals.extendNote')} rules={[{ required: true, min: 2, message: t('assessment.appeals.extendRequired') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
