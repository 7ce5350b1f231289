/**
 * The Node object a kubelet registers, built purely from its configuration and the facts of its
 * machine (model: kubelet_node_status.go initialNode and nodestatus/setters.go). Effectful
 * discovery of the facts lives in host-facts.ts, so simulated nodes can pass made-up ones.
 */
import { quantityFromValue } from '../../api/quantity/index.js';
import { KUBERNETES_VERSION } from '../../util/version.js';
import { computeConditions, type NodeHealth } from './conditions.js';
import type { Node, NodeAddress, NodeCondition, NodeStatus, Taint } from './types.js';

/** What the machine is (upstream: cadvisor MachineInfo, VersionInfo and the runtime's Version). */
export interface HostFacts {
  /** Logical CPUs. */
  cpuCores: number;
  memoryBytes: number;
  /** Capacity of the filesystem holding the kubelet's root dir. */
  ephemeralStorageBytes: number;
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  /** /etc/os-release PRETTY_NAME. */
  osImage: string;
  /** Go's GOOS: `linux`. */
  operatingSystem: string;
  /** Go's GOARCH: `amd64`, `arm64`… */
  architecture: string;
}

/** What the kubelet is told about itself. */
export interface NodeConfig {
  nodeName: string;
  /** The InternalIP address. */
  nodeIP: string;
  /** The Hostname address and the kubernetes.io/hostname label (default: nodeName). */
  hostname?: string;
  /** Servers carry node-role.kubernetes.io/control-plane=true (and master=true, as k3s does). */
  controlPlane?: boolean;
  /** Extra labels set at registration (--node-labels). */
  labels?: Record<string, string>;
  /** Taints set at registration (--register-with-taints). */
  taints?: Taint[];
  /** CRI name, e.g. `containerd`, `process`, `simulated`. */
  runtimeName: string;
  runtimeVersion: string;
  /** The kubelet API port (daemonEndpoints.kubeletEndpoint.Port), 10250 upstream. */
  kubeletPort: number;
  /** --max-pods, 110 upstream. */
  maxPods?: number;
}

export const DEFAULT_MAX_PODS = 110;
/** Upstream's default hard eviction thresholds, which allocatable keeps back. */
export const EVICTION_MEMORY_AVAILABLE_BYTES = 100 * 1024 * 1024;
/** nodefs.available<10%, a float32 percentage as upstream evaluates it. */
export const EVICTION_NODEFS_FRACTION = Math.fround(0.1);

/** GOARCH for Node's process.arch. */
export function goArch(arch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };
  return map[arch] ?? arch;
}

/**
 * The labels the kubelet owns (upstream updateDefaultLabels' set, plus the roles k3s sets for
 * servers): registration writes them on an existing Node too.
 */
export function ownedLabels(config: NodeConfig, facts: HostFacts): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': facts.architecture,
    'beta.kubernetes.io/os': facts.operatingSystem,
    'kubernetes.io/arch': facts.architecture,
    'kubernetes.io/hostname': config.hostname ?? config.nodeName,
    'kubernetes.io/os': facts.operatingSystem,
  };
  if (config.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = 'true';
    labels['node-role.kubernetes.io/master'] = 'true';
  }
  return labels;
}

function binary(bytes: number): string {
  return quantityFromValue(Math.max(0, Math.floor(bytes)), 'BinarySI').toString();
}

/** Capacity and allocatable (upstream MachineInfo setter with the default eviction reservations). */
export function nodeResources(config: NodeConfig, facts: HostFacts): Pick<NodeStatus, 'capacity' | 'allocatable'> {
  const pods = String(config.maxPods ?? DEFAULT_MAX_PODS);
  const storage = Math.floor(facts.ephemeralStorageBytes);
  const capacity: Record<string, string> = {
    cpu: String(facts.cpuCores),
    'ephemeral-storage': binary(storage),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: binary(facts.memoryBytes),
    pods,
  };
  const allocatable: Record<string, string> = {
    ...capacity,
    'ephemeral-storage': binary(storage - Math.trunc(storage * EVICTION_NODEFS_FRACTION)),
    memory: binary(facts.memoryBytes - EVICTION_MEMORY_AVAILABLE_BYTES),
  };
  return { capacity, allocatable };
}

export function nodeAddresses(config: NodeConfig): NodeAddress[] {
  return [
    { type: 'InternalIP', address: config.nodeIP },
    { type: 'Hostname', address: config.hostname ?? config.nodeName },
  ];
}

/**
 * The node's status at `nowMs`, given its previous conditions (undefined at registration) and
 * health. Field order follows upstream's JSON.
 */
export function nodeStatus(config: NodeConfig, facts: HostFacts, previous: readonly NodeCondition[] | undefined, health: NodeHealth, nowMs: number): NodeStatus {
  const { capacity, allocatable } = nodeResources(config, facts);
  return {
    capacity,
    allocatable,
    conditions: computeConditions(previous, health, nowMs).conditions,
    addresses: nodeAddresses(config),
    daemonEndpoints: { kubeletEndpoint: { Port: config.kubeletPort } },
    nodeInfo: {
      machineID: facts.machineID,
      systemUUID: facts.systemUUID,
      bootID: facts.bootID,
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: `${config.runtimeName}://${config.runtimeVersion}`,
      kubeletVersion: KUBERNETES_VERSION.gitVersion,
      kubeProxyVersion: KUBERNETES_VERSION.gitVersion,
      operatingSystem: facts.operatingSystem,
      architecture: facts.architecture,
    },
  };
}

/** The Node to create at registration (upstream initialNode + the status setters' first run). */
export function buildNode(config: NodeConfig, facts: HostFacts, health: NodeHealth, nowMs: number): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.nodeName,
      labels: { ...(config.labels ?? {}), ...ownedLabels(config, facts) },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: nodeStatus(config, facts, undefined, health, nowMs),
  };
  if (config.taints?.length) node.spec = { taints: config.taints.map((t) => ({ ...t })) };
  return node;
}
