import type { Me, Permission } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { dropAllDrafts } from '../components/drafts';
import { ApiError, get, post } from './client';

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when nobody is (401). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await get<Me>('/api/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** True when the user holds the permission. */
export function can(me: Me | null | undefined, p: Permission): boolean {
  return !!me?.permissions.includes(p);
}

/** Signs out and reloads at the login page, so nothing of the session stays in memory (nor form drafts in the browser). */
export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await post('/api/auth/logout').catch(() => undefined);
    qc.clear();
    dropAllDrafts();
    window.location.assign('/login');
  };
}
