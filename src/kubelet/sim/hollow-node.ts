/**
 * Simulated ("hollow") nodes are identified by their index: the name, addresses, pod CIDR and
 * machine facts all derive from it, so the simulator keeps no per-node objects (pure).
 *
 * Addresses: node i has InternalIP 172.16.0.0/12 + (i + 1) (never the network address) and pod CIDR
 * 10.(128 + i>>8).(i & 255).0/24, which gives room for 32,768 nodes.
 */
import { parseQuantity } from '../../api/quantity/index.js';
import { HEALTHY } from '../node/conditions.js';
import { buildNode, ownedLabels, type HostFacts, type NodeConfig } from '../node/node-object.js';
import type { Node } from '../node/types.js';
import { KTS_VERSION } from '../../util/version.js';

export const MAX_SIM_NODES = 32_768;
/** Marks simulated nodes (as KWOK's `type=kwok`). */
export const SIMULATED_LABEL = 'kts.io/simulated';

export interface HollowNodeShape {
  /** Node names are `<prefix><index>`. */
  namePrefix: string;
  /** Capacity: CPUs (a whole number), memory and pods. */
  cpu: number;
  memory: string;
  pods: number;
  /** The kubelet port reported in daemonEndpoints (no server listens on it). */
  kubeletPort?: number;
}

export function hollowNodeName(shape: HollowNodeShape, index: number): string {
  return `${shape.namePrefix}${index}`;
}

/** The index of a hollow node by name, or -1 when the name is not one of the first `count`. */
export function hollowNodeIndex(shape: HollowNodeShape, count: number, name: string | undefined): number {
  if (!name?.startsWith(shape.namePrefix)) return -1;
  const rest = name.slice(shape.namePrefix.length);
  if (!/^(0|[1-9]\d*)$/.test(rest)) return -1;
  const index = Number(rest);
  return index < count ? index : -1;
}

export function hollowNodeIP(index: number): string {
  const host = index + 1;
  return `172.${16 + (host >> 16)}.${(host >> 8) & 255}.${host & 255}`;
}

export function hollowPodCIDR(index: number): string {
  return `10.${128 + (index >> 8)}.${index & 255}.0/24`;
}

/** The `n`th pod IP of node `index` (cycling through .2 to .254 of its /24). */
export function hollowPodIP(index: number, n: number): string {
  return `10.${128 + (index >> 8)}.${index & 255}.${2 + (n % 253)}`;
}

/** Checks a shape; throws a user-readable error for bad capacity values. */
export function validateShape(shape: HollowNodeShape): void {
  if (!Number.isInteger(shape.cpu) || shape.cpu < 1) throw new Error(`--cpu must be a whole number of CPUs >= 1, got ${shape.cpu}`);
  if (!Number.isInteger(shape.pods) || shape.pods < 1) throw new Error(`--pods must be a whole number >= 1, got ${shape.pods}`);
  let bytes: bigint;
  try {
    bytes = parseQuantity(shape.memory).value();
  } catch (err) {
    throw new Error(`--memory must be a quantity such as 256Gi: ${(err as Error).message}`);
  }
  if (bytes < 1024n * 1024n * 1024n) throw new Error(`--memory must be at least 1Gi, got ${shape.memory}`);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9-])?$/.test(shape.namePrefix) && shape.namePrefix !== '') throw new Error(`--name-prefix must start a DNS-1123 subdomain, got "${shape.namePrefix}"`);
}

function hex(index: number, width: number): string {
  return index.toString(16).padStart(width, '0');
}

/** Made-up machine facts for hollow node `index` (stable across runs). */
export function hollowFacts(shape: HollowNodeShape, index: number, bootID: string): HostFacts {
  return {
    cpuCores: shape.cpu,
    memoryBytes: Number(parseQuantity(shape.memory).value()),
    ephemeralStorageBytes: 1024 ** 4,
    machineID: `5e1a${hex(index, 28)}`,
    systemUUID: `5e1a0000-0000-0000-0000-${hex(index, 12)}`,
    bootID,
    kernelVersion: '6.1.0-kts-simulated',
    osImage: 'kts simulated node',
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
}

export function hollowNodeConfig(shape: HollowNodeShape, index: number): NodeConfig {
  return {
    nodeName: hollowNodeName(shape, index),
    nodeIP: hollowNodeIP(index),
    runtimeName: 'simulated',
    runtimeVersion: KTS_VERSION,
    kubeletPort: shape.kubeletPort ?? 10250,
    maxPods: shape.pods,
    labels: { [SIMULATED_LABEL]: 'true' },
  };
}

/** The Node a hollow node registers (healthy, with its pod CIDR). */
export function buildHollowNode(shape: HollowNodeShape, index: number, bootID: string, nowMs: number): { node: Node; owned: Record<string, string> } {
  const config = hollowNodeConfig(shape, index);
  const facts = hollowFacts(shape, index, bootID);
  const node = buildNode(config, facts, HEALTHY, nowMs);
  const cidr = hollowPodCIDR(index);
  node.spec = { ...node.spec, podCIDR: cidr, podCIDRs: [cidr] };
  return { node, owned: { ...ownedLabels(config, facts), [SIMULATED_LABEL]: 'true' } };
}
