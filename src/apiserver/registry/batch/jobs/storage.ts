import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { jobColumns, jobStrategy, type Job } from './strategy.js';

/** batch/v1 Jobs (pods come with the job controller). */
export const jobs: Resource = {
  definition: {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    singularName: 'job',
    kind: 'Job',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    categories: ['all'],
    subresources: [statusSubresource('Job')],
  },
  strategy: jobStrategy,
  prefix: '/registry/jobs/',
  schemaType: 'k8s.io.api.batch.v1.Job',
  columns: jobColumns,
  // Upstream's extra field selector of Jobs.
  selectableFields: (o) => ({ 'status.successful': String((o as Job).status?.succeeded ?? 0) }),
};
