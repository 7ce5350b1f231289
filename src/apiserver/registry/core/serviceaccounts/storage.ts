import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { connectTokenRequest } from './token-request.js';
import { serviceAccountColumns, serviceAccountStrategy } from './strategy.js';

/** ServiceAccounts, with the `token` subresource (TokenRequest). */
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
    subresources: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }],
  },
  connectors: { token: connectTokenRequest },
  strategy: serviceAccountStrategy,
  prefix: '/registry/serviceaccounts/',
  schemaType: 'k8s.io.api.core.v1.ServiceAccount',
  columns: serviceAccountColumns,
};
