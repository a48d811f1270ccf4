import { applyTenantDefaults } from '../modules/tenants/tenant.service';
import type { DemoStep } from './demo.seed';
import { demoMattersStep } from './demo-matters';
import { demoTraceStep } from './demo-trace';
import { demoAssessmentStep } from './demo-assessment';
import { demoEvaluationStep } from './demo-evaluation';
import { demoGridStep } from './demo-grid';
import { demoGridProblemsStep } from './demo-grid-problems';
import { demoMeetingsStep } from './demo-meetings';
import { demoOpen311Step } from './demo-open311';

/**
 * What every tenant starts with (calendar, categories, the grid taxonomy), as create-tenant gives a real one; the
 * first time-limit table is in force from a year back, so the demo's older grid problems are judged by it.
 */
const defaultsStep: DemoStep = async (deps, trx, ctx) => applyTenantDefaults(trx, ctx.tenantId, new Date(deps.clock.now().getTime() - 366 * 86_400_000));

/** Later issues' demo data (matters, colours, grids, scores), in order; each adds one line. */
export const DEMO_STEPS: readonly DemoStep[] = [defaultsStep, demoMattersStep, demoTraceStep, demoEvaluationStep, demoMeetingsStep, demoAssessmentStep, demoGridStep, demoGridProblemsStep, demoOpen311Step];
