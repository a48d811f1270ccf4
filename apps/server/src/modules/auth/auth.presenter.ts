import { meSchema, type Me } from '@duban/shared';
import type { Actor } from '../../lib/actor';

export { meSchema };

/** What the browser learns about the signed-in user. */
export function presentMe(
  actor: Actor,
  extra: { tenant: { id: number; code: string; name: string }; unitName: string | null; mustChangePassword: boolean; totpEnabled: boolean; totpEnrolmentRequired: boolean; csrfToken: string | null; maxUploadBytes: number },
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
