import { GoSyntax, invalid as invalidField, type FieldError } from '../../../../api/field-errors.js';
import { InternalError } from '../../../../util/errors.js';
import { invalid, type Subject } from '../../generic/errors.js';
import type { KubeObject } from '../../generic/object.js';
import type { FinishFunc, StoreHooks } from '../../generic/store-hooks.js';
import { AllocationError } from './range-allocator.js';
import type { IpAllocator } from './ip-allocator.js';
import type { PortAllocator } from './port-allocator.js';
import {
  CLUSTER_IP_NONE,
  TYPE_LOAD_BALANCER,
  TYPE_NODE_PORT,
  clusterIPsOf,
  isHeadless,
  needsClusterIP,
  needsHealthCheckNodePort,
  needsNodePorts,
  nodePortsOf,
  specOf,
  type ServiceSpec,
} from './types.js';

const SUBJECT: Subject = { group: '', resource: 'services', kind: 'Service' };

/** The IP families this cluster serves (single-stack IPv4). */
const CLUSTER_FAMILIES = ['IPv4'];

/**
 * What one write took from the allocators, so that it can be given back if the write fails.
 * Allocations happen synchronously, so no other request sees a half-done state.
 */
class Allocation {
  private readonly ips: string[] = [];
  private readonly ports: number[] = [];

  constructor(private readonly owner: ServiceAllocations) {}

  ip(ip: string): void {
    this.owner.ips.allocate(ip);
    this.ips.push(ip);
  }
  nextIp(): string {
    const ip = this.owner.ips.allocateNext();
    this.ips.push(ip);
    return ip;
  }
  port(port: number): void {
    this.owner.nodePorts.allocate(port);
    this.ports.push(port);
  }
  nextPort(): number {
    const port = this.owner.nodePorts.allocateNext();
    this.ports.push(port);
    return port;
  }
  rollback(): void {
    for (const ip of this.ips) this.owner.ips.release(ip);
    for (const port of this.ports) this.owner.nodePorts.release(port);
    this.ips.length = 0;
    this.ports.length = 0;
  }
}

/**
 * ClusterIP and NodePort allocation for services, as store hooks (model: upstream's service REST
 * storage, pkg/registry/core/service/storage/alloc.go, and its repair controllers):
 *
 * - create: IP family fields are completed (single-stack IPv4), a cluster IP is allocated (the
 *   requested one if free; none for headless and ExternalName services), and node ports for
 *   NodePort and LoadBalancer services (requested ones honoured, the same node port for the same
 *   port number across protocols) plus a health check node port for LoadBalancer services with
 *   externalTrafficPolicy Local; all given back if the create is not stored (refused, dry run);
 * - update: what the new object holds beyond the old is allocated (type changes, new ports); once
 *   stored, what only the old object held is released; if not stored, the new allocations are;
 * - delete: everything the service held is released;
 * - startup: the allocators are rebuilt from the stored services; a value claimed twice stays
 *   with the older service and is reported (upstream's repair controllers report the same).
 *
 * The allocators live in this server's memory: creates racing on one server can never both win,
 * but several servers sharing one store (HA) each keep their own view. Upstream keeps the
 * allocation bitmaps in the store for that case; kts does not yet.
 */
export class ServiceAllocations implements StoreHooks {
  constructor(
    readonly ips: IpAllocator,
    readonly nodePorts: PortAllocator,
  ) {}

  rebuild(objects: readonly KubeObject[]): string[] {
    this.ips.clear();
    this.nodePorts.clear();
    const problems: string[] = [];
    const ordered = [...objects].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    for (const service of ordered) {
      const id = `${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`;
      const spec = readSpec(service);
      for (const ip of clusterIPsOf(spec)) {
        try {
          this.ips.allocate(ip);
        } catch (err) {
          if (!(err instanceof AllocationError)) throw err;
          problems.push(
            err.reason === 'allocated'
              ? `the cluster IP ${ip} for service ${id} was assigned to multiple services; please recreate service`
              : `the cluster IP ${ip} for service ${id} is not within the service CIDR ${this.ips.cidr}; please recreate`,
          );
        }
      }
      for (const port of nodePortsOf(spec)) {
        try {
          this.nodePorts.allocate(port);
        } catch (err) {
          if (!(err instanceof AllocationError)) throw err;
          problems.push(
            err.reason === 'allocated'
              ? `the node port ${port} for service ${id} was assigned to multiple services; please recreate`
              : `the node port ${port} for service ${id} is not within the port range ${this.nodePorts.rangeText}; please recreate`,
          );
        }
      }
    }
    return problems;
  }

