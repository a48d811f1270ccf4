import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page component fetched on first visit; `load` imports the feature module and picks the page.
 * Keeps ECharts, the cockpit and the admin pages out of what the login page and workbench need.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => ({ default: await load() }));
}
