import { UNIT_STATUS_LABELS, type MatterAction, type MatterDetail } from '@duban/shared';
import { DatePicker, Form, Input, Radio, Rate, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { AttachmentUpload } from './AttachmentUpload';
import { InspectionFields, inspectionBody } from './InspectionFields';
import { PersonSelect } from './pickers';

/** What an action's modal shows and posts. Actions with their own page (report, edit, decompose) are not here. */
export type ActionForm = {
  title: string;
  okText?: string;
  danger?: boolean;
  /** The modal's fields (inside an antd Form). */
  fields: (m: MatterDetail) => ReactNode;
  /** Form values → request body; `eid` picks the extension acted on. */
  body: (v: Record<string, unknown>, m: MatterDetail) => { body: unknown; eid?: number };
  initial?: (m: MatterDetail) => Record<string, unknown>;
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const unitOf = (m: MatterDetail) => m.viewerUnitId ?? undefined;
const pendingExtensions = (m: MatterDetail) => m.extensions.filter((e) => e.status === 'pending');

const reason = (label: string, required = true) => (
  <Form.Item name="reason" label={label} rules={required ? [{ required: true, message: `请填写${label}` }] : []}>
    <Input.TextArea rows={3} maxLength={2000} showCount />
  </Form.Item>
);

export const ACTION_FORMS: Partial<Record<MatterAction, ActionForm>> = {
  assign: {
    title: '交办',
    okText: '交办',
    fields: (m) => (
      <>
        <Typography.Paragraph>
          交办给 {m.units.map((u) => u.unitName).join('、')}，各单位将收到待签收提醒。
        </Typography.Paragraph>
        <Form.Item name="note" label="交办意见">
          <Input.TextArea rows={3} maxLength={500} placeholder="如：请于 3 个工作日内签收并制定推进计划" />
        </Form.Item>
      </>
    ),
    body: (v, m) => ({ body: { note: str(v.note), version: m.version } }),
  },
  sign: {
    title: '签收',
    okText: '签收',
    fields: (m) => <Typography.Paragraph>确认本单位（{m.units.find((u) => u.unitId === m.viewerUnitId)?.unitName ?? '—'}）签收该事项，签收后开始计算汇报周期。</Typography.Paragraph>,
    body: (_v, m) => ({ body: { unitId: unitOf(m) } }),
  },
  delegate: {
    title: '指定承办人',
    fields: (m) => (
      <Form.Item name="handlerIds" label="承办人" rules={[{ required: true, message: '请至少选择一名承办人' }]}>
        <PersonSelect multiple unitIds={m.viewerUnitId ? [m.viewerUnitId] : []} />
      </Form.Item>
    ),
    initial: (m) => ({ handlerIds: m.units.find((u) => u.unitId === m.viewerUnitId)?.handlers.map((h) => h.personId) ?? [] }),
    body: (v, m) => ({ body: { unitId: unitOf(m), handlerIds: ids(v.handlerIds) } }),
  },
  request_extension: {
    title: '申请延期',
    fields: (m) => (
      <>
        <Typography.Paragraph>当前时限：{m.deadline}</Typography.Paragraph>
        <Form.Item name="requestedDeadline" label="申请延期至" rules={[{ required: true, message: '请选择新的时限' }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(m.deadline).add(1, 'day'), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        {reason('延期理由')}
      </>
    ),
    body: (v, m) => ({ body: { unitId: unitOf(m), requestedDeadline: (v.requestedDeadline as Dayjs | undefined)?.format('YYYY-MM-DD'), reason: str(v.reason) } }),
  },
  decide_extension: {
    title: '审批延期',
    fields: (m) => (
      <>
        <Form.Item name="eid" label="延期申请" rules={[{ required: true, message: '请选择延期申请' }]}>
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
            return e ? <Typography.Paragraph type="secondary">理由：{e.reason}</Typography.Paragraph> : null;
          }}
        </Form.Item>
        <Form.Item name="approve" label="审批结果" rules={[{ required: true, message: '请选择审批结果' }]}>
          <Radio.Group
            options={[
              { value: true, label: '同意延期' },
              { value: false, label: '不同意' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="审批意见">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    initial: (m) => ({ eid: pendingExtensions(m)[0]?.id, approve: true }),
    body: (v) => ({ body: { approve: v.approve === true, note: str(v.note) }, eid: typeof v.eid === 'number' ? v.eid : undefined }),
  },
  request_completion: {
    title: '申请办结',
    fields: () => (
      <>
        <Form.Item name="evidence" label="办结情况说明" rules={[{ required: true, message: '请填写办结情况说明' }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder="完成了什么、取得了什么效果、有何佐证" />
        </Form.Item>
        <Form.Item name="attachmentIds" label="佐证材料">
          <AttachmentUpload />
        </Form.Item>
      </>
    ),
    body: (v, m) => ({ body: { unitId: unitOf(m), evidence: str(v.evidence), attachmentIds: ids(v.attachmentIds) } }),
  },
  accept_completion: {
    title: '审核通过（办结）',
    okText: '通过，办结',
    fields: (m) => (
      <>
        {m.completions
          .filter((c) => c.status === 'pending')
          .map((c) => (
            <Typography.Paragraph key={c.id}>
              <b>{c.unitName}</b>（{c.requestedBy}）：{c.evidence}
            </Typography.Paragraph>
          ))}
        <Form.Item name="note" label="审核意见">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    body: (v) => ({ body: { note: str(v.note) } }),
  },
  return: {
    title: '退回',
    okText: '退回',
    danger: true,
    fields: (m) => {
      const asking = m.units.filter((u) => u.status === 'completion_requested');
      return (
        <>
          {reason('退回理由')}
          {asking.length > 1 && (
            <Form.Item name="unitIds" label="退回单位（不选则全部退回）">
              <Select mode="multiple" options={asking.map((u) => ({ value: u.unitId, label: `${u.unitName}（${UNIT_STATUS_LABELS[u.status]}）` }))} />
            </Form.Item>
          )}
        </>
      );
    },
    body: (v) => ({ body: { reason: str(v.reason), unitIds: ids(v.unitIds).length ? ids(v.unitIds) : undefined } }),
  },
  rate: {
    title: '评价',
    fields: () => (
      <>
        <Form.Item name="rating" label="评分" rules={[{ required: true, message: '请评分' }]}>
          <Rate tooltips={['差', '较差', '一般', '好', '很好']} />
        </Form.Item>
        <Form.Item name="comment" label="评价意见">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </>
    ),
    initial: (m) => ({ rating: m.rating ?? 4, comment: m.ratingComment ?? undefined }),
    body: (v) => ({ body: { rating: v.rating, comment: str(v.comment) } }),
  },
  archive: {
    title: '归档',
    okText: '归档',
    fields: () => <Typography.Paragraph>归档后事项只读，仍可在台账中查询和导出。</Typography.Paragraph>,
    body: () => ({ body: {} }),
  },
  cancel: {
    title: '撤销事项',
    okText: '撤销',
    danger: true,
    fields: () => reason('撤销理由'),
    body: (v) => ({ body: { reason: str(v.reason) } }),
  },
  urge: {
    title: '催办',
    okText: '发送催办',
    fields: (m) => (
      <>
        <Typography.Paragraph>将提醒 {m.units.filter((u) => u.status !== 'completed').map((u) => u.unitName).join('、')} 的联络员和承办人。</Typography.Paragraph>
        <Form.Item name="message" label="催办内容">
          <Input.TextArea rows={3} maxLength={500} placeholder="如：请于本周五前报送最新进展" />
        </Form.Item>
      </>
    ),
    body: (v) => ({ body: { message: str(v.message) } }),
  },
  issue_notice: {
    title: '下发督查通知单',
    okText: '下发',
    fields: (m) => (
      <>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label="通知内容" rules={[{ required: true, message: '请填写通知内容' }]}>
          <Input.TextArea rows={5} maxLength={10000} />
        </Form.Item>
        <Form.Item name="replyBy" label="回复期限">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="recipients" label="接收人" rules={[{ required: true, message: '请至少选择一名接收人' }]}>
          <PersonSelect multiple unitIds={m.units.map((u) => u.unitId)} />
        </Form.Item>
      </>
    ),
    initial: (m) => ({ title: `关于督促办理“${m.title}”的通知` }),
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
    title: '现场督查',
    okText: '保存督查记录',
    fields: () => <InspectionFields />,
    initial: () => ({ inspectedAt: dayjs(), finding: 'confirms', unannounced: false }),
    body: (v) => ({ body: inspectionBody(v) }),
  },
};
