import { sql, type RawBuilder } from 'kysely';
import type { LedgerTodo } from '@duban/shared';
import type { Actor } from '../../lib/actor';

/**
 * A signed unit's progress report is due: its cadence (7/14/30 days) has passed since its last
 * report, or since signing. Over aliases `mu` (matter_units) and `m` (matters); the workbench and the ledger share it.
 */
export function reportDueSql(now: Date): RawBuilder<boolean> {
  return sql<boolean>`coalesce(mu.last_report_at, mu.signed_at, mu.assigned_at) < ${now}::timestamptz - make_interval(days => case m.report_cadence when 'weekly' then 7 when 'biweekly' then 14 else 30 end)`;
}

/**
 * The ledger's `todo` filter over alias `m`: the matters behind the actor's workbench section of
 * that name, on the same conditions (a section the actor has no part in matches nothing).
 */
export function todoSql(actor: Actor, todo: LedgerTodo, now: Date): RawBuilder<boolean> {
  const t = actor.tenantId;
  switch (todo) {
    case 'to_sign':
    case 'to_report': {
      // Signing is the liaison's (or the unit head's); reporting is everyone's in the unit.
      if (actor.unitId === null || !actor.permissions.has(todo === 'to_sign' ? 'matter.sign' : 'matter.handle')) return sql<boolean>`false`;
      const state =
        todo === 'to_sign'
          ? sql`mu.status = 'pending' and m.status in ('assigned', 'in_progress')`
          : sql`mu.status = 'signed' and m.status = 'in_progress' and m.report_cadence <> 'none' and ${reportDueSql(now)}`;
      return sql<boolean>`exists (select 1 from matter_units mu where mu.matter_id = m.id and mu.tenant_id = ${t} and mu.unit_id = ${actor.unitId} and ${state})`;
    }
    case 'to_approve_extension':
      if (!actor.permissions.has('matter.manage')) return sql<boolean>`false`;
      return sql<boolean>`exists (select 1 from extension_requests e where e.matter_id = m.id and e.tenant_id = ${t} and e.status = 'pending')`;
    case 'notices_to_acknowledge':
      if (actor.personId === null) return sql<boolean>`false`;
      return sql<boolean>`exists (select 1 from notice_recipients r join notices n on n.id = r.notice_id where n.matter_id = m.id and r.tenant_id = ${t} and r.person_id = ${actor.personId} and r.acknowledged_at is null and n.closed_at is null)`;
  }
}
