import type { GridUrgency } from '@duban/shared';
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { COLOUR_HEX } from '../../components/ColourBadge';
import { labelOf } from '../../i18n/enumLabels';
import './i18n';

/** Working minutes as the pages say them: "3 工作时 20 分", "45 分钟". */
export function workingTime(t: (k: string, o?: Record<string, unknown>) => string, minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  const h = Math.floor(m / 60);
  if (h === 0) return t('gridProblems.time.minutes', { m });
  return m % 60 ? t('gridProblems.time.hoursMinutes', { h, m: m % 60 }) : t('gridProblems.time.hours', { h });
}

/** The time left on a problem's clock in working time, coloured like a matter (gridClockColour on the server). */
export function ClockTag({ minutesLeft, colour, deadline }: { minutesLeft: number | null; colour: 'red' | 'yellow' | 'green' | null; deadline?: string | null }) {
  const { t } = useTranslation();
  if (minutesLeft === null) return <span>{t('gridProblems.time.none')}</span>;
  const text = minutesLeft < 0 ? t('gridProblems.time.over', { t: workingTime(t, minutesLeft) }) : t('gridProblems.time.left', { t: workingTime(t, minutesLeft) });
  const tag = (
    <Tag color={colour ? COLOUR_HEX[colour] : undefined} data-colour={colour ?? undefined} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
  return deadline ? <Tooltip title={dayjs(deadline).format('YYYY-MM-DD HH:mm')}>{tag}</Tooltip> : tag;
}

const URGENCY_COLOUR: Record<GridUrgency, string | undefined> = { normal: undefined, urgent: 'orange', critical: 'red' };

export function UrgencyTag({ urgency }: { urgency: GridUrgency }) {
  useTranslation();
  return <Tag color={URGENCY_COLOUR[urgency]}>{labelOf('gridUrgency', urgency)}</Tag>;
}

const STATUS_COLOUR: Record<string, string> = { reported: 'blue', accepted: 'blue', registered: 'geekblue', dispatched: 'purple', handling: 'processing', handled: 'cyan', closed: 'green', visited: 'green', rejected: 'default', parked: 'warning', merged: 'default' };

export function StatusTag({ status }: { status: string }) {
  useTranslation();
  return <Tag color={STATUS_COLOUR[status]}>{labelOf('gridProblemStatus', status)}</Tag>;
}

/** A timeline event's name: the flow's action label, or the event's own (上报, 即办, 联席会议 …). */
export function eventLabel(t: (k: string, o?: Record<string, unknown>) => string, action: string): string {
  return t(`gridProblems.event.${action}`, { defaultValue: labelOf('gridAction', action) });
}