  beginCreate(object: KubeObject): FinishFunc {
    const spec = specOf(object);
    const name = object.metadata.name ?? '';
    const allocation = new Allocation(this);
    try {
      initIPFamilies(spec, name);
      if (needsClusterIP(spec) && !isHeadless(spec)) this.allocateClusterIP(spec, name, allocation);
      if (spec.type === TYPE_NODE_PORT || spec.type === TYPE_LOAD_BALANCER) allocateNodePorts(spec, name, allocation, new Set());
      if (needsHealthCheckNodePort(spec)) allocateHealthCheckNodePort(spec, name, allocation, new Set());
    } catch (err) {
      allocation.rollback();
      throw err;
    }
    return (stored) => {
      if (!stored) allocation.rollback();
    };
  }

  beginUpdate(object: KubeObject, old: KubeObject): FinishFunc {
    const spec = specOf(object);
    const oldSpec = readSpec(old);
    const name = object.metadata.name ?? '';
    const allocation = new Allocation(this);
    try {
      if (needsClusterIP(spec) && !needsClusterIP(oldSpec)) {
        // From ExternalName to a type with a cluster IP: as on create.
        initIPFamilies(spec, name);
        if (!isHeadless(spec)) this.allocateClusterIP(spec, name, allocation);
      }
      const held = new Set(nodePortsOf(oldSpec));
      if (spec.type === TYPE_NODE_PORT || spec.type === TYPE_LOAD_BALANCER) allocateNodePorts(spec, name, allocation, held);
      if (needsHealthCheckNodePort(spec)) allocateHealthCheckNodePort(spec, name, allocation, held);
    } catch (err) {
      allocation.rollback();
      throw err;
    }
    return (stored) => {
      if (!stored) {
        allocation.rollback();
        return;
      }
      const keptIPs = new Set(clusterIPsOf(spec));
      for (const ip of clusterIPsOf(oldSpec)) if (!keptIPs.has(ip)) this.ips.release(ip);
      const keptPorts = new Set(nodePortsOf(spec));
      for (const port of nodePortsOf(oldSpec)) if (!keptPorts.has(port)) this.nodePorts.release(port);
    };
  }

  afterDelete(object: KubeObject): void {
    const spec = readSpec(object);
    for (const ip of clusterIPsOf(spec)) this.ips.release(ip);
    for (const port of nodePortsOf(spec)) this.nodePorts.release(port);
  }

  private allocateClusterIP(spec: ServiceSpec, name: string, allocation: Allocation): void {
    const requested = spec.clusterIP ?? '';
    if (requested === '') {
      let ip: string;
      try {
        ip = allocation.nextIp();
      } catch (err) {
        throw internal(`failed to allocate a serviceIP: ${(err as Error).message}`);
      }
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      return;
    }
    try {
      allocation.ip(requested);
    } catch (err) {
      if (!(err instanceof AllocationError)) throw err;
      throw invalid(SUBJECT, name, [invalidField('spec.clusterIPs', spec.clusterIPs ?? [requested], `failed to allocate IP ${requested}: ${err.message}`)]);
    }
    spec.clusterIPs = [requested];
  }
}

/**
 * Node ports of a NodePort or LoadBalancer service (upstream initNodePorts/updateNodePorts):
 * requested ones are taken unless `held` already (the old object's, on update); the others are
 * allocated (unless a LoadBalancer opted out), sharing one node port per port number.
 */
