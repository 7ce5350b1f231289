import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { daemonSetColumns, daemonSetStrategy } from './strategy.js';

/** apps/v1 DaemonSets (pods come with the daemonset controller). */
export const daemonSets: Resource = {
  definition: {
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [statusSubresource('DaemonSet')],
  },
  strategy: daemonSetStrategy,
  prefix: '/registry/daemonsets/',
  schemaType: 'k8s.io.api.apps.v1.DaemonSet',
  columns: daemonSetColumns,
};
