import { GRID_RATINGS, type GridAction, type ProblemDetailView } from '@duban/shared';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { enumOptions, labelOf } from '../../i18n/enumLabels';
import { UnitSelect } from '../matters/pickers';
import { useGridCategories, useProblemAction } from './api';
import { PhotoPicker } from './PhotoPicker';
import type { DraftPhoto } from './reportDraft';
import './i18n';

type Values = {
  note?: string;
  reason?: string;
  unitId?: number;
  result?: string;
  photos?: DraftPhoto[];
  pass?: boolean;
  hours?: number;
  approve?: boolean;
  reviewOn?: Dayjs;
  rating?: string;
  comment?: string;
};

/** The request body of an action from the form's values (photos by id, the review date as YYYY-MM-DD). */
export function actionBody(action: GridAction, v: Values): Record<string, unknown> {
  const ids = (v.photos ?? []).map((p) => p.id);
  const note = v.note?.trim() || undefined;
  switch (action) {
    case 'reject':
    case 'return':
    case 'escalate':
      return { reason: v.reason?.trim() };
    case 'dispatch':
      return { unitId: v.unitId, note };
    case 'sign':
      return {};
    case 'handle':
      return { result: v.result?.trim(), photoIds: ids };
    case 'verify':
      return { pass: v.pass, note, photoIds: ids };
    case 'request_extension':
      return { hours: v.hours, reason: v.reason?.trim() };
    case 'decide_extension':
      return { approve: v.approve, note };
    case 'park':
      return { reason: v.reason?.trim(), reviewOn: v.reviewOn?.format('YYYY-MM-DD') };
    case 'visit':
      return { rating: v.rating, comment: v.comment?.trim() || undefined };
    default:
      return { note };
  }
}

const REASON: GridAction[] = ['reject', 'return', 'escalate', 'request_extension', 'park'];
const NOTE: GridAction[] = ['accept', 'register', 'dispatch', 'unpark', 'decide_extension'];

/**
 * One action of the flow as a form: the fields its body needs, checked before sending; the server's field problems
 * land under the fields; closing with something entered asks first.
 */
export function ProblemActionModal({ problem, action, onClose }: { problem: ProblemDetailView; action: GridAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useProblemAction(problem.id);
  const { data: categories = [] } = useGridCategories();
  const [form] = Form.useForm<Values>();
  const requestClose = useConfirmClose(form, onClose);
  const [error, setError] = useState<string | null>(null);
  const pass = Form.useWatch('pass', form);
  const label = labelOf('gridAction', action);
  const defaultUnit = categories.find((c) => c.id === problem.categoryId)?.defaultUnitId ?? undefined;

  const submit = async () => {
    const values = await form.validateFields();
    setError(null);
    try {
      await run.mutateAsync({ action, body: actionBody(action, values) });
      message.success(t('gridProblems.page.done', { action: label }));
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  const reasonRule = { required: true, whitespace: true, message: t('gridProblems.form.reasonRequired') };
  return (
    <Modal
      open
      title={`${label} · ${problem.ticket}`}
      onCancel={requestClose}
      onOk={() => void submit()}
      okText={t('gridProblems.form.confirm', { action: label })}
      confirmLoading={run.isPending}
      destroyOnHidden
      data-testid={`grid-action-${action}`}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
        {problem.title}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ unitId: action === 'dispatch' ? defaultUnit : undefined }}>
        {action === 'dispatch' && (
          <Form.Item name="unitId" label={t('gridProblems.form.unit')} rules={[{ required: true, message: t('gridProblems.form.unitRequired') }]}>
            <UnitSelect data-testid="grid-action-unit" />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <Form.Item name="hours" label={t('gridProblems.form.hours')} rules={[{ required: true, message: t('gridProblems.form.hoursRequired') }]}>
            <InputNumber min={0.5} max={2000} step={1} style={{ width: 160 }} />
          </Form.Item>
        )}
        {action === 'park' && (
          <Form.Item name="reviewOn" label={t('gridProblems.form.reviewOn')} rules={[{ required: true, message: t('gridProblems.form.reviewOnRequired') }]}>
            <DatePicker />
          </Form.Item>
        )}
        {REASON.includes(action) && (
          <Form.Item name="reason" label={t('gridProblems.form.reason')} rules={[reasonRule, { max: 1000 }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="grid-action-reason" />
          </Form.Item>
        )}
        {action === 'handle' && (
          <>
            <Form.Item name="result" label={t('gridProblems.form.result')} rules={[{ required: true, whitespace: true, message: t('gridProblems.form.resultRequired') }, { max: 1000 }]}>
              <Input.TextArea rows={3} maxLength={1000} data-testid="grid-action-result" />
            </Form.Item>
            <Form.Item name="photos" label={t('gridProblems.form.afterPhotos')}>
              <PhotoPicker testId="grid-action-photos" />
            </Form.Item>
          </>
        )}
        {action === 'verify' && (
          <>
            <Form.Item name="pass" label={t('gridProblems.form.verifyPass')} rules={[{ required: true, message: t('gridProblems.form.verifyPass') }]}>
              <Radio.Group
                data-testid="grid-action-pass"
                options={[
                  { value: true, label: t('gridProblems.form.pass') },
                  { value: false, label: t('gridProblems.form.fail') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label={pass === false ? t('gridProblems.form.failNote') : t('gridProblems.form.note')}
              dependencies={['pass']}
              rules={[{ required: pass === false, whitespace: true, message: t('gridProblems.form.failNoteRequired') }, { max: 1000 }]}
            >
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Form.Item name="photos" label={t('gridProblems.form.verifyPhotos')}>
              <PhotoPicker testId="grid-action-photos" />
            </Form.Item>
          </>
        )}
        {action === 'decide_extension' && (
          <Form.Item name="approve" label={t('gridProblems.form.approve')} rules={[{ required: true, message: t('gridProblems.form.approve') }]}>
            <Radio.Group
              options={[
                { value: true, label: t('gridProblems.form.approveYes') },
                { value: false, label: t('gridProblems.form.approveNo') },
              ]}
            />
          </Form.Item>
        )}
        {action === 'visit' && (
          <>
            <Form.Item name="rating" label={t('gridProblems.form.rating')} rules={[{ required: true, message: t('gridProblems.form.ratingRequired') }]}>
              <Radio.Group optionType="button" options={enumOptions('gridRating', GRID_RATINGS)} data-testid="grid-action-rating" />
            </Form.Item>
            <Form.Item name="comment" label={t('gridProblems.form.comment')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
        {NOTE.includes(action) && (
          <Form.Item name="note" label={t('gridProblems.form.note')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
