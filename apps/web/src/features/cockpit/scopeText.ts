import type { CockpitView } from '@duban/shared';
import type { TFunction } from 'i18next';

/** Whose matters the cockpit counts, in the UI's language: 全区, 王书记分管及牵头, 住建局所在单位 … */
export function scopeText(scope: CockpitView['scope'], t: TFunction): string {
  if (scope.kind === 'tenant') return t('cockpit.scopeTenant');
  if (scope.basis === 'leader') return t('cockpit.scopeLeader', { name: scope.name });
  if (scope.basis === 'unit') return t('cockpit.scopeUnit', { name: scope.name });
  return scope.label;
}
