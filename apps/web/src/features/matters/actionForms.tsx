import type { MatterAction, MatterDetail } from '@duban/shared';
import { DatePicker, Form, Input, Radio, Rate, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { AttachmentUpload } from './AttachmentUpload';
import { InspectionFields, inspectionBody } from './InspectionFields';
import { PersonSelect, UnitSelect } from './pickers';
import { labelOf } from '../../i18n/enumLabels';

/** What an action's modal shows and posts. Actions with their own page (report, edit, decompose) are not here. */
export type ActionForm = {
  /** i18n key of the modal's title (and of the action's name in messages). */
  title: string;
  /** i18n key of the OK button's text. */
  okText?: string;
  danger?: boolean;
  /** The modal's fields (inside an antd Form). */
  fields: (m: MatterDetail) => ReactNode;
  /** Form values → request body; `eid` picks the extension acted on. */
  body: (v: Record<string, unknown>, m: MatterDetail) => { body: unknown; eid?: number };
  initial?: (m: MatterDetail) => Record<string, unknown>;
};

/** Strings are looked up when the modal renders, so they follow the chosen language. */
const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options);

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const unitOf = (m: MatterDetail) => m.viewerUnitId ?? undefined;
const pendingExtensions = (m: MatterDetail) => m.extensions.filter((e) => e.status === 'pending');

const reason = (label: string, required = true) => (
  <Form.Item name="reason" label={label} rules={required ? [{ required: true, message: t('matters.act.fill', { label }) }] : []}>
    <Input.TextArea rows={3} maxLength={2000} showCount />
  </Form.Item>
);

