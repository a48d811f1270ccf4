import type { DemoStep } from './demo.seed';

/** Later issues' demo data (matters, colours, grids, scores), in order; each adds one line. */
export const DEMO_STEPS: readonly DemoStep[] = [];
