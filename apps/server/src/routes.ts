import type { App } from './http/zod-app';
import type { Deps } from './lib/deps';
import { accountRoutes } from './modules/auth/account.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { tokenRoutes } from './modules/auth/token.routes';
import { healthRoutes } from './modules/health/health.routes';
import { importRoutes } from './modules/org/import.routes';
import { personRoutes } from './modules/org/person.routes';
import { unitRoutes } from './modules/org/unit.routes';
import { traceRoutes } from './modules/trace/trace.routes';
import { categoryRoutes } from './modules/categories/category.routes';
import { matterActionRoutes } from './modules/matters/matter-actions.routes';
import { matterRoutes } from './modules/matters/matter.routes';
import { workbenchRoutes } from './modules/workbench/workbench.routes';

/** Route modules in the order they register; each feature adds one line. */
export const ROUTES: ReadonlyArray<(app: App, deps: Deps) => Promise<void>> = [
  healthRoutes,
  authRoutes,
  accountRoutes,
  tokenRoutes,
  unitRoutes,
  personRoutes,
  importRoutes,
  traceRoutes,
  categoryRoutes,
  matterRoutes,
  matterActionRoutes,
  workbenchRoutes,
];
