import type { Permission, Role, WorkbenchSectionKey } from '@duban/shared';

/**
 * The 待我处理 tab a person lands on: the first with something waiting (督查办: the completions and extensions to
 * decide, not an empty 待签收), or the first tab when nothing waits anywhere.
 */
export function landingSection(sections: ReadonlyArray<{ key: WorkbenchSectionKey; count: number }>): WorkbenchSectionKey | undefined {
  return (sections.find((s) => s.count > 0) ?? sections[0])?.key;
}

/**
 * Whether the workbench has nothing for this person but the cockpit does (a 书记 or 分管领导 reads, and acts
 * through the cockpit): they land on the cockpit instead of an empty 暂无待办.
 */
export function landsOnCockpit(permissions: readonly Permission[], workbenchPermissions: readonly Permission[]): boolean {
  return permissions.includes('cockpit.read') && !workbenchPermissions.some((p) => permissions.includes(p));
}

/**
 * Whether a person lands on the 网格长's phone page: a 网格长 whose work is the grid, with nothing on the matters
 * workbench (a 网格长 who is also a unit's liaison keeps the workbench and finds the phone page in the menu).
 */
export function landsOnGridPhone(roles: readonly Role[], permissions: readonly Permission[], workbenchPermissions: readonly Permission[]): boolean {
  return roles.includes('grid_leader') && permissions.includes('grid.report') && !workbenchPermissions.some((p) => permissions.includes(p));
}
