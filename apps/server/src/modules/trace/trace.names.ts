import { traceRefKind, type TraceNames } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { TraceRow } from './trace.table';

const ids = (v: unknown): number[] => {
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  if (Array.isArray(v)) return v.flatMap(ids);
  if (v && typeof v === 'object' && 'personId' in v) return ids(v.personId); // notice recipients
  return [];
};

const byId = (rows: { id: number; name: string }[]) => Object.fromEntries(rows.map((r) => [String(r.id), r.name]));

/** The names behind the ids a page of trace entries mentions, and each entry's object by its number. */
export async function traceNames(db: Kysely<DB>, tenantId: number, rows: readonly TraceRow[]): Promise<TraceNames> {
  const want = { units: new Set<number>(), people: new Set<number>(), categories: new Set<number>(), matters: new Set<number>(), notices: new Set<number>() };
  for (const r of rows) {
    for (const rec of [r.before, r.after]) {
      if (!rec) continue;
      for (const [k, v] of Object.entries(rec)) {
        const kind = traceRefKind(r.entity_type, k);
        if (kind) for (const id of ids(v)) want[kind].add(id);
      }
    }
    const id = Number(r.entity_id);
    if (Number.isInteger(id) && r.entity_type === 'matter') want.matters.add(id);
    if (Number.isInteger(id) && r.entity_type === 'notice') want.notices.add(id);
    if (Number.isInteger(id) && r.entity_type === 'unit') want.units.add(id);
    if (Number.isInteger(id) && r.entity_type === 'person') want.people.add(id);
  }
  const list = (s: Set<number>) => [...s];
  const none = Promise.resolve([]);
  const [units, people, categories, matters, notices] = await Promise.all([
    want.units.size ? db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', list(want.units)).execute() : none,
    want.people.size ? db.selectFrom('people').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', list(want.people)).execute() : none,
    want.categories.size ? db.selectFrom('categories').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', list(want.categories)).execute() : none,
    want.matters.size ? db.selectFrom('matters').select(['id', 'number as name']).where('tenant_id', '=', tenantId).where('id', 'in', list(want.matters)).execute() : none,
    want.notices.size ? db.selectFrom('notices').select(['id', 'number as name']).where('tenant_id', '=', tenantId).where('id', 'in', list(want.notices)).execute() : none,
  ]);
  return { units: byId(units), people: byId(people), categories: byId(categories), matters: byId(matters), notices: byId(notices) };
}

/** How the audit page names an entry's object: its number (二七督〔2026〕1006号) or name where it has one. */
export function entityLabel(r: TraceRow, names: TraceNames): string | null {
  const table = r.entity_type === 'matter' ? names.matters : r.entity_type === 'notice' ? names.notices : r.entity_type === 'unit' ? names.units : r.entity_type === 'person' ? names.people : null;
  const fromRecord = r.after?.number ?? r.before?.number;
  return table?.[r.entity_id] ?? (typeof fromRecord === 'string' ? fromRecord : null);
}
