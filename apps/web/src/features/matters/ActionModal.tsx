import type { MatterAction, MatterDetail } from '@duban/shared';
import { Alert, App, Button, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { postAction, useRefreshMatters } from '../../api/matters';
import { applyServerErrors } from '../../components/formErrors';
import { useConfirmClose } from '../../components/useConfirmClose';
import { ACTION_FORMS } from './actionForms';

/** A 409 means the matter moved on under the viewer: the fix is to reload, not to retry. */
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && (err.code === 'invalid_transition' || err.code === 'version_conflict');
}

/** The modal of one action; posts it and refreshes the matter. */
export function ActionModal({ matter, action, onClose }: { matter: MatterDetail; action: MatterAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshMatters();
  const [form] = Form.useForm<Record<string, unknown>>();
  const requestClose = useConfirmClose(form, onClose);
  const [error, setError] = useState<{ text: string; stale: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const def = action ? ACTION_FORMS[action] : undefined;

  useEffect(() => {
    if (!action) return;
    setError(null);
    form.resetFields();
    const d = ACTION_FORMS[action];
    if (d?.initial) form.setFieldsValue(d.initial(matter));
    // Only when a modal opens: later refreshes of the matter must not wipe what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action]);

  if (!action || !def) return null;

  const submit = async () => {
    const v = await form.validateFields();
    if (action === 'edit') return;
    setBusy(true);
    setError(null);
    try {
      const { body, eid } = def.body(v, matter);
      await postAction(matter.id, action, body, eid);
      message.success(t('matters.act.done', { title: t(def.title) }));
      void refresh();
      onClose();
    } catch (err) {
      setError({ text: applyServerErrors(form, err), stale: isStale(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(def.title)}
      onCancel={requestClose}
      width="min(600px, calc(100vw - 24px))"
      okText={t(def.okText ?? 'matters.act.submit')}
      okButtonProps={{ danger: def.danger, loading: busy }}
      onOk={() => void submit()}
      destroyOnHidden
    >
      {error && (
        <Alert
          type={error.stale ? 'warning' : 'error'}
          showIcon
          title={error.text}
          description={error.stale ? t('matters.act.stale') : undefined}
          action={
            error.stale ? (
              <Button
                size="small"
                onClick={() => {
                  void refresh();
                  onClose();
                }}
              >
                {t('matters.act.reload')}
              </Button>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="action-error"
        />
      )}
      <Form form={form} layout="vertical">
        {def.fields(matter)}
      </Form>
    </Modal>
  );
}
