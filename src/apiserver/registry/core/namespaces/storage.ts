import { statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { namespaceColumns, namespaceStrategy } from './strategy.js';

/**
 * Namespaces. Deletion is not offered yet: upstream's needs the namespace controller (Terminating,
 * content cleanup, the `kubernetes` finalizer), which arrives with the controller manager.
 */
export const namespaces: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['create', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: [statusSubresource('Namespace')],
  },
  strategy: namespaceStrategy,
  prefix: '/registry/namespaces/',
  schemaType: 'k8s.io.api.core.v1.Namespace',
  columns: namespaceColumns,
  selectableFields: (o) => ({ 'status.phase': String((o as { status?: { phase?: string } }).status?.phase ?? '') }),
};
