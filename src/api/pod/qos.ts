/** A pod's quality of service class (upstream ComputePodQOS, k8s.io/kubernetes/pkg/apis/core/helper/qos). */
import { quantityFromJSON, type Quantity } from '../quantity/index.js';
import type { ContainerLike, PodSpecLike } from '../validation/pod/shapes.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/**
 * BestEffort when no container requests or limits cpu or memory; Guaranteed when every container
 * limits both and the summed requests equal the summed limits; Burstable otherwise.
 */
export function computePodQOS(spec: PodSpecLike): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers: ContainerLike[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  for (const container of containers) {
    add(requests, container.resources?.requests);
    const found = add(limits, container.resources?.limits);
    if (!QOS_RESOURCES.every((name) => found.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (!limit || limit.compare(request) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** Adds the positive cpu/memory quantities of `list` into `sums`; returns the names added. */
function add(sums: Map<string, Quantity>, list: Record<string, unknown> | undefined): Set<string> {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(list ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    let quantity: Quantity;
    try {
      quantity = quantityFromJSON(value);
    } catch {
      continue;
    }
    if (quantity.sign() <= 0) continue;
    found.add(name);
    const sum = sums.get(name);
    sums.set(name, sum ? sum.add(quantity) : quantity);
  }
  return found;
}
