import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { serviceAccountColumns, serviceAccountStrategy } from './strategy.js';

/** ServiceAccounts (the `token` subresource arrives with the kubelet's projected tokens). */
export const serviceAccounts: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['sa'],
  },
  strategy: serviceAccountStrategy,
  prefix: '/registry/serviceaccounts/',
  schemaType: 'k8s.io.api.core.v1.ServiceAccount',
  columns: serviceAccountColumns,
};
