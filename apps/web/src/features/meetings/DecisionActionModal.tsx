import type { DecisionView } from '@duban/shared';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { useMeetingActions } from './api';
import './i18n';

export type DecisionAction = { kind: 'complete' | 'reopen'; decision: DecisionView };

/** 报送落实情况 (the unit) or 退回 (the office) for one decision; closing with text typed asks first. */
export function DecisionActionModal({ action, onClose }: { action: DecisionAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { complete, reopen } = useMeetingActions();
  const [form] = Form.useForm<{ text: string }>();
  const requestClose = useConfirmClose(form, onClose);
  const [error, setError] = useState<string | null>(null);
  const completing = action.kind === 'complete';
  const busy = complete.isPending || reopen.isPending;

  const submit = async () => {
    const { text } = await form.validateFields();
    setError(null);
    try {
      if (completing) await complete.mutateAsync({ id: action.decision.id, result: text });
      else await reopen.mutateAsync({ id: action.decision.id, reason: text });
      message.success(completing ? t('meetings.completed') : t('meetings.reopened'));
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Modal open title={completing ? t('meetings.complete') : t('meetings.reopen')} onCancel={requestClose} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {action.decision.meetingTitle}（{action.decision.heldOn}）：{action.decision.content}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="text"
          label={completing ? t('meetings.result') : t('meetings.reopenReason')}
          extra={completing ? t('meetings.resultHint') : undefined}
          rules={[{ required: true, whitespace: true, message: completing ? t('meetings.resultRequired') : t('meetings.reopenRequired') }, { max: completing ? 2000 : 500 }]}
        >
          <Input.TextArea rows={4} data-testid="decision-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
