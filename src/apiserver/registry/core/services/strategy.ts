import { isDNS1035Label } from '../../../../api/validation/network.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import {
  TYPE_CLUSTER_IP,
  TYPE_EXTERNAL_NAME,
  TYPE_LOAD_BALANCER,
  TYPE_NODE_PORT,
  externallyAccessible,
  needsClusterIP,
  needsHealthCheckNodePort,
  specOf,
  type Service,
  type ServiceSpec,
} from './types.js';
import { validateService, validateServiceUpdate } from './validation.js';

/** upstream SetDefaults_Service (core/v1, v1.32). */
function applyDefaults(o: KubeObject): void {
  const spec = specOf(o);
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ||= TYPE_CLUSTER_IP;
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port ?? 0;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && [TYPE_CLUSTER_IP, TYPE_NODE_PORT, TYPE_LOAD_BALANCER].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === TYPE_LOAD_BALANCER) spec.allocateLoadBalancerNodePorts ??= true;
  for (const ingress of (o as Service).status?.loadBalancer?.ingress ?? []) if (ingress.ip && ingress.ipMode === undefined) ingress.ipMode = 'VIP';
}

/** upstream needsNodePort: the types whose ports may have node ports. */
function hasNodePorts(spec: ServiceSpec): boolean {
  return spec.type === TYPE_NODE_PORT || spec.type === TYPE_LOAD_BALANCER;
}

/** upstream NormalizeClusterIPs: keeps clusterIP and clusterIPs in step for clients that set only one. */
function normalizeClusterIPs(spec: ServiceSpec, old: ServiceSpec | undefined): void {
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const sameIPs = JSON.stringify(spec.clusterIPs ?? []) === JSON.stringify(old.clusterIPs ?? []);
  if ((spec.clusterIP ?? '') !== (old.clusterIP ?? '') && sameIPs) {
    if (!spec.clusterIP) delete spec.clusterIPs;
    else if (!spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    else spec.clusterIPs = [spec.clusterIP, ...spec.clusterIPs.slice(1)];
  }
}

/** upstream patchAllocatedValues: values the server allocated, left out of a full update, are kept. */
function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length) spec.clusterIPs = [...old.clusterIPs];
  }
  if (hasNodePorts(old) && hasNodePorts(spec)) {
    const inNew = new Set((spec.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const port of spec.ports ?? []) {
      const previous = byName.get(port.name ?? '') ?? 0;
      if (!port.nodePort && previous && !inNew.has(previous)) port.nodePort = previous;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(spec) && !spec.healthCheckNodePort) spec.healthCheckNodePort = old.healthCheckNodePort;
}

/**
 * upstream dropTypeDependentFields: on a type change, values that no longer apply are dropped if
 * the user did not change them (they were probably allocated or defaulted); the allocations are
 * released once the update is stored.
 */
function dropTypeDependentFields(spec: ServiceSpec, old: ServiceSpec): void {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (same(spec.clusterIP, old.clusterIP) && same(spec.clusterIPs, old.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (same(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, old.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: ServiceSpec): (number | undefined)[] => (s.ports ?? []).map((p) => p.nodePort);
  if (hasNodePorts(old) && !hasNodePorts(spec) && same(nodePorts(spec), nodePorts(old))) {
    for (const port of spec.ports ?? []) delete port.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(spec) && spec.healthCheckNodePort === old.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (old.type === TYPE_LOAD_BALANCER && spec.type !== TYPE_LOAD_BALANCER) {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy) delete spec.externalTrafficPolicy;
}

export const serviceStrategy: ResourceStrategy = {
  group: '',
  resource: 'services',
  kind: 'Service',
  namespaced: true,
  nameRule: isDNS1035Label,
  applyDefaults,
  prepareForCreate: (o) => {
    (o as Service).status = { loadBalancer: {} };
    normalizeClusterIPs(specOf(o), undefined);
  },
  prepareForUpdate: (o, old) => {
    (o as Service).status = (old as Service).status ?? { loadBalancer: {} };
    const spec = specOf(o);
    const oldSpec = (old as Service).spec ?? {};
    patchAllocatedValues(spec, oldSpec);
    normalizeClusterIPs(spec, oldSpec);
    dropTypeDependentFields(spec, oldSpec);
  },
  validate: validateService,
  validateUpdate: validateServiceUpdate,
};

/** upstream getServiceExternalIP (server-side printing is always wide: nothing is clipped). */
function externalIP(o: KubeObject): string {
  const service = o as Service;
  const spec = service.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case TYPE_CLUSTER_IP:
    case TYPE_NODE_PORT:
      return external.length > 0 ? external.join(',') : '<none>';
    case TYPE_LOAD_BALANCER: {
      const ingress = new Set<string>();
      for (const i of service.status?.loadBalancer?.ingress ?? []) {
        if (i.ip) ingress.add(i.ip);
        else if (i.hostname) ingress.add(i.hostname);
      }
      const results = [...[...ingress].sort(), ...external];
      return results.length > 0 ? results.join(',') : '<pending>';
    }
    case TYPE_EXTERNAL_NAME:
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** upstream makePortString: `80/TCP`, `80:30080/TCP`, comma-separated. */
export function portsText(o: KubeObject): string {
  const text = ((o as Service).spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port ?? 0}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port ?? 0}/${p.protocol ?? ''}`)).join(',');
  return text === '' ? '<none>' : text;
}

/** labels.FormatLabels: `k=v,…` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

export const serviceColumns: TableColumn[] = [
  NAME_COLUMN,
  {
    name: 'Type',
    type: 'string',
    description:
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
    cell: (o) => (o as Service).spec?.type ?? '',
  },
  {
    name: 'Cluster-IP',
    type: 'string',
    description:
      'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
    cell: (o) => (o as Service).spec?.clusterIPs?.[0] ?? '<none>',
  },
  {
    name: 'External-IP',
    type: 'string',
    description:
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.',
    cell: externalIP,
  },
  {
    name: 'Port(s)',
    type: 'string',
    description: 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
    cell: portsText,
  },
  AGE_COLUMN,
  {
    name: 'Selector',
    type: 'string',
    priority: 1,
    description:
      'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/',
    cell: (o) => formatLabels((o as Service).spec?.selector),
  },
];
