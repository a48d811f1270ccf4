import { unitSchema, type UnitView } from '@duban/shared';
import type { Unit } from './unit.table';

export { unitSchema, type UnitView };

export function presentUnit(u: Unit): UnitView {
  return {
    id: u.id,
    parentId: u.parent_id,
    kind: u.kind,
    name: u.name,
    shortName: u.short_name,
    code: u.code,
    sort: u.sort,
    active: u.active,
    version: u.version,
  };
}
