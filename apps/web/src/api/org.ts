import type { UnitView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { get } from './client';

/** The tenant's units (flat), cached for pickers and names. */
export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => get<{ items: UnitView[] }>('/api/units'), staleTime: 60_000, select: (d) => d.items });
}

export type UnitNode = UnitView & { children?: UnitNode[] };

/** Builds the unit tree from the flat list (divisions under their units). */
export function unitTree(units: UnitView[]): UnitNode[] {
  const byId = new Map<number, UnitNode>(units.map((u) => [u.id, { ...u }]));
  const roots: UnitNode[] = [];
  for (const u of byId.values()) {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(u);
    else roots.push(u);
  }
  return roots;
}
