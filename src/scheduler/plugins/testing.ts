/** Test helpers: pods, nodes and a Handle over a snapshot (no API; plugins under test must not call it). */
import type { Node, Pod, PodSpec } from '../framework/api-types.js';
import type { Handle } from '../framework/interface.js';
import type { Snapshot } from '../framework/snapshot.js';

export function makePod(name: string, spec: Partial<PodSpec> = {}, labels?: Record<string, string>): Pod {
  return { metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(labels ? { labels } : {}) }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec } };
}

export function withRequests(pod: Pod, requests: Record<string, string>): Pod {
  return { ...pod, spec: { ...pod.spec, containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests } }] } };
}

export function makeNode(name: string, options: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: NonNullable<Node['spec']>['taints']; unschedulable?: boolean; images?: { names: string[]; sizeBytes: number }[] } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { taints: options.taints, unschedulable: options.unschedulable },
    status: { allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' }, images: options.images },
  };
}

export function handleFor(snapshot: Snapshot): Handle {
  const unsupported = (): never => {
    throw new Error('not available in plugin unit tests');
  };
  return new Proxy({} as Handle, {
    get(_target, prop) {
      if (prop === 'snapshotSharedLister') return () => snapshot;
      return unsupported;
    },
  });
}
