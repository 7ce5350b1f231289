/** The heartbeat Lease of one node, as upstream's kubelet writes it (pure). */
import { formatMicroTime } from '../../client/leaderelection/lease-record.js';
import { NODE_LEASE_NAMESPACE, type NodeLease } from './types.js';

/** kubelet's --node-lease-duration-seconds default. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** Renewal period: a quarter of the duration (upstream nodeLeaseRenewIntervalFraction 0.25). */
export const NODE_LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_SECONDS * 250;

export function nodeOwnerReference(nodeName: string, nodeUID: string): Record<string, string> {
  return { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUID };
}

/**
 * The Lease to write at `nowMs` (upstream newLease): `base` (the last one read or written) with
 * a fresh renewTime, or a new one held by the node. The owner reference to the Node is added when
 * the lease has none and the node's uid is known.
 */
export function renewedLease(base: NodeLease | undefined, nodeName: string, nodeUID: string | undefined, nowMs: number): NodeLease {
  const lease: NodeLease = base
    ? { ...base, metadata: { ...base.metadata }, spec: { ...base.spec } }
    : {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE },
        spec: { holderIdentity: nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS },
      };
  lease.spec = { ...lease.spec, renewTime: formatMicroTime(nowMs) };
  const owners = lease.metadata['ownerReferences'] as unknown[] | undefined;
  if ((!owners || owners.length === 0) && nodeUID) lease.metadata['ownerReferences'] = [nodeOwnerReference(nodeName, nodeUID)];
  return lease;
}
