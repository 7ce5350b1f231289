import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { cronJobColumns, cronJobStrategy } from './strategy.js';

/** batch/v1 CronJobs (jobs come with the cronjob controller). */
export const cronJobs: Resource = {
  definition: {
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [statusSubresource('CronJob')],
  },
  strategy: cronJobStrategy,
  prefix: '/registry/cronjobs/',
  schemaType: 'k8s.io.api.batch.v1.CronJob',
  columns: cronJobColumns,
};
