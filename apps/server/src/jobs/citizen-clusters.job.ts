import { flagClusters } from '../modules/citizens/citizens-cluster';
import type { Job } from './job';

/** 聚集提示: N reports of one category in one cell within 30 days are flagged to the street (once across instances). */
export const citizenClustersJob: Job = {
  name: 'citizen-clusters',
  cron: '45 * * * * *',
  run: (deps) => flagClusters(deps),
};
