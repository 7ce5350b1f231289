/**
 * What one pod contributes to a Service's EndpointSlices (model: k8s.io/endpointslice utils.go
 * podToEndpoint, getEndpointPorts, getEndpointAddresses, getAddressTypesForService, and the
 * hashing of util/endpointset.go and NewPortMapKey). Pure.
 */
import { findPort, isIPv6String, isPodReady, isPodTerminating, podIPs, podReference, shouldSetHostname } from '../shared/endpoints/pods.js';
import { TOPOLOGY_ZONE_LABEL, type AddressType, type NodeLike, type PodLike, type ServiceLike, type SliceEndpoint, type SlicePort } from '../shared/endpoints/types.js';

/**
 * The address types the service's slices carry: its ipFamilies; without them, the family of its
 * cluster IP, or both for a headless service (as upstream during upgrades).
 */
export function addressTypesForService(service: ServiceLike): Set<AddressType> {
  const types = new Set<AddressType>();
  for (const family of service.spec?.ipFamilies ?? []) {
    if (family === 'IPv4') types.add('IPv4');
    if (family === 'IPv6') types.add('IPv6');
  }
  if (types.size > 0) return types;
  const clusterIP = service.spec?.clusterIP ?? '';
  if (clusterIP !== '' && clusterIP !== 'None') return new Set([isIPv6String(clusterIP) ? 'IPv6' : 'IPv4']);
  return new Set(['IPv4', 'IPv6']);
}

/**
 * The slice ports for `pod`: one per service port whose targetPort the pod resolves (named ports
 * the pod lacks are skipped); none for a headless service without ports.
 */
export function endpointPorts(service: ServiceLike, pod: PodLike): SlicePort[] {
  const ports: SlicePort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    const slicePort: SlicePort = { name: servicePort.name ?? '', protocol: servicePort.protocol ?? 'TCP', port };
    if (servicePort.appProtocol) slicePort.appProtocol = servicePort.appProtocol;
    ports.push(slicePort);
  }
  return ports;
}

/**
 * upstream podToEndpoint: serving = pod Ready, terminating = deletionTimestamp set, ready =
 * publishNotReadyAddresses || (serving && !terminating); nodeName, zone from the node's
 * topology.kubernetes.io/zone label, hostname for a pod whose subdomain names the service.
 */
export function podToEndpoint(pod: PodLike, node: NodeLike | undefined, service: ServiceLike, addressType: AddressType): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = isPodTerminating(pod);
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const endpoint: SliceEndpoint = {
    addresses: podIPs(pod).filter((ip) => (addressType === 'IPv6') === isIPv6String(ip) && addressType !== 'FQDN'),
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec?.hostname;
  endpoint.targetRef = podReference(pod);
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[TOPOLOGY_ZONE_LABEL];
  if (zone) endpoint.zone = zone;
  return endpoint;
}

/** Identifies a set of ports regardless of order (upstream NewPortMapKey). */
export function portMapKey(ports: readonly SlicePort[] | null | undefined): string {
  return JSON.stringify((ports ?? []).map((p) => [p.name ?? '', p.protocol ?? '', p.port ?? 0, p.appProtocol ?? '']).sort());
}

/**
 * Identifies an endpoint across updates (upstream hashEndpoint): its addresses, hostname and the
 * pod it targets, so condition, node or zone changes update it in place.
 */
export function endpointKey(endpoint: SliceEndpoint): string {
  return JSON.stringify([[...endpoint.addresses].sort(), endpoint.hostname ?? '', endpoint.targetRef?.namespace ?? '', endpoint.targetRef?.name ?? '']);
}

/** upstream EndpointsEqualBeyondHash: same node, zone, conditions and target (resourceVersion aside). */
export function endpointsEqualBeyondKey(a: SliceEndpoint, b: SliceEndpoint): boolean {
  if ((a.nodeName ?? null) !== (b.nodeName ?? null) || (a.zone ?? null) !== (b.zone ?? null)) return false;
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  if ((ca.ready ?? null) !== (cb.ready ?? null) || (ca.serving ?? null) !== (cb.serving ?? null) || (ca.terminating ?? null) !== (cb.terminating ?? null)) return false;
  const ta = a.targetRef;
  const tb = b.targetRef;
  if (!ta || !tb) return ta === tb;
  return ta.kind === tb.kind && ta.namespace === tb.namespace && ta.name === tb.name && ta.uid === tb.uid;
}
