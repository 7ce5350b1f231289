/**
 * The EndpointSlice reconciler's decisions (model: k8s.io/endpointslice reconciler.go Reconcile,
 * reconcileByAddressType, reconcileByPortMapping, finalize). Pure: from the service, its pods,
 * their nodes and the existing managed slices, returns the slices to create, update and delete.
 *
 * Strategy (upstream's): per address type and per distinct port set, 1. keep endpoints that are
 * still desired in the slice that holds them (replacing changed ones in place) and drop the
 * others, deleting slices left empty; 2. fill the changed slices, fullest first, up to
 * `maxEndpointsPerSlice`; 3. put what remains into the unchanged slice it fills best, else new
 * slices. A service without endpoints keeps one placeholder slice (no ports, no endpoints).
 * Creates are turned into updates of slices that would be deleted, to save API calls.
 *
 * Unlike upstream (which iterates Go maps), every choice here is deterministic: endpoints are
 * placed in key order, slices considered in name order.
 */
import { sameJSON } from '../../api/json-equal.js';
import { isServiceIPSet, shouldPodBeInEndpoints } from '../shared/endpoints/pods.js';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, HEADLESS_LABEL, type AddressType, type EndpointSliceLike, type NodeLike, type PodLike, type ServiceLike, type SliceEndpoint, type SlicePort } from '../shared/endpoints/types.js';
import { addressTypesForService, endpointKey, endpointPorts, endpointsEqualBeyondKey, podToEndpoint, portMapKey } from './desired-endpoints.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

export interface ReconcileInput {
  service: ServiceLike;
  pods: readonly PodLike[];
  /** Managed slices of this service (label-selected), without those pending deletion. */
  existing: readonly EndpointSliceLike[];
  /** The node named `name`, or undefined when it does not exist. */
  node(name: string): NodeLike | undefined;
  maxEndpointsPerSlice?: number;
  controllerName?: string;
}

export interface ReconcilePlan {
  create: EndpointSliceLike[];
  update: EndpointSliceLike[];
  delete: EndpointSliceLike[];
  /** Pods skipped for a reason worth retrying (their node does not exist yet). */
  errors: string[];
}

export function reconcile(input: ReconcileInput): ReconcilePlan {
  const plan: ReconcilePlan = { create: [], update: [], delete: [], errors: [] };
  const types = addressTypesForService(input.service);
  const byType = new Map<AddressType, EndpointSliceLike[]>();
  for (const slice of input.existing) {
    if (!types.has(slice.addressType)) {
      plan.delete.push(slice);
      continue;
    }
    const list = byType.get(slice.addressType) ?? [];
    list.push(slice);
    byType.set(slice.addressType, list);
  }
  for (const addressType of [...types].sort()) {
    const part = reconcileAddressType(input, byType.get(addressType) ?? [], addressType);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
    plan.errors.push(...part.errors);
  }
  return plan;
}

function reconcileAddressType(input: ReconcileInput, existing: readonly EndpointSliceLike[], addressType: AddressType): ReconcilePlan {
  const { service } = input;
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const controllerName = input.controllerName ?? CONTROLLER_NAME;
  const errors: string[] = [];
  let toCreate: EndpointSliceLike[] = [];
  const toUpdate: EndpointSliceLike[] = [];
  let toDelete: EndpointSliceLike[] = [];

  const existingByPorts = new Map<string, EndpointSliceLike[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, service)) {
      toDelete.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }

  const desiredByPorts = new Map<string, { ports: SlicePort[]; endpoints: Map<string, SliceEndpoint> }>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portMapKey(ports);
    let desired = desiredByPorts.get(key);
    if (!desired) desiredByPorts.set(key, (desired = { ports, endpoints: new Map() }));
    const nodeName = pod.spec?.nodeName ?? '';
    const node = input.node(nodeName);
    if (!node && service.spec?.publishNotReadyAddresses !== true) {
      errors.push(`skipping Pod ${pod.metadata.name ?? ''} for Service ${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}: Node ${nodeName} Not Found`);
      continue;
    }
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) desired.endpoints.set(endpointKey(endpoint), endpoint);
  }

  for (const [key, desired] of [...desiredByPorts].sort(([a], [b]) => compare(a, b))) {
    const part = reconcilePortMapping(service, existingByPorts.get(key) ?? [], desired.endpoints, { ports: desired.ports, addressType }, max, controllerName);
    toCreate.push(...part.create);
    toUpdate.push(...part.update);
    toDelete.push(...part.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desiredByPorts.has(key)) toDelete.push(...slices);

  // A service without endpoints keeps one placeholder slice.
  if (existing.length === toDelete.length && toCreate.length === 0) {
    const placeholder = newSlice(service, { ports: [], addressType }, controllerName);
    if (toDelete.length === 1 && isSamePlaceholder(toDelete[0]!, placeholder)) toDelete = [];
    else toCreate.push(placeholder);
  }

  // finalize: reuse slices that would be deleted for slices that would be created.
  toDelete = toDelete.filter((doomed) => {
    const last = toCreate[toCreate.length - 1];
    if (!last || doomed.addressType !== last.addressType || !ownedBy(doomed, service)) return true;
    toCreate = toCreate.slice(0, -1);
    toUpdate.push({ ...last, metadata: { ...doomed.metadata, labels: last.metadata.labels } });
    return false;
  });
  return { create: toCreate, update: toUpdate, delete: toDelete, errors };
}

