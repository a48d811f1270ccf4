import { GRID_STATUS_LABELS, GRID_TRANSITIONS, open311Status, publicText, w3Datetime, type GridStatus } from '@duban/shared';
import type { publicSteps, RequestRow } from './open311.repository';

const w3 = (v: Date | string | null) => (v === null ? null : w3Datetime(new Date(v)));

/**
 * A problem as a GeoReport request: status open/closed with the grid status and its last public note as
 * status_notes, the dispatched unit (else the level holding it) as agency_responsible, the 结案期限 as
 * expected_datetime, Beijing-time datetimes. Free text is masked for personal data; the reporter never appears.
 * Our own facts (受理编号, urgency, colour) ride in extended_attributes.
 */
export function presentRequest(r: RequestRow, hidden: readonly string[] = []) {
  const text = (v: string | null) => (v ? publicText(v, hidden) : null);
  const status = r.status as GridStatus;
  const label = GRID_STATUS_LABELS[status] ?? status;
  return {
    service_request_id: String(r.id),
    status: open311Status(r.closed_at),
    status_notes: r.status_note ? `${label}：${text(r.status_note)}` : label,
    service_name: r.service_name,
    service_code: r.service_code,
    description: text(r.description) ?? text(r.title),
    agency_responsible: r.dispatched_unit ?? r.hold_unit ?? r.hold_cell,
    service_notice: null,
    requested_datetime: w3(r.reported_at),
    updated_datetime: w3(r.closed_at ?? r.updated_at),
    expected_datetime: w3(r.due_at ?? r.stage_deadline),
    address: text(r.address),
    lat: r.lat === null ? null : Number(r.lat),
    long: r.lon === null ? null : Number(r.lon),
    media_url: r.media_url,
    extended_attributes: { ticket: r.ticket, grid_status: status, urgency: r.urgency, colour: r.colour },
  };
}
export type Open311Request = ReturnType<typeof presentRequest>;

/** The public timeline as the `notes` extension (FixMyStreet/CitySDK style): when, what happened, the note. */
export function presentNotes(steps: Awaited<ReturnType<typeof publicSteps>>, hidden: readonly string[] = []) {
  return steps.map((s) => ({
    datetime: w3Datetime(new Date(s.at)),
    description: stepLabel(s.action, s.to_status),
    summary: s.note ? publicText(s.note, hidden) : null,
  }));
}

const TRANSITION_LABELS: Partial<Record<string, string>> = Object.fromEntries(Object.entries(GRID_TRANSITIONS).map(([a, t]) => [a, t.label]));

function stepLabel(action: string, to: string | null): string {
  if (action === 'report') return '上报';
  return TRANSITION_LABELS[action] ?? (to ? (GRID_STATUS_LABELS[to as GridStatus] ?? action) : action);
}
