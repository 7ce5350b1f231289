/**
 * The EndpointSlice mirroring reconciler's decisions (model: pkg/controller/endpointslicemirroring
 * reconciler.go, reconciler_helpers.go and utils.go, v1.32). Pure: from a user-managed Endpoints
 * object and the slices already mirrored from it, returns the slices to create, update and delete.
 *
 * Strategy (upstream's): the subsets are repacked; each distinct port set gives one slice per
 * address type (IPv4, IPv6) holding at most `maxEndpointsPerSubset` of its addresses, ready
 * addresses first; addresses that are not IPs are skipped (and counted). An existing slice for a
 * port set is kept untouched when it already holds the desired endpoints and mirrors the
 * Endpoints' labels and annotations; otherwise its first slice is rewritten and any others go.
 * Creates reuse slices that would be deleted, per address type, to save API calls.
 *
 * Unlike upstream (which pops endpoints from a Go set), endpoints are placed in repacked order.
 */
import { isIP } from 'node:net';
import { repackSubsets } from '../endpoints/repack.js';
import { endpointKey, endpointsEqualBeyondKey, portMapKey } from '../endpointslice/desired-endpoints.js';
import {
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type AddressType,
  type EndpointAddress,
  type EndpointsLike,
  type EndpointSliceLike,
  type EndpointSubset,
  type SliceEndpoint,
  type SlicePort,
} from '../shared/endpoints/types.js';

export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** upstream --mirroring-max-endpoints-per-subset default. */
export const MAX_ENDPOINTS_PER_SUBSET = 1000;
/** Endpoints with this label set to "true" are not mirrored (upstream discovery.LabelSkipMirror). */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
/** Endpoints carrying this annotation are leader-election records, never mirrored. */
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface MirrorPlan {
  create: EndpointSliceLike[];
  update: EndpointSliceLike[];
  delete: EndpointSliceLike[];
  /** Addresses that are not IPs (upstream's InvalidIPAddress event). */
  invalidAddresses: number;
  /** Addresses left out, invalid ones included (upstream's TooManyAddressesToMirror when more than the invalid). */
  skippedAddresses: number;
}

/** upstream shouldMirror: not labelled skip-mirror, not a leader-election record. */
export function shouldMirror(endpoints: EndpointsLike): boolean {
  return endpoints.metadata.labels?.[SKIP_MIRROR_LABEL] !== 'true' && endpoints.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] === undefined;
}

/** Whether a slice is one this controller writes (by its managed-by label). */
export function mirroredSlice(slice: EndpointSliceLike): boolean {
  return slice.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME;
}

interface Desired {
  addressType: AddressType;
  ports: SlicePort[];
  endpoints: Map<string, SliceEndpoint>;
}

export function mirror(endpoints: EndpointsLike, existing: readonly EndpointSliceLike[], maxEndpointsPerSubset = MAX_ENDPOINTS_PER_SUBSET): MirrorPlan {
  const desired = new Map<string, Desired>();
  let invalidAddresses = 0;
  let skippedAddresses = 0;
  for (const subset of repackSubsets(endpoints.subsets ?? [])) {
    const ports = slicePorts(subset);
    const byType: Record<'IPv4' | 'IPv6', Desired> = { IPv4: desiredFor(desired, 'IPv4', ports), IPv6: desiredFor(desired, 'IPv6', ports) };
    const candidates: [EndpointAddress, boolean][] = [...(subset.addresses ?? []).map((a) => [a, true] as [EndpointAddress, boolean]), ...(subset.notReadyAddresses ?? []).map((a) => [a, false] as [EndpointAddress, boolean])];
    let added = 0;
    for (const [address, ready] of candidates) {
      if (added >= maxEndpointsPerSubset) break;
      const family = isIP(address.ip);
      if (family === 0) {
        invalidAddresses++;
        continue;
      }
      const endpoint = addressToEndpoint(address, ready);
      byType[family === 4 ? 'IPv4' : 'IPv6'].endpoints.set(endpointKey(endpoint), endpoint);
      added++;
    }
    skippedAddresses += candidates.length - added;
  }

  const existingByKey = new Map<string, EndpointSliceLike[]>();
  for (const slice of [...existing].sort((a, b) => compare(a.metadata.name ?? '', b.metadata.name ?? ''))) {
    const key = sliceKey(slice.addressType, slice.ports);
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
  }

  let create: EndpointSliceLike[] = [];
  const update: EndpointSliceLike[] = [];
  let remove: EndpointSliceLike[] = [];
  for (const [key, want] of [...desired].sort(([a], [b]) => compare(a, b))) {
    const slices = existingByKey.get(key) ?? [];
    if (want.endpoints.size === 0) {
      remove.push(...slices);
      continue;
    }
    const first = slices[0];
    remove.push(...slices.slice(1));
    if (first && upToDate(endpoints, first, want)) continue;
    const slice = newMirroredSlice(endpoints, want.ports, want.addressType, first?.metadata.name);
    slice.endpoints = [...want.endpoints.values()].slice(0, maxEndpointsPerSubset);
    (first ? update : create).push(slice);
  }
  for (const [key, slices] of existingByKey) if (!desired.has(key)) remove.push(...slices);

  // upstream recycleSlices: a create and a delete of the same address type become one update.
  const recycled: EndpointSliceLike[] = [];
  for (const slice of create) {
    const index = remove.findIndex((doomed) => doomed.addressType === slice.addressType);
    if (index < 0) {
      recycled.push(slice);
      continue;
    }
    const doomed = remove[index]!;
    remove = [...remove.slice(0, index), ...remove.slice(index + 1)];
    const { generateName: _dropped, ...metadata } = slice.metadata;
    update.push({ ...slice, metadata: { ...metadata, name: doomed.metadata.name } });
  }
  create = recycled;
  return { create, update, delete: remove, invalidAddresses, skippedAddresses };
}

