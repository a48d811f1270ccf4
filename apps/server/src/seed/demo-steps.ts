import { DEFAULT_CATEGORIES } from '@duban/shared';
import { seedOfficialCalendar } from '../modules/calendar/calendar.service';
import type { DemoStep } from './demo.seed';
import { demoMattersStep } from './demo-matters';

const calendarStep: DemoStep = async (_deps, trx, ctx) => seedOfficialCalendar(trx, ctx.tenantId);

const categoriesStep: DemoStep = async (_deps, trx, ctx) => {
  await trx
    .insertInto('categories')
    .values(DEFAULT_CATEGORIES.map((name, i) => ({ tenant_id: ctx.tenantId, name, sort: (i + 1) * 10 })))
    .execute();
};

/** Later issues' demo data (matters, colours, grids, scores), in order; each adds one line. */
export const DEMO_STEPS: readonly DemoStep[] = [calendarStep, categoriesStep, demoMattersStep];
