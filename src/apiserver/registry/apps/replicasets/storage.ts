import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { REPLICAS_SCALE, SCALE_SUBRESOURCE } from '../../scale.js';
import { replicasField, replicaSetColumns, replicaSetStrategy } from './strategy.js';

/** apps/v1 ReplicaSets (pods come with the replicaset controller). */
export const replicaSets: Resource = {
  definition: {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [statusSubresource('ReplicaSet'), SCALE_SUBRESOURCE],
  },
  strategy: replicaSetStrategy,
  prefix: '/registry/replicasets/',
  schemaType: 'k8s.io.api.apps.v1.ReplicaSet',
  columns: replicaSetColumns,
  scale: REPLICAS_SCALE,
  selectableFields: replicasField,
};
