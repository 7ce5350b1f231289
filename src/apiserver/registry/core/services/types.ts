import type { KubeObject } from '../../generic/object.js';

/** The parts of core/v1 Service the registry works with (JSON form). */
export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  ports?: ServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  loadBalancerClass?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  publishNotReadyAddresses?: boolean;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
  trafficDistribution?: string;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
  ports?: { port?: number; protocol?: string; error?: string }[];
}

export type Service = KubeObject & {
  spec?: ServiceSpec;
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] }; conditions?: unknown[] };
};

export const TYPE_CLUSTER_IP = 'ClusterIP';
export const TYPE_NODE_PORT = 'NodePort';
export const TYPE_LOAD_BALANCER = 'LoadBalancer';
export const TYPE_EXTERNAL_NAME = 'ExternalName';
export const CLUSTER_IP_NONE = 'None';

export function specOf(service: KubeObject): ServiceSpec {
  return ((service as Service).spec ??= {});
}

/** Whether the service gets a cluster IP (or "None"): every type but ExternalName. */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== TYPE_EXTERNAL_NAME;
}

export function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIP === CLUSTER_IP_NONE;
}

/** Whether node ports are allocated for ports that do not ask for one (upstream shouldAllocateNodePorts). */
export function needsNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === TYPE_NODE_PORT) return true;
  return spec.type === TYPE_LOAD_BALANCER && spec.allocateLoadBalancerNodePorts !== false;
}

/** Whether the service gets a health check node port (LoadBalancer with externalTrafficPolicy Local). */
export function needsHealthCheckNodePort(spec: ServiceSpec): boolean {
  return spec.type === TYPE_LOAD_BALANCER && spec.externalTrafficPolicy === 'Local';
}

/** upstream ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === TYPE_LOAD_BALANCER || spec.type === TYPE_NODE_PORT || (spec.type === TYPE_CLUSTER_IP && (spec.externalIPs?.length ?? 0) > 0);
}

/** Every node port a service holds (its ports' and its health check's), each once. */
export function nodePortsOf(spec: ServiceSpec): number[] {
  const ports = new Set<number>();
  for (const port of spec.ports ?? []) if (port.nodePort) ports.add(port.nodePort);
  if (spec.healthCheckNodePort) ports.add(spec.healthCheckNodePort);
  return [...ports];
}

/** The cluster IPs a service holds (not "None"). */
export function clusterIPsOf(spec: ServiceSpec): string[] {
  if (!needsClusterIP(spec)) return [];
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return ips.filter((ip) => ip !== CLUSTER_IP_NONE && ip !== '');
}
