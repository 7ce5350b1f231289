import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { networkPolicyColumns, networkPolicyStrategy } from './strategy.js';

export const networkPolicies: Resource = {
  definition: {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'networkpolicies',
    singularName: 'networkpolicy',
    kind: 'NetworkPolicy',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['netpol'],
  },
  strategy: networkPolicyStrategy,
  prefix: '/registry/networkpolicies/',
  schemaType: 'k8s.io.api.networking.v1.NetworkPolicy',
  columns: networkPolicyColumns,
};
