import { statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { namespaceColumns, namespaceStrategy } from './strategy.js';

/**
 * Namespaces. Deleting one makes it Terminating; it goes once its spec.finalizers are emptied
 * through `finalize`, which the namespace controller (with the controller manager) does after
 * deleting the content. Until then, Terminating namespaces stay.
 */
export const namespaces: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: [statusSubresource('Namespace'), { name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  },
  strategy: namespaceStrategy,
  prefix: '/registry/namespaces/',
  schemaType: 'k8s.io.api.core.v1.Namespace',
  columns: namespaceColumns,
  selectableFields: (o) => ({ 'status.phase': String((o as { status?: { phase?: string } }).status?.phase ?? '') }),
};
