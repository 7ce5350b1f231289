/**
 * A pod's resource requests (model: k8s.io/component-helpers/resource PodRequests), as numbers in
 * the scheduler's units: `cpu` in millicores, every other resource in whole units (bytes for
 * memory and ephemeral-storage, counts for extended resources), rounded up like Quantity.Value().
 *
 * The pod's request for a resource is the larger of
 *   - the sum over regular containers and restartable (sidecar) init containers, and
 *   - for each regular init container, its request plus the sidecars started before it,
 * plus spec.overhead (unless excluded).
 */
import { quantityFromJSON } from '../quantity/index.js';
import type { ContainerLike, PodSpecLike, ResourceList } from '../validation/pod/shapes.js';

export type ResourceAmounts = Map<string, number>;

export interface PodRequestsOptions {
  /** Leave spec.overhead out (default: included). */
  excludeOverhead?: boolean;
  /** Defaults for resources a container does not request (upstream NonMissingContainerRequests). */
  nonMissingContainerRequests?: ReadonlyMap<string, number>;
}

/** Upstream's DefaultMilliCPURequest and DefaultMemoryRequest (non-zero requests for scoring). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function podRequests(spec: PodSpecLike & { overhead?: ResourceList }, options: PodRequestsOptions = {}): ResourceAmounts {
  const reqs: ResourceAmounts = new Map();
  for (const container of spec.containers ?? []) add(reqs, containerRequests(container, options));
  const sidecars: ResourceAmounts = new Map();
  const initMax: ResourceAmounts = new Map();
  for (const container of spec.initContainers ?? []) {
    let requests = containerRequests(container, options);
    if (container.restartPolicy === 'Always') {
      add(reqs, requests);
      add(sidecars, requests);
      requests = sidecars;
    } else {
      const withSidecars: ResourceAmounts = new Map(requests);
      add(withSidecars, sidecars);
      requests = withSidecars;
    }
    max(initMax, requests);
  }
  max(reqs, initMax);
  if (!options.excludeOverhead && spec.overhead) add(reqs, resourceAmounts(spec.overhead));
  return reqs;
}

/** A ResourceList as amounts in the scheduler's units; unparseable quantities are skipped. */
export function resourceAmounts(list: ResourceList | undefined): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [name, value] of Object.entries(list ?? {})) {
    let quantity;
    try {
      quantity = quantityFromJSON(value);
    } catch {
      continue;
    }
    out.set(name, Number(name === 'cpu' ? quantity.milliValue() : quantity.value()));
  }
  return out;
}

function containerRequests(container: ContainerLike, options: PodRequestsOptions): ResourceAmounts {
  const requests = resourceAmounts(container.resources?.requests);
  for (const [name, value] of options.nonMissingContainerRequests ?? []) {
    if (!requests.has(name)) requests.set(name, value);
  }
  return requests;
}

function add(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [name, value] of from) into.set(name, (into.get(name) ?? 0) + value);
}

function max(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [name, value] of from) {
    const current = into.get(name);
    if (current === undefined || value > current) into.set(name, value);
  }
}
