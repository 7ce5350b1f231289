import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { endpointsColumns, endpointsStrategy } from './strategy.js';

/** Endpoints (the endpoints controller fills them for services; selector-less services are left alone). */
export const endpoints: Resource = {
  definition: { group: '', version: 'v1', resource: 'endpoints', singularName: 'endpoints', kind: 'Endpoints', namespaced: true, verbs: READ_WRITE_VERBS, shortNames: ['ep'] },
  strategy: endpointsStrategy,
  prefix: '/registry/services/endpoints/',
  schemaType: 'k8s.io.api.core.v1.Endpoints',
  columns: endpointsColumns,
};