export const ACTION_FORMS: Partial<Record<MatterAction, ActionForm>> = {
  assign: {
    title: 'matters.act.assign',
    okText: 'matters.act.assign',
    fields: (m) => (
      <>
        <Typography.Paragraph>
          {t('matters.act.assignTo', { units: m.units.map((u) => u.unitName).join(t('common.listSep')) })}
        </Typography.Paragraph>
        <Form.Item name="note" label={t('matters.act.assignNote')}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('matters.act.assignHint')} />
        </Form.Item>
      </>
    ),
    body: (v, m) => ({ body: { note: str(v.note), version: m.version } }),
  },
  sign: {
    title: 'matters.act.sign',
    okText: 'matters.act.sign',
    fields: (m) => <Typography.Paragraph>{t('matters.act.signText', { unit: m.units.find((u) => u.unitId === m.viewerUnitId)?.unitName ?? '—' })}</Typography.Paragraph>,
    body: (_v, m) => ({ body: { unitId: unitOf(m) } }),
  },
  delegate: {
    title: 'matters.act.delegate',
    fields: (m) => (
      <Form.Item name="handlerIds" label={t('matters.act.handlers')} rules={[{ required: true, message: t('matters.act.handlersRequired') }]}>
        <PersonSelect multiple unitIds={m.viewerUnitId ? [m.viewerUnitId] : []} />
      </Form.Item>
    ),
    initial: (m) => ({ handlerIds: m.units.find((u) => u.unitId === m.viewerUnitId)?.handlers.map((h) => h.personId) ?? [] }),
    body: (v, m) => ({ body: { unitId: unitOf(m), handlerIds: ids(v.handlerIds) } }),
  },
  request_extension: {
    title: 'matters.act.requestExtension',
    fields: (m) => (
      <>
        <Typography.Paragraph>{t('matters.act.currentDeadline', { date: m.deadline })}</Typography.Paragraph>
        <Form.Item name="requestedDeadline" label={t('matters.act.extendTo')} rules={[{ required: true, message: t('matters.act.extendToRequired') }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(m.deadline).add(1, 'day'), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        {reason(t('matters.act.extensionReason'))}
      </>
    ),
    body: (v, m) => ({ body: { unitId: unitOf(m), requestedDeadline: (v.requestedDeadline as Dayjs | undefined)?.format('YYYY-MM-DD'), reason: str(v.reason) } }),
  },
  decide_extension: {
    title: 'matters.act.decideExtension',
    fields: (m) => (
      <>
        <Form.Item name="eid" label={t('matters.act.extensionRequest')} rules={[{ required: true, message: t('matters.act.extensionRequestRequired') }]}>
          <Select
            options={pendingExtensions(m).map((e) => ({
              value: e.id,
              label: `${e.unitName ?? ''} ${e.requestedBy ?? ''}：${e.previousDeadline} → ${e.requestedDeadline}`,
            }))}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {({ getFieldValue }) => {
            const e = pendingExtensions(m).find((x) => x.id === getFieldValue('eid'));
            return e ? <Typography.Paragraph type="secondary">{t('matters.act.reasonIs', { reason: e.reason })}</Typography.Paragraph> : null;
          }}
        </Form.Item>
        <Form.Item name="approve" label={t('matters.act.decision')} rules={[{ required: true, message: t('matters.act.decisionRequired') }]}>
          <Radio.Group
            options={[
              { value: true, label: t('matters.act.approve') },
              { value: false, label: t('matters.act.reject') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('matters.act.decisionNote')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    initial: (m) => ({ eid: pendingExtensions(m)[0]?.id, approve: true }),
    body: (v) => ({ body: { approve: v.approve === true, note: str(v.note) }, eid: typeof v.eid === 'number' ? v.eid : undefined }),
  },
  request_completion: {
    title: 'matters.act.requestCompletion',
    fields: () => (
      <>
        <Form.Item name="evidence" label={t('matters.act.evidence')} rules={[{ required: true, message: t('matters.act.evidenceRequired') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('matters.act.evidenceHint')} />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('matters.act.evidenceFiles')}>
          <AttachmentUpload />
        </Form.Item>
      </>
    ),
    body: (v, m) => ({ body: { unitId: unitOf(m), evidence: str(v.evidence), attachmentIds: ids(v.attachmentIds) } }),
  },
  accept_completion: {
    title: 'matters.act.acceptCompletion',
    okText: 'matters.act.acceptCompletionOk',
    fields: (m) => (
      <>
        {m.completions
          .filter((c) => c.status === 'pending')
          .map((c) => (
            <Typography.Paragraph key={c.id}>
              <b>{c.unitName}</b>（{c.requestedBy}）：{c.evidence}
            </Typography.Paragraph>
          ))}
        <Form.Item name="note" label={t('matters.act.reviewNote')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    body: (v) => ({ body: { note: str(v.note) } }),
  },
  return: {
    title: 'matters.act.return',
    okText: 'matters.act.return',
    danger: true,
    fields: (m) => {
      const asking = m.units.filter((u) => u.status === 'completion_requested');
      return (
        <>
          {reason(t('matters.act.returnReason'))}
          {asking.length > 1 && (
            <Form.Item name="unitIds" label={t('matters.act.returnUnits')}>
              <Select mode="multiple" options={asking.map((u) => ({ value: u.unitId, label: `${u.unitName}（${labelOf('unitStatus', u.status)}）` }))} />
            </Form.Item>
          )}
        </>
      );
    },
    body: (v) => ({ body: { reason: str(v.reason), unitIds: ids(v.unitIds).length ? ids(v.unitIds) : undefined } }),
  },
  rate: {
    title: 'matters.act.rate',
    fields: () => (
      <>
        <Form.Item name="rating" label={t('matters.act.rating')} rules={[{ required: true, message: t('matters.act.ratingRequired') }]}>
          <Rate tooltips={[t('matters.act.rate1'), t('matters.act.rate2'), t('matters.act.rate3'), t('matters.act.rate4'), t('matters.act.rate5')]} />
        </Form.Item>
        <Form.Item name="comment" label={t('matters.act.rateComment')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </>
    ),
    initial: (m) => ({ rating: m.rating ?? 4, comment: m.ratingComment ?? undefined }),
    body: (v) => ({ body: { rating: v.rating, comment: str(v.comment) } }),
  },
  archive: {
    title: 'matters.act.archive',
    okText: 'matters.act.archive',
    fields: () => <Typography.Paragraph>{t('matters.act.archiveText')}</Typography.Paragraph>,
    body: () => ({ body: {} }),
  },
  settle_unit: {
    title: 'matters.act.settleUnit',
    fields: (m) => {
      const open = m.units.filter((u) => u.status === 'pending' || u.status === 'signed');
      return (
        <>
          <Typography.Paragraph type="secondary">{t('matters.act.settleUnitHelp')}</Typography.Paragraph>
          <Form.Item name="unitId" label={t('matters.act.settleUnitUnit')} rules={[{ required: true, message: t('matters.act.settleUnitUnitRequired') }]}>
            <Select data-testid="settle-unit" options={open.map((u) => ({ value: u.unitId, label: `${u.unitName}（${labelOf('unitStatus', u.status)}）` }))} />
          </Form.Item>
          <Form.Item name="mode" label={t('matters.act.settleUnitMode')} rules={[{ required: true, message: t('matters.act.settleUnitModeRequired') }]}>
            <Radio.Group
              options={[
                { value: 'close', label: t('matters.act.settleUnitClose') },
                { value: 'reassign', label: t('matters.act.settleUnitReassign') },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) =>
              getFieldValue('mode') === 'reassign' ? (
                <Form.Item name="toUnitId" label={t('matters.act.settleUnitTo')} rules={[{ required: true, message: t('matters.act.settleUnitToRequired') }]}>
                  <UnitSelect />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          {reason(t('matters.act.settleUnitReason'))}
        </>
      );
    },
    body: (v) => ({ body: { unitId: v.unitId, mode: v.mode, toUnitId: v.mode === 'reassign' ? v.toUnitId : undefined, reason: str(v.reason) } }),
  },
  cancel: {
    title: 'matters.act.cancel',
    okText: 'matters.act.cancelOk',
    danger: true,
    fields: () => reason(t('matters.act.cancelReason')),
    body: (v) => ({ body: { reason: str(v.reason) } }),
  },
  urge: {
    title: 'matters.act.urge',
    okText: 'matters.act.urgeOk',
    fields: (m) => (
      <>
        <Typography.Paragraph>{t('matters.act.urgeText', { units: m.units.filter((u) => u.status !== 'completed').map((u) => u.unitName).join(t('common.listSep')) })}</Typography.Paragraph>
        <Form.Item name="message" label={t('matters.act.urgeMessage')}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('matters.act.urgeHint')} />
        </Form.Item>
      </>
    ),
    body: (v) => ({ body: { message: str(v.message) } }),
  },
  issue_notice: {
    title: 'matters.act.issueNotice',
    okText: 'matters.act.issueNoticeOk',
    fields: (m) => (
      <>
        <Form.Item name="title" label={t('matters.act.noticeTitle')} rules={[{ required: true, message: t('matters.act.noticeTitleRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('matters.act.noticeBody')} rules={[{ required: true, message: t('matters.act.noticeBodyRequired') }]}>
          <Input.TextArea rows={5} maxLength={10000} />
        </Form.Item>
        <Form.Item name="replyBy" label={t('matters.act.replyBy')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="recipients" label={t('matters.act.recipients')} rules={[{ required: true, message: t('matters.act.recipientsRequired') }]}>
          <PersonSelect multiple unitIds={m.units.map((u) => u.unitId)} />
        </Form.Item>
      </>
    ),
    initial: (m) => ({ title: t('matters.act.noticeDefaultTitle', { title: m.title }) }),
    body: (v) => ({
      body: {
        title: str(v.title),
        body: str(v.body),
        replyBy: (v.replyBy as Dayjs | undefined)?.format('YYYY-MM-DD') ?? null,
        recipients: ids(v.recipients).map((personId) => ({ personId })),
      },
    }),
  },
  inspect: {
    title: 'matters.act.inspect',
    okText: 'matters.act.inspectOk',
    fields: () => <InspectionFields />,
    initial: () => ({ inspectedAt: dayjs(), finding: 'confirms', unannounced: false }),
    body: (v) => ({ body: inspectionBody(v) }),
  },
};
