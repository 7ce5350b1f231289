import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { endpointSliceColumns, endpointSliceStrategy } from './strategy.js';

/** EndpointSlices (the endpointslice controller labels its slices kubernetes.io/service-name). */
export const endpointSlices: Resource = {
  definition: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', singularName: 'endpointslice', kind: 'EndpointSlice', namespaced: true, verbs: READ_WRITE_VERBS },
  strategy: endpointSliceStrategy,
  prefix: '/registry/endpointslices/',
  schemaType: 'k8s.io.api.discovery.v1.EndpointSlice',
  columns: endpointSliceColumns,
};
