import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { ingressClassColumns, ingressClassStrategy } from './strategy.js';

export const ingressClasses: Resource = {
  definition: {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingressclasses',
    singularName: 'ingressclass',
    kind: 'IngressClass',
    namespaced: false,
    verbs: READ_WRITE_VERBS,
  },
  strategy: ingressClassStrategy,
  prefix: '/registry/ingressclasses/',
  schemaType: 'k8s.io.api.networking.v1.IngressClass',
  columns: ingressClassColumns,
};
