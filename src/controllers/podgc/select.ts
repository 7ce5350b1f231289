/**
 * Which pods the pod garbage collector deletes (model: podgc gc_controller.go), pure.
 */
import { TAINT_NODE_OUT_OF_SERVICE, taintKeyExists } from '../../api/taints/index.js';
import { isNodeReady, type NodeObject, type PodObject } from '../shared/node-types.js';

/** Neither Pending, Running nor Unknown (upstream isPodTerminated). */
export function isPodTerminated(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** Evicted by a kubelet (eviction.PodIsEvicted): Failed with reason Evicted. */
export function isPodEvicted(pod: PodObject): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}

/** Evicted pods first, then oldest creation first, then by name (byEvictionAndCreationTimestamp). */
export function byEvictionAndCreation(a: PodObject, b: PodObject): number {
  const ae = isPodEvicted(a);
  const be = isPodEvicted(b);
  if (ae !== be) return ae ? -1 : 1;
  const at = Date.parse(String(a.metadata['creationTimestamp'] ?? ''));
  const bt = Date.parse(String(b.metadata['creationTimestamp'] ?? ''));
  if (at !== bt && !Number.isNaN(at) && !Number.isNaN(bt)) return at - bt;
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** The terminated pods beyond `threshold`, in deletion order (none when threshold <= 0). */
export function terminatedPodsOverThreshold(pods: readonly PodObject[], threshold: number): PodObject[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  return terminated.sort(byEvictionAndCreation).slice(0, excess);
}

/** Terminating pods on nodes that are not Ready and carry the out-of-service taint. */
export function terminatingPodsOnOutOfServiceNodes(pods: readonly PodObject[], node: (name: string) => NodeObject | undefined): PodObject[] {
  return pods
    .filter((pod) => {
      if (!pod.metadata.deletionTimestamp) return false;
      const n = node(pod.spec?.nodeName ?? '');
      return n !== undefined && !isNodeReady(n) && taintKeyExists(n.spec?.taints, TAINT_NODE_OUT_OF_SERVICE);
    })
    .sort(byEvictionAndCreation);
}

/** Terminating pods that were never scheduled. */
export function unscheduledTerminatingPods(pods: readonly PodObject[]): PodObject[] {
  return pods.filter((pod) => pod.metadata.deletionTimestamp && !pod.spec?.nodeName);
}

/** Names of nodes pods are bound to that are not among `existing`. */
export function missingNodeNames(pods: readonly PodObject[], existing: ReadonlySet<string>): Set<string> {
  const missing = new Set<string>();
  for (const pod of pods) {
    const name = pod.spec?.nodeName;
    if (name && !existing.has(name)) missing.add(name);
  }
  return missing;
}
