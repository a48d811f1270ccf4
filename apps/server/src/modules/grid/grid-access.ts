import { AppError } from '../../errors';
import { requireAnyPermission, type Actor } from '../../lib/actor';

/**
 * Who reads the grid's map, problem counts and statistics tenant-wide: the supervision office (督查办, the district
 * platform) and district leaders. Narrower readers (a 网格长's cells, a community's, a street's, a department's)
 * come with the grid data scope (grid-scope.ts, issue 16); until the map and statistics filter by it, they answer
 * these tenant-wide views with 403 rather than show more than the scope allows.
 */
export function requireGridOverview(actor: Actor): void {
  requireAnyPermission(actor, 'grid.read', 'grid.manage');
  if (!actor.roles.some((r) => r === 'supervisor' || r === 'leader')) throw new AppError('forbidden', '网格地图和统计目前仅对督查办和区领导开放');
}
