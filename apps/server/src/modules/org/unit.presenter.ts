import { z } from 'zod';
import { UNIT_KINDS } from '@duban/shared';
import type { Unit } from './unit.table';

export const unitSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string().nullable(),
  sort: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type UnitView = z.infer<typeof unitSchema>;

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
