import { type MatterStatus, type Priority, type UnitStatus } from '@duban/shared';
import { Progress, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/format';
import { labelOf } from '../../i18n/enumLabels';

const STATUS_COLOURS: Record<MatterStatus, string> = {
  registered: 'default',
  assigned: 'purple',
  in_progress: 'processing',
  completion_requested: 'gold',
  closed: 'success',
  archived: 'cyan',
  cancelled: 'default',
};

/** The matter's lifecycle state as a tag. */
export function StatusTag({ status }: { status: MatterStatus }) {
  return (
    <Tag color={STATUS_COLOURS[status]} data-status={status}>
      {labelOf('status', status)}
    </Tag>
  );
}

const UNIT_STATUS_COLOURS: Record<UnitStatus, string> = { pending: 'orange', signed: 'processing', completion_requested: 'gold', completed: 'success' };

export function UnitStatusTag({ status }: { status: UnitStatus }) {
  return <Tag color={UNIT_STATUS_COLOURS[status]}>{labelOf('unitStatus', status)}</Tag>;
}

export function PriorityTag({ priority }: { priority: Priority }) {
  if (priority === 'normal') return null;
  return <Tag color={priority === 'urgent' ? 'red' : 'orange'}>{labelOf('priority', priority)}</Tag>;
}

/** The deadline, marked when provisional (working days counted on an unpublished calendar) or extended. */
export function Deadline({ deadline, originalDeadline, provisional, stacked }: { deadline: string; originalDeadline?: string; provisional?: boolean; stacked?: boolean }) {
  const { t } = useTranslation();
  const extended = originalDeadline && originalDeadline !== deadline;
  return (
    <span style={{ whiteSpace: stacked ? 'normal' : 'nowrap' }}>
      {formatDate(deadline)}
      {provisional && (
        <Tooltip title={t('matters.bits.provisionalHint')}>
          <Tag color="default" style={{ marginInlineStart: 4 }}>
            {t('matters.bits.provisional')}
          </Tag>
        </Tooltip>
      )}
      {extended && (
        <Tooltip title={t('matters.bits.extended', { date: formatDate(originalDeadline) })}>
          <Typography.Text type="secondary" delete style={{ marginInlineStart: stacked ? 0 : 4, fontSize: 12, display: stacked ? 'block' : 'inline' }}>
            {formatDate(originalDeadline)}
          </Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}

/** Progress as a slim bar with the number. */
export function ProgressBar({ value, planned }: { value: number; planned?: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={planned !== undefined ? t('matters.bits.actualPlanned', { actual: Math.round(value), planned: Math.round(planned) }) : undefined}>
      <Progress percent={Math.round(value * 10) / 10} size="small" style={{ minWidth: 90, margin: 0 }} status={value >= 100 ? 'success' : 'normal'} />
    </Tooltip>
  );
}

/** Bytes for people: 1.2 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
