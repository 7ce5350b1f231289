import { isDNS1123Label } from '../../../../api/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../../api/validation/object-meta.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type Namespace = KubeObject & { spec?: { finalizers?: string[] }; status?: { phase?: string } };

/** The namespaces every cluster has (NamespaceLifecycle keeps them). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const namespaceStrategy: ResourceStrategy = {
  group: '',
  resource: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
  prepareForCreate(o) {
    const ns = o as Namespace;
    // As upstream: the kubernetes finalizer (the namespace controller removes it), phase Active.
    ns.spec = { ...ns.spec, finalizers: [...new Set([...(ns.spec?.finalizers ?? []), 'kubernetes'])] };
    ns.status = { phase: 'Active' };
    // Upstream labels every namespace with its own name.
    ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
  },
  prepareForUpdate(o, old) {
    const ns = o as Namespace;
    ns.spec = (old as Namespace).spec; // finalizers change through /finalize only
    ns.status = (old as Namespace).status;
    ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
  },
  validate: (o) => validateObjectMeta(o.metadata, false, isDNS1123Label),
  validateUpdate: (o, old) => [...validateObjectMeta(o.metadata, false, isDNS1123Label), ...validateObjectMetaUpdate(o.metadata, old.metadata)],
  specChanged: () => false,
};

export const namespaceColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Status', type: 'string', description: 'The status of the namespace', cell: (o) => (o as Namespace).status?.phase ?? '' },
  AGE_COLUMN,
];
