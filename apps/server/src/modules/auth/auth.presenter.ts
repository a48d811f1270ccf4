import { z } from 'zod';
import { PERMISSIONS, ROLES } from '@duban/shared';
import type { Actor } from '../../lib/actor';

export const meSchema = z.object({
  accountId: z.number().int().nullable(),
  username: z.string().nullable(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  personId: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  tenant: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  mustChangePassword: z.boolean(),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

/** What the browser learns about the signed-in user. */
export function presentMe(
  actor: Actor,
  extra: { tenant: { id: number; code: string; name: string }; unitName: string | null; mustChangePassword: boolean; csrfToken: string | null },
): Me {
  return {
    accountId: actor.accountId,
    username: actor.username,
    name: actor.name,
    roles: [...actor.roles],
    permissions: [...actor.permissions].sort(),
    personId: actor.personId,
    unitId: actor.unitId,
    ...extra,
  };
}
