/**
 * The subsets a selector Service's Endpoints should hold (model: endpoints_controller.go
 * syncService, podToEndpointAddressForService, addEndpointSubset, truncateEndpoints). Pure.
 */
import { findPort, isIPv6String, isPodReady, podIPs, podReference, shouldPodBeInEndpoints, shouldSetHostname } from '../shared/endpoints/pods.js';
import type { EndpointAddress, EndpointPort, EndpointSubset, PodLike, ServiceLike } from '../shared/endpoints/types.js';
import { repackSubsets } from './repack.js';

/** Addresses an Endpoints object holds at most (upstream maxCapacity); more are truncated. */
export const MAX_CAPACITY = 1000;

export interface DesiredSubsets {
  subsets: EndpointSubset[];
  ready: number;
  notReady: number;
}

/**
 * The repacked subsets for `service` from the `pods` its selector matches: pods with an IP of the
 * service's family, ready ones in `addresses` (all of them with publishNotReadyAddresses),
 * terminating pods left out unless publishNotReadyAddresses, one entry per service port whose
 * targetPort the pod resolves (a pod lacking a named port is skipped for that port).
 */
export function desiredSubsets(service: ServiceLike, pods: readonly PodLike[]): DesiredSubsets {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const servicePorts = service.spec?.ports ?? [];
  const subsets: EndpointSubset[] = [];
  let ready = 0;
  let notReady = 0;
  const add = (pod: PodLike, address: EndpointAddress, port: EndpointPort | undefined) => {
    const ports = port ? [port] : [];
    if (publishNotReady || isPodReady(pod)) {
      subsets.push({ addresses: [address], ports });
      ready++;
    } else {
      subsets.push({ notReadyAddresses: [address], ports });
      notReady++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = endpointAddress(service, pod);
    if (!address) continue;
    if (servicePorts.length === 0) {
      // Headless services may have no ports; others without ports get no endpoints.
      if (service.spec?.clusterIP === 'None') add(pod, address, undefined);
      continue;
    }
    for (const servicePort of servicePorts) {
      const portNum = findPort(pod, servicePort);
      if (portNum === undefined) continue;
      add(pod, address, endpointPort(servicePort, portNum));
    }
  }
  return { subsets: repackSubsets(subsets), ready, notReady };
}

/** upstream podToEndpointAddressForService: the pod's IP of the service's (first) IP family. */
export function endpointAddress(service: ServiceLike, pod: PodLike): EndpointAddress | undefined {
  const ips = podIPs(pod);
  let wantIPv6: boolean;
  const families = service.spec?.ipFamilies ?? [];
  const clusterIP = service.spec?.clusterIP ?? '';
  if (families.length > 0) wantIPv6 = families[0] === 'IPv6';
  else if (clusterIP !== '' && clusterIP !== 'None') wantIPv6 = isIPv6String(clusterIP);
  else wantIPv6 = isIPv6String(ips[0] ?? '');
  const ip = ips.find((candidate) => isIPv6String(candidate) === wantIPv6);
  if (ip === undefined) return undefined;
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec?.hostname;
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = podReference(pod);
  return address;
}

function endpointPort(servicePort: { name?: string; protocol?: string; appProtocol?: string }, port: number): EndpointPort {
  const result: EndpointPort = { port };
  if (servicePort.name) result.name = servicePort.name;
  result.protocol = servicePort.protocol ?? 'TCP';
  if (servicePort.appProtocol) result.appProtocol = servicePort.appProtocol;
  return result;
}

/**
 * upstream truncateEndpoints: keeps at most MAX_CAPACITY addresses, spread over the subsets in
 * proportion to their size, ready addresses first. Returns the subsets and whether it truncated.
 */
export function truncateSubsets(subsets: readonly EndpointSubset[], max = MAX_CAPACITY): { subsets: EndpointSubset[]; truncated: boolean } {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= max) return { subsets: [...subsets], truncated: false };
  const truncateReady = totalReady > max;
  const budget = truncateReady ? max : max - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = budget;
  const result = subsets.map((subset) => {
    const inSubset = truncateReady ? (subset.addresses?.length ?? 0) : (subset.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / total) * budget), canBeAdded);
    const out: EndpointSubset = { ...subset };
    if (truncateReady) {
      out.addresses = (subset.addresses ?? []).slice(0, toBeAdded);
      delete out.notReadyAddresses;
      canBeAdded -= out.addresses.length;
      if (out.addresses.length === 0) delete out.addresses;
    } else {
      out.notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= out.notReadyAddresses.length;
      if (out.notReadyAddresses.length === 0) delete out.notReadyAddresses;
    }
    return out;
  });
  return { subsets: result, truncated: true };
}
