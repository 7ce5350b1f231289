import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import { metadataFields, type Resource } from '../../resource.js';
import { connectBinding } from './binding.js';
import { ephemeralContainersUpdate } from './ephemeral-containers.js';
import { connectEviction } from './eviction.js';
import { streamingConnectors } from './streaming.js';
import { admitPodPriority } from './priority.js';
import { podStrategy } from './strategy.js';
import { podColumns } from './table.js';
import type { Pod } from './types.js';

/**
 * The fields pods can be selected by (upstream PodToSelectableFields): `kubectl get pods
 * --field-selector spec.nodeName=n1` is how kubelets and the scheduler watch their pods.
 */
export function podSelectableFields(o: Pod): Record<string, string> {
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  return {
    ...metadataFields(o, true),
    'spec.nodeName': spec.nodeName ?? '',
    'spec.restartPolicy': spec.restartPolicy ?? '',
    'spec.schedulerName': spec.schedulerName ?? '',
    'spec.serviceAccountName': spec.serviceAccountName ?? '',
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': status.phase ?? '',
    // upstream: the first pod IP, as status.podIP.
    'status.podIP': status.podIPs?.[0]?.ip ?? status.podIP ?? '',
    'status.nominatedNodeName': status.nominatedNodeName ?? '',
  };
}

/** Pods, with their status, binding, eviction and the node-served streaming subresources. */
export const pods: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      statusSubresource('Pod'),
    ],
  },
  strategy: podStrategy,
  prefix: '/registry/pods/',
  schemaType: 'k8s.io.api.core.v1.Pod',
  columns: podColumns,
  selectableFields: (o) => podSelectableFields(o as Pod),
  triggerField: 'spec.nodeName',
  admitCreate: admitPodPriority,
  subresourceUpdates: { ephemeralcontainers: ephemeralContainersUpdate },
  connectors: { binding: connectBinding, eviction: connectEviction, ...streamingConnectors },
};
