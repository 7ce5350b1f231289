import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { resourceQuotaColumns, resourceQuotaStrategy } from './strategy.js';

/** ResourceQuotas (usage in status comes with the quota controller). */
export const resourceQuotas: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'resourcequotas',
    singularName: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['quota'],
    subresources: [statusSubresource('ResourceQuota')],
  },
  strategy: resourceQuotaStrategy,
  prefix: '/registry/resourcequotas/',
  schemaType: 'k8s.io.api.core.v1.ResourceQuota',
  columns: resourceQuotaColumns,
};
