import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportModal } from '../org/ImportModal';

type ImportResult = { total: number; created: number; existing: number };

/** 督查办: the 12345 hotline's work orders in (Excel or CSV, all or nothing) and their results out, in one sheet shape. */
export function HotlinePage() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = new URLSearchParams();
  if (range?.[0]) query.set('from', range[0].format('YYYY-MM-DD'));
  if (range?.[1]) query.set('to', range[1].format('YYYY-MM-DD'));
  const exportUrl = `/api/grid/hotline/export.xlsx${query.size ? `?${query.toString()}` : ''}`;

  return (
    <Card title={t('open311.hotline.title')}>
      <Typography.Paragraph type="secondary">{t('open311.hotline.help')}</Typography.Paragraph>
      <Space wrap>
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setOpen(true)}>
          {t('open311.hotline.import')}
        </Button>
        <Button icon={<DownloadOutlined />} href="/api/grid/hotline/template.xlsx" download>
          {t('open311.hotline.template')}
        </Button>
        <DatePicker.RangePicker allowEmpty={[true, true]} value={range} onChange={(v) => setRange(v)} placeholder={[t('open311.hotline.range'), t('open311.hotline.range')]} />
        <Button icon={<DownloadOutlined />} href={exportUrl} download>
          {t('open311.hotline.export')}
        </Button>
      </Space>
      <ImportModal<ImportResult>
        open={open}
        title={t('open311.hotline.importTitle')}
        templateUrl="/api/grid/hotline/template.xlsx"
        uploadUrl="/api/grid/hotline/import"
        accept=".xlsx,.csv"
        help={t('open311.hotline.importHelp')}
        onClose={() => setOpen(false)}
        onDone={() => setOpen(false)}
        describe={(r) => t('open311.hotline.imported', r)}
      />
    </Card>
  );
}
