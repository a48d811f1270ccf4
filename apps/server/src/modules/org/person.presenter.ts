import type { Actor } from '../../lib/actor';
import { maskMobile, personSchema, type PersonView } from '@duban/shared';
import { openMobile } from '../../lib/pii-at-rest';
import type { Person } from './person.table';

export { personSchema, type PersonView };

type Row = Person & { unit_name?: string | null; division_name?: string | null; leader_of_unit_ids?: number[] | null };

/**
 * A person as the API shows them; the mobile number (sealed at rest, opened with the server key `key`) is masked
 * unless the viewer needs it in full.
 */
export function presentPerson(p: Row, opts: { fullMobile: boolean; key: string }): PersonView {
  const mobile = openMobile(opts.key, p.mobile_enc);
  return {
    id: p.id,
    name: p.name,
    mobile: opts.fullMobile ? mobile : maskMobile(mobile),
    email: p.email,
    rank: p.rank,
    title: p.title,
    unitId: p.unit_id,
    unitName: p.unit_name ?? null,
    divisionId: p.division_id,
    divisionName: p.division_name ?? null,
    wecomUserId: p.wecom_user_id,
    dingtalkUserId: p.dingtalk_user_id,
    isUnitHead: p.is_unit_head,
    isLiaison: p.is_liaison,
    leaderOfUnitIds: p.leader_of_unit_ids ?? [],
    active: p.active,
    version: p.version,
  };
}

/** Who sees cadres' mobile numbers in full (people list, person trace): those who manage people or contact them for work. */
export function seesFullMobile(actor: Actor): boolean {
  return actor.permissions.has('org.manage') || actor.permissions.has('matter.manage');
}

/**
 * A person as their trace entries keep them: the view with the number still sealed (`mobile_enc`), so the trace
 * holds no number in clear; the trace presenter opens it for the viewer, masked or not.
 */
export function personForTrace(view: PersonView, row: Pick<Person, 'mobile_enc'>): PersonView {
  return { ...view, mobile: row.mobile_enc };
}
