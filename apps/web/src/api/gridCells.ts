import type { GridCellDetail, GridCellProblem, GridCellView, GridLevelView, GridMapView, GridOverview, GridStatsDim, GridStatsView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { get, qs } from './client';

/** The grid tree, map and statistics (issue 16). */

export function useGridLevels() {
  return useQuery({ queryKey: ['grid', 'levels'], queryFn: () => get<{ items: GridLevelView[] }>('/api/grid/levels'), staleTime: 60_000, select: (d) => d.items });
}

/** Current children of a cell (the level-1 cells when parentId is null), or cells matching `q`. */
export function useGridCells(parentId: number | null, q?: string) {
  return useQuery({
    queryKey: ['grid', 'cells', parentId, q ?? ''],
    queryFn: () => get<{ items: GridCellView[] }>(`/api/grid/cells${qs({ parentId, q })}`),
    select: (d) => d.items,
  });
}

export function fetchGridChildren(parentId: number | null) {
  return get<{ items: GridCellView[] }>(`/api/grid/cells${qs({ parentId })}`).then((d) => d.items);
}

export function useGridCell(id: number | null) {
  return useQuery({ queryKey: ['grid', 'cell', id], queryFn: () => get<GridCellDetail>(`/api/grid/cells/${id}`), enabled: id !== null });
}

export function useGridMap(parentId: number | null) {
  return useQuery({ queryKey: ['grid', 'map', parentId], queryFn: () => get<GridMapView>(`/api/grid/map${qs({ parentId })}`), retry: false, staleTime: 30_000 });
}

export function useGridCellProblems(id: number | null, open: boolean) {
  return useQuery({
    queryKey: ['grid', 'cell-problems', id, open],
    queryFn: () => get<{ items: GridCellProblem[] }>(`/api/grid/cells/${id}/problems${qs({ open })}`),
    enabled: id !== null,
    select: (d) => d.items,
  });
}

export type StatsQuery = { from: string; to: string; dim: GridStatsDim; parentId?: number | null };

export function useGridStats(q: StatsQuery) {
  return useQuery({ queryKey: ['grid', 'stats', q], queryFn: () => get<GridStatsView>(`/api/grid/stats${qs(q)}`), retry: false, placeholderData: (prev) => prev });
}

export function useGridOverview(period: { from: string; to: string }, refetchInterval?: number) {
  return useQuery({ queryKey: ['grid', 'overview', period], queryFn: () => get<GridOverview>(`/api/grid/overview${qs(period)}`), retry: false, refetchInterval });
}
