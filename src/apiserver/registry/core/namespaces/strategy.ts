import { isDNS1123Label } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { StatusError } from '../../../../util/errors.js';

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
  // Deletion waits for spec.finalizers (the namespace controller empties them via /finalize
  // once the namespace's content is gone); meanwhile the namespace is Terminating.
  deletionPending: (o) => ((o as Namespace).spec?.finalizers?.length ?? 0) > 0,
  prepareForDelete: (o) => void ((o as Namespace).status = { ...(o as Namespace).status, phase: 'Terminating' }),
  admitDelete(o) {
    // NamespaceLifecycle: the system namespaces always exist.
    const name = o.metadata.name ?? '';
    if (SYSTEM_NAMESPACES.includes(name)) throw new StatusError('Forbidden', 403, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
  },
  nameRule: isDNS1123Label,
};

export const namespaceColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Status', type: 'string', description: 'The status of the namespace', cell: (o) => (o as Namespace).status?.phase ?? '' },
  AGE_COLUMN,
];
