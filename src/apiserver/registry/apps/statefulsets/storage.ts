import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { REPLICAS_SCALE, SCALE_SUBRESOURCE } from '../../scale.js';
import { statefulSetColumns, statefulSetStrategy } from './strategy.js';

/** apps/v1 StatefulSets (pods come with the statefulset controller). */
export const statefulSets: Resource = {
  definition: {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [statusSubresource('StatefulSet'), SCALE_SUBRESOURCE],
  },
  strategy: statefulSetStrategy,
  prefix: '/registry/statefulsets/',
  schemaType: 'k8s.io.api.apps.v1.StatefulSet',
  columns: statefulSetColumns,
  scale: REPLICAS_SCALE,
};