function desiredFor(desired: Map<string, Desired>, addressType: 'IPv4' | 'IPv6', ports: SlicePort[]): Desired {
  const key = sliceKey(addressType, ports);
  let entry = desired.get(key);
  if (!entry) desired.set(key, (entry = { addressType, ports, endpoints: new Map() }));
  return entry;
}

function sliceKey(addressType: string, ports: readonly SlicePort[] | null | undefined): string {
  return `${addressType}/${portMapKey(ports)}`;
}

/** upstream epPortsToEpsPorts. */
function slicePorts(subset: EndpointSubset): SlicePort[] {
  return (subset.ports ?? []).map((p) => {
    const port: SlicePort = { name: p.name ?? '', port: p.port };
    if (p.protocol !== undefined) port.protocol = p.protocol;
    if (p.appProtocol !== undefined) port.appProtocol = p.appProtocol;
    return port;
  });
}

/** upstream addressToEndpoint. */
function addressToEndpoint(address: EndpointAddress, ready: boolean): SliceEndpoint {
  const endpoint: SliceEndpoint = { addresses: [address.ip], conditions: { ready } };
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if (address.hostname) endpoint.hostname = address.hostname;
  return endpoint;
}

/**
 * upstream's early return in reconcileByPortMapping: the slice holds exactly the desired
 * endpoints, carries the Endpoints' labels and annotations, and is owned by this Endpoints (not
 * by an earlier object of the same name).
 */
function upToDate(endpoints: EndpointsLike, slice: EndpointSliceLike, want: Desired): boolean {
  const held = slice.endpoints ?? [];
  if (held.length !== want.endpoints.size) return false;
  for (const endpoint of held) {
    const desired = want.endpoints.get(endpointKey(endpoint));
    if (!desired || !endpointsEqualBeyondKey(desired, endpoint)) return false;
  }
  const labels = withoutKeys(slice.metadata.labels, MANAGED_BY_LABEL, SERVICE_NAME_LABEL);
  if (!sameMap(endpoints.metadata.labels, labels)) return false;
  if (!sameMap(mirroredAnnotations(endpoints), slice.metadata.annotations)) return false;
  const refs = (slice.metadata['ownerReferences'] as { kind?: string; name?: string; uid?: string }[] | undefined) ?? [];
  return !refs.some((r) => r.kind === 'Endpoints' && r.name === endpoints.metadata.name && r.uid !== endpoints.metadata.uid);
}

/** upstream newEndpointSlice: the Endpoints' labels and annotations, a controller reference to it. */
export function newMirroredSlice(endpoints: EndpointsLike, ports: SlicePort[], addressType: AddressType, name?: string): EndpointSliceLike {
  const serviceName = endpoints.metadata.name ?? '';
  const metadata: EndpointSliceLike['metadata'] = {
    namespace: endpoints.metadata.namespace,
    labels: { ...(endpoints.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: serviceName, [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER_NAME },
    annotations: mirroredAnnotations(endpoints),
    ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: serviceName, uid: endpoints.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  if (name) metadata.name = name;
  else metadata.generateName = `${serviceName}-`.length > 253 ? serviceName : `${serviceName}-`;
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, addressType, endpoints: [], ports };
}

function mirroredAnnotations(endpoints: EndpointsLike): Record<string, string> {
  return withoutKeys(endpoints.metadata.annotations, LAST_CHANGE_TRIGGER_TIME_ANNOTATION, LAST_APPLIED_CONFIG_ANNOTATION);
}

function withoutKeys(map: Record<string, string> | undefined, ...keys: string[]): Record<string, string> {
  const out = { ...(map ?? {}) };
  for (const key of keys) delete out[key];
  return out;
}

/** Equal maps, an absent map counting as empty (apiequality.Semantic). */
function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (b ?? {})[k] === (a ?? {})[k]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
