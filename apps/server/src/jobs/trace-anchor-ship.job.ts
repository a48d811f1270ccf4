import { shipAnchor } from '../modules/trace/trace.anchor-ship';
import type { Job } from './job';

/** Sends the trace anchor off the box (TRACE_ANCHOR_URL, TRACE_ANCHOR_SYSLOG), hourly by default; nothing when neither is set. */
export const traceAnchorShipJob: Job = {
  name: 'trace-anchor-ship',
  cron: (config) => config.traceAnchorCron,
  run: async (deps) => {
    if (!deps.config.traceAnchorUrl && !deps.config.traceAnchorSyslog) return null;
    await deps.anchor.flush();
    return shipAnchor(deps.anchor, deps.config, deps.clock.now());
  },
};
