import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { uploadAttachment } from '../../api/matters';
import { useUploadLimit } from '../../components/uploadLimit';

/**
 * Uploads files as they are chosen (POST /api/attachments) and holds their ids as the form value
 * (`attachmentIds`). `capture` opens the phone's camera for photos.
 */
export function AttachmentUpload({
  value,
  onChange,
  accept,
  capture,
  listType = 'text',
  children,
  testId,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  accept?: string;
  capture?: 'environment' | 'user';
  listType?: 'text' | 'picture-card';
  children?: ReactNode;
  testId?: string;
}) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const allowed = useUploadLimit();
  // A reset form (value emptied) clears the list too.
  useEffect(() => {
    if (!value?.length) setFiles((f) => (f.some((x) => x.status === 'uploading') ? f : []));
  }, [value]);

  const ids = (list: UploadFile[]) => list.filter((f) => f.status === 'done' && typeof f.response?.id === 'number').map((f) => Number(f.response.id));

  return (
    <Upload
      multiple
      accept={accept}
      capture={capture}
      listType={listType}
      fileList={files}
      data-testid={testId}
      // Too large for the server: refused here, before it is sent, and left off the list.
      beforeUpload={(file) => (allowed(file) ? true : Upload.LIST_IGNORE)}
      customRequest={({ file, onSuccess, onError }) => {
        if (!(file instanceof File)) return;
        uploadAttachment(file)
          .then((a) => onSuccess?.(a))
          .catch((err: unknown) => {
            message.error(err instanceof ApiError ? err.message : t('matters.upload.failed'));
            onError?.(err instanceof Error ? err : new Error(String(err)));
          });
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange?.(ids(fileList));
      }}
    >
      {children ?? (
        <Button icon={listType === 'text' ? <UploadOutlined /> : <PaperClipOutlined />}>{t('matters.upload.button')}</Button>
      )}
    </Upload>
  );
}
