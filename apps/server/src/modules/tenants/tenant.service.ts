import { DEFAULT_CATEGORIES } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { systemActor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { seedOfficialCalendar } from '../calendar/calendar.service';
import { seedGridDefaults } from '../grid/grid-setup';
import { recordTrace } from '../trace/trace.service';

/**
 * What every tenant starts with, demo or not: the official working-day calendar, the default categories, and the
 * grid's standard 部件/事件 taxonomy with its first time-limit table (in force from `now`).
 */
export async function applyTenantDefaults(trx: Transaction<DB>, tenantId: number, now: Date = new Date()): Promise<void> {
  await seedOfficialCalendar(trx, tenantId);
  await trx
    .insertInto('categories')
    .values(DEFAULT_CATEGORIES.map((name, i) => ({ tenant_id: tenantId, name, sort: (i + 1) * 10 })))
    .execute();
  await seedGridDefaults(trx, tenantId, now);
}

export type NewTenant = { code: string; name: string; docPrefix?: string };

/** Checks a new tenant's fields; returns the problems (empty when fine). */
export function tenantProblems(t: NewTenant): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9_-]{1,31}$/.test(t.code)) problems.push('code: 2–32 lower-case letters, digits, _ or -, starting with a letter (e.g. erqi)');
  if (!t.name.trim() || t.name.trim().length > 100) problems.push('name: 1–100 characters (e.g. 郑州市二七区)');
  if (t.docPrefix !== undefined && (!t.docPrefix.trim() || t.docPrefix.trim().length > 10)) problems.push('doc prefix: 1–10 characters (e.g. 二七督)');
  return problems;
}

/**
 * Creates an empty tenant (a district or city using Duban) with its defaults, so that a
 * deployment without the demo (DEMO=off) can get its first accounts and import its organisation.
 */
export async function createTenant(deps: Deps, input: NewTenant): Promise<{ id: number; code: string; name: string; docPrefix: string }> {
  const problems = tenantProblems(input);
  if (problems.length) throw new Error(problems.join('\n'));
  const name = input.name.trim();
  const docPrefix = input.docPrefix?.trim() || `${name.replace(/^.*?[省市]/, '').slice(0, 2)}督`;
  const existing = await deps.db.selectFrom('tenants').select('id').where('code', '=', input.code).executeTakeFirst();
  if (existing) throw new Error(`a tenant with code "${input.code}" exists already`);
  const id = await inTransaction(deps.db, async (trx) => {
    const row = await trx.insertInto('tenants').values({ code: input.code, name, doc_prefix: docPrefix, settings: '{}' }).returning('id').executeTakeFirstOrThrow();
    await applyTenantDefaults(trx, row.id, deps.clock.now());
    await recordTrace(trx, deps.clock, systemActor(row.id, '命令行'), {
      action: 'tenant.create',
      entityType: 'tenant',
      entityId: row.id,
      after: { code: input.code, name, docPrefix },
    });
    return row.id;
  });
  return { id, code: input.code, name, docPrefix };
}
