import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Deps } from '../lib/deps';

/** A scheduled job declares its own schedule (cron, Asia/Shanghai) next to what it does. */
export type Job = {
  name: string;
  cron: string | ((config: Config) => string); // six fields allowed: seconds first; a function reads it from config
  run(deps: Deps): Promise<unknown>;
};

/** Starts every job; overlapping runs of one job are skipped. Returns a stop function. */
export function startJobs(jobs: readonly Job[], deps: Deps, log: FastifyBaseLogger): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(typeof job.cron === 'function' ? job.cron(deps.config) : job.cron, { timezone: 'Asia/Shanghai', protect: true, name: job.name }, async () => {
        try {
          await job.run(deps);
        } catch (err) {
          log.error({ err, job: job.name }, 'job failed');
        }
      }),
  );
  return () => crons.forEach((c) => c.stop());
}
