import { statusUpdate, type SubresourceUpdate } from '../../generic/subresource-update.js';
import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { REPLICAS_SCALE, SCALE_SUBRESOURCE } from '../../scale.js';
import { deploymentColumns, deploymentStrategy } from './strategy.js';

/**
 * Deployments' `/status` (upstream deploymentStatusStrategy resets only spec and labels): the
 * status and the annotations, which is how the deployment controller records
 * `deployment.kubernetes.io/revision` without bumping the generation.
 */
const deploymentStatusUpdate: SubresourceUpdate = (requested, stored) => {
  const next = statusUpdate(requested, stored);
  const annotations = requested.metadata.annotations;
  if (annotations === undefined) delete next.metadata.annotations;
  else next.metadata = { ...next.metadata, annotations: { ...annotations } };
  return next;
};

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
  subresourceUpdates: { status: deploymentStatusUpdate },
};
