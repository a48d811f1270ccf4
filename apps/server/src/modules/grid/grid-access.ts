import { requireAnyPermission, type Actor } from '../../lib/actor';

/**
 * Who reads the grid's map, problem counts and statistics: everyone with the grid permission, each within their grid
 * data scope (grid-scope.ts: 督查办 and 区领导 the whole tenant, a 网格长 their cells, a community or street its
 * cells, a department what was dispatched to it), applied in SQL by the map and statistics services.
 */
export function requireGridOverview(actor: Actor): void {
  requireAnyPermission(actor, 'grid.read', 'grid.manage');
}
