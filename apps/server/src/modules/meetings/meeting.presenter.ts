import { decisionState, MATTER_STATUS_LABELS, type DecisionView, type MeetingDetail, type MeetingListItem, type WarningColour, type WorkCalendar } from '@duban/shared';
import type { Actor } from '../../lib/actor';
import type { DecisionRow, meetingProblems, MeetingRow, meetingUnits } from './meeting.repository';

/** What colouring a decision needs: the time, the tenant's calendar and its due-soon setting. */
export type DecisionClock = { now: Date; cal: WorkCalendar; dueSoonWorkdays: number };

const COLOURS: readonly string[] = ['green', 'yellow', 'blue', 'red'];
const isColour = (c: string | null): c is WarningColour => c !== null && COLOURS.includes(c);
const STATUS_LABELS = new Map<string, string>(Object.entries(MATTER_STATUS_LABELS));

/** The office may mark any open decision done; a unit's liaison or head their own unit's (not one tracked as a matter). */
export function mayComplete(actor: Actor, d: Pick<DecisionRow, 'status' | 'matter_id' | 'unit_id'>): boolean {
  if (d.status !== 'open' || d.matter_id !== null) return false;
  return actor.permissions.has('matter.manage') || (actor.permissions.has('matter.sign') && actor.unitId === d.unit_id);
}

export function presentDecision(r: DecisionRow, clock: DecisionClock, actor: Actor): DecisionView {
  const state = decisionState({ status: r.status, deadline: r.deadline, doneAt: r.done_at }, clock.now, clock.cal, clock.dueSoonWorkdays);
  // A decision that became a matter wears the matter's own four colours (the sweep's), blue included.
  const tracked = r.matter_id !== null && r.status === 'open';
  const colour = tracked && isColour(r.matter_colour) ? r.matter_colour : state.colour;
  const matterNote = tracked && r.matter_number ? `督办事项 ${r.matter_number}（${STATUS_LABELS.get(r.matter_status ?? '') ?? r.matter_status}）；` : '';
  return {
    id: r.id,
    meetingId: r.meeting_id,
    meetingKind: r.meeting_kind,
    meetingTitle: r.meeting_title,
    heldOn: r.held_on,
    seq: r.seq,
    content: r.text,
    unitId: r.unit_id,
    unitName: r.unit_name,
    deadline: r.deadline,
    problemId: r.problem_id === null ? null : Number(r.problem_id),
    problemTicket: r.problem_ticket,
    matterId: r.matter_id,
    matterNumber: r.matter_number,
    matterStatus: r.matter_status,
    status: r.status,
    result: r.result,
    doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
    doneBy: r.done_by_name,
    colour,
    note: `${matterNote}${state.note}`,
    late: state.late,
    canComplete: mayComplete(actor, r),
    canReopen: r.status === 'done' && r.matter_id === null && actor.permissions.has('matter.manage'),
  };
}

export function presentMeetingItem(r: MeetingRow): MeetingListItem {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    heldOn: r.held_on,
    convenorName: r.convenor_name,
    convenorUnitName: r.convenor_unit_name,
    present: r.present,
    absent: r.absent,
    problems: r.problems,
    decisions: r.decisions,
    done: r.done,
    overdue: r.overdue,
  };
}

type UnitRow = Awaited<ReturnType<typeof meetingUnits>>[number];
type ProblemRow = Awaited<ReturnType<typeof meetingProblems>>[number];

export function presentMeeting(r: MeetingRow, parts: { units: UnitRow[]; problems: ProblemRow[]; decisions: DecisionRow[] }, clock: DecisionClock, actor: Actor): MeetingDetail {
  return {
    ...presentMeetingItem(r),
    convenorPersonId: r.convenor_person_id,
    convenorUnitId: r.convenor_unit_id,
    minutes: r.minutes,
    units: parts.units.map((u) => ({ unitId: u.unit_id, unitName: u.unit_name, present: u.present })),
    referred: parts.problems.map((p) => ({ id: Number(p.id), ticket: p.ticket, title: p.title, status: p.status, closed: p.closed_at !== null })),
    items: parts.decisions.map((d) => presentDecision(d, clock, actor)),
    hiddenDecisions: r.all_decisions - parts.decisions.length,
    createdBy: r.created_by_name,
    createdAt: new Date(r.created_at).toISOString(),
    version: r.version,
    canEdit: actor.permissions.has('matter.manage'),
  };
}

/** The fields of a meeting worth keeping in its trace. */
export function traceMeeting(m: { kind: string; title: string; held_on: string; convenor_person_id: number | null; convenor_unit_id: number | null; minutes: string }): Record<string, unknown> {
  return { kind: m.kind, title: m.title, heldOn: m.held_on, personId: m.convenor_person_id, unitId: m.convenor_unit_id, minutes: m.minutes };
}
