/**
 * What a pod contributes to a Service's endpoints (model: k8s.io/endpointslice/util
 * controller_utils.go and utils.go FindPort). Pure functions over API objects.
 */
import { isIPv6 } from 'node:net';
import type { PodLike, PodReference, ServiceLike, ServicePortLike } from './types.js';

export function isPodReady(pod: PodLike): boolean {
  return readyCondition(pod)?.status === 'True';
}

export function readyCondition(pod: PodLike): { status?: string; lastTransitionTime?: string } | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodTerminating(pod: PodLike): boolean {
  return pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}

/**
 * upstream ShouldPodBeInEndpoints: not terminal (Succeeded/Failed), has an IP, and not terminating
 * unless `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: PodLike, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && isPodTerminating(pod)) return false;
  return true;
}

/** upstream ShouldSetHostname: the pod names a hostname and its subdomain is this service. */
export function shouldSetHostname(pod: PodLike, service: ServiceLike): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === service.metadata.name && service.metadata.namespace === pod.metadata.namespace;
}

/** Whether the service has a cluster IP (upstream IsServiceIPSet); headless services do not. */
export function isServiceIPSet(service: ServiceLike): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== 'None' && ip !== '';
}

export function isHeadless(service: ServiceLike): boolean {
  return service.spec?.clusterIP === 'None';
}

/**
 * upstream FindPort: a numeric targetPort as is; a named one is looked up among the containers'
 * ports (then restartable init containers') with the service port's protocol. Undefined when the
 * pod has no such port (the pod is then left out for that service port).
 */
export function findPort(pod: PodLike, servicePort: ServicePortLike): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string' || target === '') return undefined;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}

/**
 * The pod's IPs (status.podIPs, else status.podIP) that an endpoint may carry. The API refuses
 * unspecified, loopback and link-local addresses in Endpoints and EndpointSlices (upstream
 * ValidateNonSpecialIP); pods that report one (e.g. host-network pods of a node whose address is
 * 127.0.0.1) are left out rather than making every write of their service fail.
 */
export function podIPs(pod: PodLike): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip !== '');
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips.filter(isEndpointIP);
}

/** Whether the API accepts `ip` as an endpoint address (not unspecified, loopback or link-local). */
export function isEndpointIP(ip: string): boolean {
  const lower = ip.toLowerCase();
  if (ip === '0.0.0.0' || ip === '::' || ip === '::1') return false;
  if (ip.startsWith('127.') || ip.startsWith('169.254.') || ip.startsWith('224.0.0.')) return false;
  if (/^fe[89ab][0-9a-f]:/.test(lower) || lower.startsWith('ff02:')) return false;
  return true;
}

export function isIPv6String(ip: string): boolean {
  return isIPv6(ip);
}

export function podReference(pod: PodLike): PodReference {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

/** Whether `selector` (a service's map selector) selects `labels`; a null selector selects nothing. */
export function selectorMatches(selector: Record<string, string> | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Keys (`namespace/name`) of the services in `services` whose selector matches `labels`. */
export function servicesSelecting(services: readonly ServiceLike[], labels: Record<string, string> | undefined): Set<string> {
  const keys = new Set<string>();
  for (const svc of services) {
    if (selectorMatches(svc.spec?.selector, labels)) keys.add(`${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`);
  }
  return keys;
}

/**
 * upstream podEndpointsChanged: [podChanged, labelsChanged]. A pod changes its endpoints when its
 * deletion timestamp, readiness or IPs change; it changes its memberships when its labels,
 * hostname or subdomain change.
 */
export function podEndpointsChanged(oldPod: PodLike, newPod: PodLike): [boolean, boolean] {
  const labelsChanged =
    !sameStringMap(oldPod.metadata.labels, newPod.metadata.labels) || oldPod.spec?.hostname !== newPod.spec?.hostname || oldPod.spec?.subdomain !== newPod.spec?.subdomain;
  if (oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp) return [true, labelsChanged];
  if (isPodReady(oldPod) !== isPodReady(newPod)) return [true, labelsChanged];
  if (podIPs(oldPod).join(',') !== podIPs(newPod).join(',')) return [true, labelsChanged];
  return [false, labelsChanged];
}

/**
 * upstream GetServicesToUpdateOnPodChange: the services to resync after a pod update. None for a
 * resync (same resourceVersion) or an irrelevant change; with changed labels, the services that
 * gained or lost the pod (all old and new ones when the pod itself changed too).
 */
export function servicesToUpdateOnPodChange(services: readonly ServiceLike[], oldPod: PodLike, newPod: PodLike): Set<string> {
  if (oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return new Set();
  const [podChanged, labelsChanged] = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const current = servicesSelecting(services, newPod.metadata.labels);
  if (!labelsChanged) return current;
  const old = servicesSelecting(services, oldPod.metadata.labels);
  if (podChanged) return new Set([...current, ...old]);
  const changed = new Set<string>();
  for (const key of current) if (!old.has(key)) changed.add(key);
  for (const key of old) if (!current.has(key)) changed.add(key);
  return changed;
}

function sameStringMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a?.[k] === b?.[k]);
}
