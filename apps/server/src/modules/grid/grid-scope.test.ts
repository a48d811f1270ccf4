import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/actor';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from './grid.fixtures';
import { gridProblemScope, gridTenantWide, actsForUnit } from './grid-scope';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let g: Awaited<ReturnType<typeof seedGrid>>;

/**
 * The scope as it was written before it was shaped for the indexes (migration 11200): one OR over the five columns
 * with the cells as a subquery. The reference the indexed form must agree with, row for row.
 */
function referenceScope(actor: Actor): RawBuilder<boolean> | null {
  if (gridTenantWide(actor)) return null;
  const tid = actor.tenantId;
  const ids = actor.scope.kind === 'units' && actsForUnit(actor) ? actor.scope.unitIds : [];
  const u = sql.join(ids.length ? ids : [-1]);
  const me = actor.accountId ?? -1;
  const cells = sql`with recursive vis(id) as (
      select c.id from grid_cells c where c.tenant_id = ${tid}
         and (c.unit_id in (${u}) or c.id in (select s.cell_id from grid_staff s where s.tenant_id = ${tid} and s.valid_to is null
                                                and (s.account_id = ${me} or s.person_id = ${actor.personId ?? -1})))
      union
      select c.id from grid_cells c join vis on c.parent_id = vis.id where c.tenant_id = ${tid})
    select id from vis`;
  return sql<boolean>`(p.cell_id in (${cells}) or p.dispatched_unit_id in (${u}) or p.hold_unit_id in (${u}) or p.reporter_account_id = ${me} or p.handler_account_id = ${me})`;
}

async function ticketsOf(scope: RawBuilder<boolean> | null, openOnly: boolean): Promise<string[]> {
  const r = await sql<{ ticket: string }>`select p.ticket from grid_problems p
    where p.tenant_id = ${t.tenantId} and ${scope ?? sql<boolean>`true`} and ${openOnly ? sql`p.closed_at is null` : sql`true`} order by p.ticket`.execute(rt.db);
  return r.rows.map((x) => x.ticket);
}

describe('the grid problem scope in its indexed form', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt);
    g = await seedGrid(rt, t);
    const { street, community, cellA, cellB } = g.cells;
    // The street office's level-1 cell is linked to its unit, so its liaison sees the whole branch.
    await rt.db.updateTable('grid_cells').set({ unit_id: t.units.street }).where('id', '=', street).execute();
    const handler = t.accounts[`${t.code}handler`] ?? null;
    const gridA = g.staff.gridA.accountId;
    // Every way into a scope, each open and closed: the cell, the dispatched unit, the holding unit, the reporter, the handler.
    const rows: [string, Partial<{ cell_id: number | null; dispatched_unit_id: number; hold_unit_id: number; reporter_account_id: number | null; handler_account_id: number | null }>][] = [
      ['cellA', { cell_id: cellA }],
      ['cellB', { cell_id: cellB }],
      ['community', { cell_id: community }],
      ['street', { cell_id: street }],
      ['nowhere', { cell_id: null }],
      ['dispatched-housing', { cell_id: null, dispatched_unit_id: t.units.housing }],
      ['held-housing', { cell_id: null, hold_unit_id: t.units.housing }],
      ['held-street', { cell_id: null, hold_unit_id: t.units.street }],
      ['reported-by-gridA', { cell_id: null, reporter_account_id: gridA }],
      ['handled-by-handler', { cell_id: null, handler_account_id: handler }],
      ['handled-by-gridA', { cell_id: cellB, handler_account_id: gridA }],
    ];
    for (const [name, cols] of rows) {
      for (const closed of [false, true]) {
        await rt.db
          .insertInto('grid_problems')
          .values({
            tenant_id: t.tenantId,
            ticket: `${name}${closed ? '-closed' : ''}`,
            source: 'grid',
            category_id: g.cat('SJ0101'),
            urgency: 'normal',
            title: name,
            status: closed ? 'closed' : 'dispatched',
            hold_level: 'cell',
            hold_since: '2026-11-02T01:00:00Z',
            reported_at: '2026-11-02T01:00:00Z',
            closed_at: closed ? '2026-11-10T02:00:00Z' : null,
            ...cols,
          })
          .execute();
      }
    }
  });
  afterAll(async () => {
    await rt.close();
  });

  it('returns exactly what the single OR returned, for every kind of scope, open only and all', async () => {
    const c = t.code;
    const actors: [string, Actor][] = [];
    for (const u of [`${c}grida`, `${c}gridb`, `${c}sqgrid`, `${c}liaison`, `${c}hliaison`, `${c}handler`, `${c}head`, `${c}dcb`, `${c}shuji`]) actors.push([u, await t.actor(u)]);
    const base = await t.actor(`${c}grida`);
    // Without an account (a system actor narrowed to a unit) and with a unit but no role speaking for it.
    actors.push(['no account, housing liaison', { ...base, accountId: null, personId: null, roles: ['liaison'], scope: { kind: 'units', unitIds: [t.units.housing] } }]);
    actors.push(['unit without a unit role', { ...base, roles: ['grid_leader'], scope: { kind: 'units', unitIds: [t.units.street] } }]);
    const seen = new Set<string>();
    for (const [who, actor] of actors) {
      for (const openOnly of [true, false]) {
        const want = await ticketsOf(referenceScope(actor), openOnly);
        const got = await ticketsOf(gridProblemScope(actor), openOnly);
        expect({ who, openOnly, got }).toEqual({ who, openOnly, got: want });
        seen.add(want.join(','));
      }
    }
    // The cases tell apart: not every actor sees the same problems.
    expect(seen.size).toBeGreaterThan(6);
    // Spot checks of what each kind sees (open only).
    expect(await ticketsOf(gridProblemScope(await t.actor(`${c}grida`)), true)).toEqual(['cellA', 'handled-by-gridA', 'reported-by-gridA']);
    expect(await ticketsOf(gridProblemScope(await t.actor(`${c}sqgrid`)), true)).toEqual(['cellA', 'cellB', 'community', 'handled-by-gridA']);
    expect(await ticketsOf(gridProblemScope(await t.actor(`${c}hliaison`)), true)).toEqual(['dispatched-housing', 'held-housing']);
    expect(gridProblemScope(await t.actor(`${c}dcb`))).toBeNull();
  });
});