interface SliceMeta {
  ports: SlicePort[];
  addressType: AddressType;
}

function reconcilePortMapping(
  service: ServiceLike,
  existing: readonly EndpointSliceLike[],
  desired: Map<string, SliceEndpoint>,
  meta: SliceMeta,
  max: number,
  controllerName: string,
): { create: EndpointSliceLike[]; update: EndpointSliceLike[]; delete: EndpointSliceLike[] } {
  const byName = new Map<string, EndpointSliceLike>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();
  const sorted = [...existing].sort((a, b) => compare(a.metadata.name ?? '', b.metadata.name ?? ''));

  // 1. Keep desired endpoints where they are, drop the rest, note label changes.
  for (const slice of sorted) {
    const name = slice.metadata.name ?? '';
    byName.set(name, slice);
    const kept: SliceEndpoint[] = [];
    let changed = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, endpoint)) changed = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, service, controllerName);
    if (changed || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        byName.set(name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      byName.set(name, { ...slice, metadata: { ...slice.metadata, labels } });
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  const remaining = [...desired.entries()].sort(([a], [b]) => compare(a, b)).map(([, e]) => e);
  // 2. Fill slices already being updated, fullest first.
  if (remaining.length > 0 && toUpdate.size > 0) {
    const updating = [...toUpdate].map((n) => byName.get(n)!).sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
    for (const slice of updating) {
      const endpoints = [...(slice.endpoints ?? [])];
      while (remaining.length > 0 && endpoints.length < max) endpoints.push(remaining.shift()!);
      byName.set(slice.metadata.name ?? '', { ...slice, endpoints });
    }
  }

  // 3. Fit the rest into the unchanged slice it fills best, or new slices.
  const create: EndpointSliceLike[] = [];
  while (remaining.length > 0) {
    let target: EndpointSliceLike | undefined;
    if (remaining.length < max && unchanged.size > 0) target = sliceToFill([...unchanged].map((n) => byName.get(n)!), remaining.length, max);
    const slice = target ? { ...target, endpoints: [...(target.endpoints ?? [])] } : newSlice(service, meta, controllerName);
    const endpoints = slice.endpoints ?? [];
    while (remaining.length > 0 && endpoints.length < max) endpoints.push(remaining.shift()!);
    slice.endpoints = endpoints;
    if (target) {
      const name = target.metadata.name ?? '';
      byName.set(name, slice);
      toUpdate.add(name);
      unchanged.delete(name);
    } else {
      create.push(slice);
    }
  }

  return {
    create,
    update: [...toUpdate].map((n) => byName.get(n)!),
    delete: [...toDelete].map((n) => byName.get(n)!),
  };
}

/** upstream getSliceToFill: the slice closest to full once `count` endpoints are added, if any fits. */
function sliceToFill(slices: readonly EndpointSliceLike[], count: number, max: number): EndpointSliceLike | undefined {
  let closestDiff = max;
  let closest: EndpointSliceLike | undefined;
  for (const slice of slices) {
    const diff = max - (count + (slice.endpoints ?? []).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) break;
    }
  }
  return closest;
}

/** upstream newEndpointSlice: generateName `<service>-`, controller ownerReference, service labels. */
export function newSlice(service: ServiceLike, meta: SliceMeta, controllerName: string): EndpointSliceLike {
  const base: EndpointSliceLike = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(service.metadata.name ?? ''),
      namespace: service.metadata.namespace,
      labels: {},
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: service.metadata.name ?? '', uid: service.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    addressType: meta.addressType,
    endpoints: [],
    ports: meta.ports,
  };
  base.metadata.labels = sliceLabels(base, service, controllerName).labels;
  return base;
}

/** `<service>-` unless that is too long for a name prefix (253 characters), then `<service>`. */
function slicePrefix(serviceName: string): string {
  const prefix = `${serviceName}-`;
  return prefix.length > 253 ? serviceName : prefix;
}

const RESERVED_LABELS = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL]);

/**
 * upstream setEndpointSliceLabels: the service's labels (reserved keys excepted) plus the service
 * name, managed-by and headless labels; `changed` when the non-reserved labels differ.
 */
export function sliceLabels(slice: EndpointSliceLike, service: ServiceLike, controllerName: string): { labels: Record<string, string>; changed: boolean } {
  const current: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) current[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) labels[k] = v;
  const changed = !sameMap(current, labels);
  if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = service.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = controllerName;
  return { labels, changed };
}

/** upstream ownedBy: an ownerReference to this service's uid. */
export function ownedBy(slice: EndpointSliceLike, service: ServiceLike): boolean {
  const refs = (slice.metadata['ownerReferences'] as { uid?: string; kind?: string; apiVersion?: string }[] | undefined) ?? [];
  return refs.some((r) => r.uid === service.metadata.uid && r.kind === 'Service' && r.apiVersion === 'v1');
}

/** upstream placeholderSliceCompare: same namespace, labels, owner references, type, ports and endpoints. */
function isSamePlaceholder(existing: EndpointSliceLike, placeholder: EndpointSliceLike): boolean {
  return (
    existing.metadata.namespace === placeholder.metadata.namespace &&
    sameMap(existing.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
    sameJSON(existing.metadata['ownerReferences'] ?? [], placeholder.metadata['ownerReferences']) &&
    existing.addressType === placeholder.addressType &&
    (existing.endpoints ?? []).length === 0 &&
    (existing.ports ?? []).length === 0
  );
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
