import { App, type FormInstance } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The close handler for a drawer or modal form (Esc, a click outside, 取消, ×): closes at once when nothing was
 * typed, and otherwise asks first, so a slip of the hand does not throw away unsaved input. `dirty` is the form
 * (dirty when any field was touched) or a function; `keptNote`, for a form whose input is kept as a draft, says
 * where it is kept instead of warning that it will be lost.
 */
export function useConfirmClose(dirty: FormInstance | (() => boolean), onClose: () => void, keptNote?: string): () => void {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  const asking = useRef(false);
  return () => {
    const hasInput = typeof dirty === 'function' ? dirty() : dirty.isFieldsTouched();
    if (!hasInput) {
      onClose();
      return;
    }
    if (asking.current) return; // a second Esc while the question is open
    asking.current = true;
    modal.confirm({
      title: keptNote ? t('common.closeTitle') : t('common.discardTitle'),
      content: keptNote ?? t('common.discardLost'),
      okText: keptNote ? t('common.close') : t('common.discard'),
      okButtonProps: { danger: !keptNote },
      cancelText: t('common.keepEditing'),
      onOk: onClose,
      afterClose: () => {
        asking.current = false;
      },
    });
  };
}