function allocateNodePorts(spec: ServiceSpec, name: string, allocation: Allocation, held: Set<number>): void {
  const byPortNumber = new Map<number, number>();
  const taken = new Set<number>();
  const ports = spec.ports ?? [];
  const take = (nodePort: number, index: number): void => {
    if (held.has(nodePort) || taken.has(nodePort)) return;
    try {
      allocation.port(nodePort);
    } catch (err) {
      if (!(err instanceof AllocationError)) throw err;
      throw invalid(SUBJECT, name, [invalidField(`spec.ports[${index}].nodePort`, nodePort, err.message)]);
    }
    taken.add(nodePort);
  };
  ports.forEach((port, i) => {
    if (port.nodePort) {
      take(port.nodePort, i);
      byPortNumber.set(port.port ?? 0, byPortNumber.get(port.port ?? 0) ?? port.nodePort);
      return;
    }
    if (!needsNodePorts(spec)) return; // no new ports, but requested ones are honoured
    const requested = byPortNumber.get(port.port ?? 0) ?? ports.find((p) => p.port === port.port && p.nodePort)?.nodePort;
    if (requested) {
      take(requested, i);
      port.nodePort = requested;
    } else {
      try {
        port.nodePort = allocation.nextPort();
      } catch (err) {
        throw internal(`failed to allocate a nodePort: ${(err as Error).message}`);
      }
      taken.add(port.nodePort);
    }
    byPortNumber.set(port.port ?? 0, port.nodePort);
  });
}

function allocateHealthCheckNodePort(spec: ServiceSpec, name: string, allocation: Allocation, held: Set<number>): void {
  if (spec.healthCheckNodePort) {
    if (held.has(spec.healthCheckNodePort)) return;
    try {
      allocation.port(spec.healthCheckNodePort);
    } catch (err) {
      if (!(err instanceof AllocationError)) throw err;
      throw invalid(SUBJECT, name, [invalidField('spec.healthCheckNodePort', spec.healthCheckNodePort, `failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: ${err.message}`)]);
    }
    return;
  }
  try {
    spec.healthCheckNodePort = allocation.nextPort();
  } catch (err) {
    throw internal(`failed to allocate a nodePort: ${(err as Error).message}`);
  }
}

/**
 * Completes ipFamilyPolicy and ipFamilies on this single-stack IPv4 cluster (upstream
 * initIPFamilyFields): SingleStack and [IPv4] by default; headless services without a selector
 * get RequireDualStack and every family the cluster has; families the cluster lacks, and
 * RequireDualStack elsewhere, are refused with upstream's messages.
 */
export function initIPFamilies(spec: ServiceSpec, name: string): void {
  if (!needsClusterIP(spec)) return;
  const errors: FieldError[] = [];
  const families = [...(spec.ipFamilies ?? [])];
  // Families follow the addresses asked for.
  (spec.clusterIPs ?? []).forEach((ip, i) => {
    if (ip === CLUSTER_IP_NONE || ip === '') return;
    const family = ip.includes(':') ? 'IPv6' : 'IPv4';
    if (families[i] === undefined) families[i] = family;
  });
  const headlessSelectorless = isHeadless(spec) && Object.keys(spec.selector ?? {}).length === 0;
  if (headlessSelectorless) {
    spec.ipFamilyPolicy ??= 'RequireDualStack';
    for (const family of CLUSTER_FAMILIES) if (!families.includes(family)) families.push(family);
    spec.ipFamilies = families;
    return;
  }
  families.forEach((family, i) => {
    if (!CLUSTER_FAMILIES.includes(family)) errors.push(invalidField(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    errors.push(invalidField('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  if (families.length > 1 && (spec.ipFamilyPolicy ?? 'SingleStack') === 'SingleStack') {
    errors.push(
      invalidField('spec.ipFamilies', new GoSyntax(`[]core.IPFamily{${families.map((f) => `"${f}"`).join(', ')}}`), "when multiple IP families are specified, `ipFamilyPolicy` must be 'PreferDualStack' or 'RequireDualStack'"),
    );
  }
  if (errors.length > 0) throw invalid(SUBJECT, name, errors);
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.ipFamilies = families.length > 0 ? families : [...CLUSTER_FAMILIES];
}

/** The spec of an object this code must not change (stored or cached). */
function readSpec(object: KubeObject): ServiceSpec {
  return (object as { spec?: ServiceSpec }).spec ?? {};
}

function internal(message: string): InternalError {
  return new InternalError(`Internal error occurred: ${message}`);
}
