import { seedGridDefaults } from '../modules/grid/grid-setup';
import type { DemoStep } from './demo.seed';

/**
 * The citizens' page of the demo district (/p/erqi) offers the standard 部件/事件 taxonomy: the demo gets it and the
 * first time-limit version (skipped where another step already gave them).
 */
export const demoCitizensStep: DemoStep = async (_deps, trx, ctx) => {
  await seedGridDefaults(trx, ctx.tenantId, new Date('2026-01-01T00:00:00+08:00'));
};
