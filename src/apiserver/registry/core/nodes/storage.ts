import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { connectNodeProxy } from './proxy.js';
import { nodeColumns, nodeStrategy, type Node } from './strategy.js';

/** Nodes (cluster-scoped), with status and the proxy subresource. */
export const nodes: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'nodes',
    singularName: 'node',
    kind: 'Node',
    namespaced: false,
    verbs: READ_WRITE_VERBS,
    shortNames: ['no'],
    subresources: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, statusSubresource('Node')],
  },
  strategy: nodeStrategy,
  prefix: '/registry/minions/',
  schemaType: 'k8s.io.api.core.v1.Node',
  columns: nodeColumns,
  selectableFields: (o) => ({ 'spec.unschedulable': String((o as Node).spec?.unschedulable ?? false) }),
  connectors: { proxy: connectNodeProxy },
};
