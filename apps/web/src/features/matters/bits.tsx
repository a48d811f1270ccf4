import { MATTER_STATUS_LABELS, PRIORITY_LABELS, UNIT_STATUS_LABELS, type MatterStatus, type Priority, type UnitStatus } from '@duban/shared';
import { Progress, Tag, Tooltip, Typography } from 'antd';
import { formatDate } from '../../components/format';

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
      {MATTER_STATUS_LABELS[status]}
    </Tag>
  );
}

const UNIT_STATUS_COLOURS: Record<UnitStatus, string> = { pending: 'orange', signed: 'processing', completion_requested: 'gold', completed: 'success' };

export function UnitStatusTag({ status }: { status: UnitStatus }) {
  return <Tag color={UNIT_STATUS_COLOURS[status]}>{UNIT_STATUS_LABELS[status]}</Tag>;
}

export function PriorityTag({ priority }: { priority: Priority }) {
  if (priority === 'normal') return null;
  return <Tag color={priority === 'urgent' ? 'red' : 'orange'}>{PRIORITY_LABELS[priority]}</Tag>;
}

/** The deadline, marked when provisional (working days counted on an unpublished calendar) or extended. */
export function Deadline({ deadline, originalDeadline, provisional, stacked }: { deadline: string; originalDeadline?: string; provisional?: boolean; stacked?: boolean }) {
  const extended = originalDeadline && originalDeadline !== deadline;
  return (
    <span style={{ whiteSpace: stacked ? 'normal' : 'nowrap' }}>
      {formatDate(deadline)}
      {provisional && (
        <Tooltip title="按工作日推算，节假日安排公布后可能调整">
          <Tag color="default" style={{ marginInlineStart: 4 }}>
            暂定
          </Tag>
        </Tooltip>
      )}
      {extended && (
        <Tooltip title={`原时限 ${formatDate(originalDeadline)}，已批准延期`}>
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
  return (
    <Tooltip title={planned !== undefined ? `实际 ${Math.round(value)}%，计划 ${Math.round(planned)}%` : undefined}>
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
