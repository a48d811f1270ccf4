import { ITEM_KIND_LABELS, ITEM_KINDS, type ItemView, type Page, type PersonView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useItemAppealActions, useItems } from '../../api/assessment';
import { useMe } from '../../api/auth';
import { get, qs } from '../../api/client';
import { useUnits } from '../../api/org';
import { useConfirmClose } from '../../components/useConfirmClose';
import { AttachmentUpload } from '../matters/AttachmentUpload';
import { Attachments } from '../matters/MatterSections';
import { PeriodPicker, usePeriodParam } from './PeriodPicker';

const KIND_COLOUR = { praise: 'green', commend: 'cyan', criticise: 'red' } as const;

/** 加分/扣分: 批示表扬、通报表扬、通报批评 with their documents; each becomes a score line of its period. */
export function ItemsPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { data: me } = useMe();
  const [period, setPeriod] = usePeriodParam();
  const items = useItems(period);
  const [adding, setAdding] = useState(false);
  const [attaching, setAttaching] = useState<ItemView | null>(null);
  const { removeItem } = useItemAppealActions();
  const manage = !!me?.permissions.includes('assess.manage');
  const remove = (item: ItemView) => {
    let reason = '';
    modal.confirm({
      title: t('assessment.items.removeTitle', { doc: item.docNumber }),
      content: <Input.TextArea rows={2} placeholder={t('assessment.items.removeReason')} onChange={(e) => (reason = e.target.value)} />,
      okText: t('assessment.items.remove'),
      okButtonProps: { danger: true },
      onOk: () => removeItem.mutateAsync({ id: item.id, reason }).then(() => void message.success(t('assessment.items.removed'))).catch((e: Error) => void message.error(e.message)),
    });
  };
  return (
    <Card
      size="small"
      title={t('assessment.items.title')}
      data-testid="assessment-items"
      extra={
        <Space>
          <PeriodPicker value={period} onChange={setPeriod} />
          {manage && (
            <Button type="primary" onClick={() => setAdding(true)} data-testid="item-add">
              {t('assessment.items.add')}
            </Button>
          )}
          <Link to="/assessment/appeals">{t('assessment.appeals.title')}</Link>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('assessment.items.hint')}</Typography.Paragraph>
      <Table<ItemView>
        rowKey="id"
        size="small"
        loading={items.isLoading}
        dataSource={items.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('assessment.items.kind'), dataIndex: 'kind', width: 100, render: (k: ItemView['kind']) => <Tag color={KIND_COLOUR[k]}>{t(`assessment.rules.${k}`)}</Tag> },
          { title: t('assessment.items.subjectType'), dataIndex: 'subjectName', width: 180 },
          { title: t('assessment.items.doc'), width: 260, render: (_v, i) => `${i.docNumber}（${i.docDate}）` },
          {
            title: t('assessment.items.docTitle'),
            dataIndex: 'title',
            render: (title: string, i) => (
              <>
                {title}
                <div data-testid="item-files">
                  <Attachments items={i.attachments} />
                </div>
              </>
            ),
          },
          { title: t('assessment.matter'), width: 170, render: (_v, i) => (i.matter ? <Link to={`/matters/${i.matter.id}`}>{i.matter.number}</Link> : '—') },
          { title: t('assessment.points'), dataIndex: 'points', width: 70, align: 'right', render: (p: number, i) => <Typography.Text delete={!!i.removedAt} type={p < 0 ? 'danger' : 'success'}>{p > 0 ? `+${p}` : p}</Typography.Text> },
          {
            title: '',
            width: 170,
            render: (_v, i) =>
              i.removedAt ? (
                <Typography.Text type="secondary">{t('assessment.items.removedWith', { reason: i.removeReason ?? '' })}</Typography.Text>
              ) : manage ? (
                <Space size={4}>
                  <Button size="small" onClick={() => setAttaching(i)} data-testid="item-attach">
                    {t('assessment.items.attach')}
                  </Button>
                  <Button size="small" danger onClick={() => remove(i)}>
                    {t('assessment.items.remove')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {adding && <AddItem onClose={() => setAdding(false)} />}
      {attaching && <AttachFiles item={attaching} onClose={() => setAttaching(null)} />}
    </Card>
  );
}

type FormValues = { kind: ItemView['kind']; subjectType: 'unit' | 'person'; unitId?: number; personId?: number; matterId?: number | null; docNumber: string; docDate: Dayjs; title: string; attachmentIds?: number[] };

/** Adds the document's files (scan, PDF) to a recorded item: they do not change its points. */
function AttachFiles({ item, onClose }: { item: ItemView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ attachmentIds?: number[] }>();
  const close = useConfirmClose(form, onClose);
  const { attachItemFiles } = useItemAppealActions();
  const submit = (v: { attachmentIds?: number[] }) =>
    attachItemFiles.mutate(
      { id: item.id, attachmentIds: v.attachmentIds ?? [] },
      {
        onSuccess: () => {
          void message.success(t('assessment.items.attached'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open title={`${t('assessment.items.attach')} · ${item.docNumber}`} onCancel={close} onOk={() => form.submit()} confirmLoading={attachItemFiles.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="item-attach-form">
        <Form.Item name="attachmentIds" label={t('assessment.items.files')} rules={[{ required: true, message: t('assessment.items.filesRequired') }]}>
          <AttachmentUpload testId="item-attach-upload" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddItem({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const close = useConfirmClose(form, onClose);
  const units = useUnits();
  const [q, setQ] = useState('');
  const people = useQuery({ queryKey: ['people', 'pick', q], queryFn: () => get<Page<PersonView>>(`/api/people${qs({ q: q || undefined, limit: 20 })}`) });
  const subjectType = Form.useWatch('subjectType', form) ?? 'unit';
  const { addItem } = useItemAppealActions();
  const submit = (v: FormValues) =>
    addItem.mutate(
      { kind: v.kind, subjectType: v.subjectType, subjectId: (v.subjectType === 'unit' ? v.unitId : v.personId) ?? 0, matterId: v.matterId ?? null, docNumber: v.docNumber, docDate: v.docDate.format('YYYY-MM-DD'), title: v.title, attachmentIds: v.attachmentIds ?? [] },
      {
        onSuccess: () => {
          void message.success(t('assessment.items.added'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open title={t('assessment.items.add')} onCancel={close} onOk={() => form.submit()} confirmLoading={addItem.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'commend', subjectType: 'unit' }} onFinish={submit} data-testid="item-form">
        <Form.Item name="kind" label={t('assessment.items.kind')} rules={[{ required: true }]}>
          <Radio.Group options={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="subjectType" label={t('assessment.items.subjectType')}>
          <Radio.Group options={[{ value: 'unit', label: t('assessment.unit') }, { value: 'person', label: t('assessment.items.cadre') }]} />
        </Form.Item>
        {subjectType === 'unit' ? (
          <Form.Item name="unitId" label={t('assessment.unit')} rules={[{ required: true, message: t('assessment.items.pickSubject') }]}>
            <Select showSearch optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        ) : (
          <Form.Item name="personId" label={t('assessment.items.cadre')} rules={[{ required: true, message: t('assessment.items.pickSubject') }]}>
            <Select showSearch filterOption={false} onSearch={setQ} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.unitName ?? ''}）` }))} />
          </Form.Item>
        )}
        <Form.Item name="docNumber" label={t('assessment.items.docNumber')} rules={[{ required: true, min: 2, message: t('assessment.items.docNumberRequired') }]}>
          <Input placeholder="二七督通〔2026〕12号" />
        </Form.Item>
        <Form.Item name="docDate" label={t('assessment.items.docDate')} rules={[{ required: true, message: t('assessment.items.docDateRequired') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="title" label={t('assessment.items.docTitle')} rules={[{ required: true, min: 2, message: t('assessment.items.titleRequired') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="matterId" label={t('assessment.items.matterId')}>
          <InputNumber min={1} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('assessment.items.files')} extra={t('assessment.items.filesHint')}>
          <AttachmentUpload testId="item-upload" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
