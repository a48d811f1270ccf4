import type { MatterCreateInput } from '@duban/shared';
import type { Dayjs } from 'dayjs';
import type { MilestoneValue } from './MilestonesEditor';

export type MatterFormValues = Omit<MatterCreateInput, 'startDate' | 'deadline' | 'milestones'> & {
  /** Uploaded files, attached to the matter once it is saved. */
  attachmentIds?: number[];
  startDate: Dayjs;
  deadlineMode: 'date' | 'workdays';
  deadline?: Dayjs | null;
  milestones: MilestoneValue[];
  /** Edits only: why the deadline moves after an approved extension. */
  deadlineChangeReason?: string | null;
};

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Form values → request body (dates as YYYY-MM-DD, the unused deadline form left out; an edit adds its deadline change reason). */
export function toMatterBody(v: MatterFormValues): MatterCreateInput {
  // Attachments travel separately (POST /api/matters/:id/attachments once the matter exists).
  const { deadlineMode, startDate, deadline, milestones, attachmentIds: _attachments, deadlineChangeReason: _reason, ...rest } = v;
  return {
    ...rest,
    sourceDoc: rest.sourceDoc || null,
    categoryId: rest.categoryId ?? null,
    leadLeaderId: rest.leadLeaderId ?? null,
    startDate: iso(startDate) ?? '',
    deadline: deadlineMode === 'date' ? iso(deadline) : null,
    deadlineWorkdays: deadlineMode === 'workdays' ? (rest.deadlineWorkdays ?? null) : null,
    milestones: milestones.filter((m) => m.date).map((m) => ({ date: iso(m.date) ?? '', plannedProgress: m.plannedProgress ?? 0, description: m.description ?? '' })),
  };
}
