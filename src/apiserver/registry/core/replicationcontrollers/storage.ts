import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { SCALE_SUBRESOURCE } from '../../scale.js';
import { replicasField } from '../../apps/replicasets/strategy.js';
import { replicationControllerColumns, replicationControllerStrategy } from './strategy.js';

/** core/v1 ReplicationControllers (pods come with the replication controller manager). */
export const replicationControllers: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    singularName: 'replicationcontroller',
    kind: 'ReplicationController',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: [statusSubresource('ReplicationController'), SCALE_SUBRESOURCE],
  },
  strategy: replicationControllerStrategy,
  prefix: '/registry/controllers/',
  schemaType: 'k8s.io.api.core.v1.ReplicationController',
  columns: replicationControllerColumns,
  scale: { specReplicas: ['spec', 'replicas'], statusReplicas: ['status', 'replicas'], selector: ['spec', 'selector'], selectorKind: 'map' },
  selectableFields: replicasField,
};
