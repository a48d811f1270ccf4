import { REPORT_CADENCE_LABELS, type ReportCadence } from './matter-facts';
import type { IsoDate } from './time';
import { COLOUR_LABELS, type WarningColour } from './warning-colours';
import { formatPercent, type WarningReason } from './warning-reasons';

/**
 * The words of every automatic reminder (提醒), in the seeds' style:
 * "【红色预警】五里堡街道办事处承办的“市政重点工程”已逾期 2 个工作日，请立即办理并汇报进度（时限：2026-12-01）".
 * Pure functions: the sweep fills them, the tests pin them.
 */

export type ReminderText = { title: string; body: string };

/** What every matter reminder names. */
export type ReminderMatter = { title: string; unitName: string; deadline: IsoDate; provisional?: boolean };

const ASK: Record<Exclude<WarningColour, 'green'>, string> = {
  red: '立即办理并汇报进度',
  blue: '尽快汇报办理进度',
  yellow: '加快推进',
};

function deadlineTail(m: ReminderMatter): string {
  return `（时限：${m.deadline}${m.provisional ? '，暂定' : ''}）`;
}

/** A reason as a phrase inside a sentence: the overdue text without its own deadline note. */
export function reasonPhrase(reason: WarningReason): string {
  if (reason.code === 'overdue') return reason.overdueWorkdays > 0 ? `已逾期 ${reason.overdueWorkdays} 个工作日` : '已过时限';
  return reason.text;
}

/** A colour warning: first when the colour worsens, then repeated while it stays. */
export function colourReminderText(
  colour: Exclude<WarningColour, 'green'>,
  m: ReminderMatter,
  reasons: readonly WarningReason[],
  repeat = false,
): ReminderText {
  const label = COLOUR_LABELS[colour].label;
  const tag = `【${label}预警${repeat ? '·再次提醒' : ''}】`;
  const own = reasons.filter((r) => r.colour === colour);
  const child = own.find((r) => r.child)?.child;
  if (child) {
    // A parent coloured by a child (roll-up): the child is what is late, the parent's deadline is its own.
    const why = own.map((r) => r.child?.text ?? reasonPhrase(r)).join('；');
    return {
      title: `${tag}${m.title}（子事项“${child.title}”）`,
      body: `${tag}${m.unitName}承办的“${m.title}”，其子事项“${child.title}”${why}，请督促子事项承办单位${ASK[colour]}（本事项时限：${m.deadline}${m.provisional ? '，暂定' : ''}）`,
    };
  }
  const why = own.map(reasonPhrase);
  const phrase = why.length ? why.join('；') : COLOUR_LABELS[colour].meaning;
  return {
    title: `${tag}${m.title}`,
    body: `${tag}${m.unitName}承办的“${m.title}”${phrase}，请${ASK[colour]}${deadlineTail(m)}`,
  };
}

/** T-3 / T-1: the deadline is near. */
export function deadlineReminderText(m: ReminderMatter, remainingWorkdays: number, progress: number): ReminderText {
  const when = remainingWorkdays > 0 ? `距时限还有 ${remainingWorkdays} 个工作日` : '今日到期';
  return {
    title: `【临期提醒】${m.title}`,
    body: `【临期提醒】${m.unitName}承办的“${m.title}”${when}，当前进度 ${formatPercent(progress)}%，请抓紧办理${deadlineTail(m)}`,
  };
}

/** A scheduled progress report (汇报周期) falls due today. */
export function reportDueText(m: ReminderMatter, cadence: ReportCadence, dueDate: IsoDate): ReminderText {
  return {
    title: `【汇报提醒】${m.title}`,
    body: `【汇报提醒】${m.unitName}承办的“${m.title}”按${REPORT_CADENCE_LABELS[cadence]}汇报要求应于 ${dueDate} 汇报进度，请及时汇报${deadlineTail(m)}`,
  };
}

/** A 督查通知单 still not acknowledged after a working day. */
export function noticeUnacknowledgedText(notice: { number: string; title: string; matterTitle: string; replyBy: IsoDate | null }): ReminderText {
  const reply = notice.replyBy ? `，请于 ${notice.replyBy} 前回复` : '';
  return {
    title: `【通知单待签收】${notice.number}`,
    body: `【通知单待签收】督查通知单 ${notice.number}《${notice.title}》（事项“${notice.matterTitle}”）已下发超过 1 个工作日仍未签收，请尽快签收办理${reply}`,
  };
}

/** 书面报送: a unit's written reply to a 督查通知单 is due within a working day (`due`) or already late (`overdue`). */
export function noticeReplyText(kind: 'due' | 'overdue', notice: { number: string; title: string; matterTitle: string; unitName: string; replyBy: IsoDate }): ReminderText {
  if (kind === 'due') {
    return {
      title: `【通知单待回复】${notice.number}`,
      body: `【通知单待回复】督查通知单 ${notice.number}《${notice.title}》（事项“${notice.matterTitle}”）要求于 ${notice.replyBy} 前书面报送，${notice.unitName}尚未报送，请按时报送`,
    };
  }
  return {
    title: `【通知单逾期未回复】${notice.number}`,
    body: `【通知单逾期未回复】督查通知单 ${notice.number}《${notice.title}》（事项“${notice.matterTitle}”）要求于 ${notice.replyBy} 前书面报送，${notice.unitName}已逾期仍未报送，请尽快报送`,
  };
}

/** An extension request (延期申请) waiting for the office's decision. */
export function extensionPendingText(e: {
  matterTitle: string;
  unitName: string;
  previousDeadline: IsoDate;
  requestedDeadline: IsoDate;
  waitingWorkdays: number;
}): ReminderText {
  return {
    title: `【延期待审批】${e.matterTitle}`,
    body: `【延期待审批】${e.unitName}申请将“${e.matterTitle}”的时限由 ${e.previousDeadline} 延至 ${e.requestedDeadline}，已等待 ${e.waitingWorkdays} 个工作日，请及时审批`,
  };
}
