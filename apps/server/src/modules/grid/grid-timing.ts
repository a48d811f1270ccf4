import type { GridUrgency, LimitOf, WorkClock } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { limitsFor } from './grid-limits.service';
import { gridWorkClock } from './grid-settings';

/** A problem's clock: the tenant's working time and the limits of its version, category and urgency. */
export type Timing = { clock: WorkClock; limitOf: LimitOf };

/** The timing of a problem (or of one about to be written), from the root database handle (cached lookups). */
export async function timingFor(
  db: Kysely<DB>,
  p: { tenant_id: number; limit_version_id: number | null; category_id: number; category_parent_id: number | null; urgency: GridUrgency },
): Promise<Timing> {
  const [clock, limitOf] = await Promise.all([
    gridWorkClock(db, p.tenant_id),
    limitsFor(db, { versionId: p.limit_version_id, categoryId: p.category_id, parentCategoryId: p.category_parent_id, urgency: p.urgency }),
  ]);
  return { clock, limitOf };
}
