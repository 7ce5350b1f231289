import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { ingressColumns, ingressStrategy } from './strategy.js';

export const ingresses: Resource = {
  definition: {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    singularName: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['ing'],
    subresources: [statusSubresource('Ingress')],
  },
  strategy: ingressStrategy,
  prefix: '/registry/ingress/',
  schemaType: 'k8s.io.api.networking.v1.Ingress',
  columns: ingressColumns,
};
