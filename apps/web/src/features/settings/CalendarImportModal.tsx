import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Modal, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCalendarMutations } from '../../api/settings';

type Issue = { row: number; message: string };

/** Upload a JSON or CSV calendar file (the same format as `duban calendar import`); all or nothing. */
export function CalendarImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { importFile } = useCalendarMutations();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setIssues([]);
    setError(null);
    try {
      const result = await importFile.mutateAsync({ text: await file.text(), fileName: file.name });
      message.success(t('calendar.imported', { days: result.days, years: result.years.join(t('common.listSep')) || '—' }));
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.details && typeof err.details === 'object' && 'issues' in err.details && Array.isArray(err.details.issues)) {
        setIssues(err.details.issues);
      }
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Modal title={t('calendar.import')} open={open} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('calendar.importHelp')}</Typography.Paragraph>
      <Typography.Paragraph>
        <pre style={{ background: '#fafafa', padding: 8, margin: 0 }}>{'# covers: 2027\ndate,kind,name\n2027-01-01,休,元旦\n2027-02-06,班,春节'}</pre>
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".json,.csv,.txt"
        showUploadList={false}
        disabled={importFile.isPending}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('calendar.importDrop')}</p>
      </Upload.Dragger>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} />}
      {issues.length > 0 && (
        <Table<Issue>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(r) => `${r.row}-${r.message}`}
          dataSource={issues}
          pagination={false}
          columns={[
            { title: t('calendar.line'), dataIndex: 'row', width: 80 },
            { title: t('calendar.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Modal>
  );
}
