import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { leaseColumns, leaseStrategy } from './strategy.js';

/** Leases: node heartbeats (kube-node-lease) and leader election. */
export const leases: Resource = {
  definition: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', singularName: 'lease', kind: 'Lease', namespaced: true, verbs: READ_WRITE_VERBS },
  strategy: leaseStrategy,
  prefix: '/registry/leases/',
  schemaType: 'k8s.io.api.coordination.v1.Lease',
  columns: leaseColumns,
};
