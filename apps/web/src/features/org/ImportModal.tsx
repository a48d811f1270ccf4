import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Modal, Table, Upload, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useUploadLimit } from '../../components/uploadLimit';
import { useConfirmClose } from '../../components/useConfirmClose';

type Issue = { sheet: string; row: number; column: string | null; message: string };

/** Row problems as the org import (`details.issues`) or the ledger import (`details.errors`: row, field, message) sends them. */
function issuesOf(details: unknown): Issue[] {
  if (!details || typeof details !== 'object') return [];
  if ('issues' in details && Array.isArray(details.issues)) {
    // The GeoJSON import names features (their position and code) rather than sheet rows.
    return details.issues.map((i: Issue | { feature: number; code: string | null; message: string }) => ('feature' in i ? { sheet: '要素', row: i.feature, column: i.code, message: i.message } : i));
  }
  if ('errors' in details && Array.isArray(details.errors)) {
    return details.errors.map((e: { row?: number; field?: string; message?: string }) => ({ sheet: '台账', row: e.row ?? 0, column: e.field ?? null, message: e.message ?? '' }));
  }
  return [];
}

/**
 * Upload a filled-in template; all-or-nothing. When any row is wrong nothing is imported and every
 * problem is listed by sheet, row and column, in Chinese.
 */
export function ImportModal<T>({
  open,
  title,
  templateUrl,
  uploadUrl,
  onClose,
  onDone,
  describe,
  accept = '.xlsx',
  help,
}: {
  open: boolean;
  title: string;
  /** Where the template downloads from; none for a file with a standard format (GeoJSON). */
  templateUrl?: string;
  accept?: string;
  help?: string;
  uploadUrl: string;
  onClose: () => void;
  onDone: (result: T) => void;
  describe: (result: T) => string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = useUploadLimit();
  // While a file is being checked and imported, closing asks first (the result would not be seen).
  const close = useConfirmClose(() => busy, onClose);

  const upload = async (file: File) => {
    setBusy(true);
    setIssues([]);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file);
      const result = await api<T>('POST', uploadUrl, form);
      message.success(describe(result));
      onDone(result);
    } catch (err) {
      if (err instanceof ApiError) setIssues(issuesOf(err.details));
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={title} open={open} onCancel={close} footer={null} width={760} destroyOnHidden>
      <Typography.Paragraph>
        {templateUrl && (
          <a href={templateUrl} download>
            <DownloadOutlined /> {t('org.import.template')}
          </a>
        )}
        <Typography.Text type="secondary">{help ?? t('org.import.help')}</Typography.Text>
      </Typography.Paragraph>
      <Upload.Dragger
        accept={accept}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          if (allowed(file)) void upload(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{busy ? t('org.import.busy') : t('org.import.drop')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {issues.length > 0 && (
        <Table<Issue>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(r) => `${r.sheet}-${r.row}-${r.column}-${r.message}`}
          dataSource={issues}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('org.import.sheet'), dataIndex: 'sheet', width: 90 },
            { title: t('org.import.row'), dataIndex: 'row', width: 60 },
            { title: t('org.import.column'), dataIndex: 'column', width: 110 },
            { title: t('org.import.problem'), dataIndex: 'message' },
          ]}
          data-testid="import-issues"
        />
      )}
    </Modal>
  );
}
