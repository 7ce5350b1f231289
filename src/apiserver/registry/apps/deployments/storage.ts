import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { REPLICAS_SCALE, SCALE_SUBRESOURCE } from '../../scale.js';
import { deploymentColumns, deploymentStrategy } from './strategy.js';

/** apps/v1 Deployments (rollouts come with the deployment controller). */
export const deployments: Resource = {
  definition: {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [statusSubresource('Deployment'), SCALE_SUBRESOURCE],
  },
  strategy: deploymentStrategy,
  prefix: '/registry/deployments/',
  schemaType: 'k8s.io.api.apps.v1.Deployment',
  columns: deploymentColumns,
  scale: REPLICAS_SCALE,
};
