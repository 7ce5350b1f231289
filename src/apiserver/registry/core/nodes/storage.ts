import { ServiceUnavailableError } from '../../../../util/errors.js';
import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
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
  connectors: {
    // Until kts has a node agent, no node can be reached (upstream proxies to the kubelet's port).
    proxy: async ({ store, name }) => {
      await store.get('', name); // 404 for a node that does not exist
      throw new ServiceUnavailableError(`no node agent serves node ${name} yet`);
    },
  },
};
