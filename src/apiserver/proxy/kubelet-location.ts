/**
 * Where a node's kubelet listens (model: NodeConnectionInfoGetter in pkg/kubelet/client and
 * GetPreferredNodeAddress in component-helpers): the node's preferred address and the port it
 * reports in `status.daemonEndpoints.kubeletEndpoint.Port`.
 *
 * Upstream's --kubelet-preferred-address-types default is Hostname, InternalDNS, InternalIP,
 * ExternalDNS, ExternalIP. kts prefers the IPs: kts nodes report InternalIP and Hostname, and a
 * node's hostname need not resolve from the API server's machine. Names come last.
 *
 * Unlike upstream, which falls back to the default port 10250, a node that reports no kubelet
 * port is refused (503): kts nodes without a node agent (created through the API) have none, and
 * guessing a port would send traffic to whatever listens there.
 */
import { ServiceUnavailableError } from '../../util/errors.js';
import type { ObjectReader } from '../registry/object-reader.js';

export const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'InternalDNS', 'ExternalDNS', 'Hostname'] as const;

/** The parts of a Node this module reads. */
export interface NodeWithEndpoints {
  metadata: { name?: string };
  status?: {
    addresses?: { type?: string; address?: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
  };
}

export interface KubeletEndpoint {
  /** An IP or host name (IPv6 without brackets). */
  host: string;
  port: number;
}

const NODES_PREFIX = '/registry/minions/';

/** The kubelet endpoint a Node reports; 503 when it reports no usable address or port. */
export function kubeletEndpoint(node: NodeWithEndpoints): KubeletEndpoint {
  const name = node.metadata.name ?? '';
  const addresses = node.status?.addresses ?? [];
  let host: string | undefined;
  for (const type of PREFERRED_ADDRESS_TYPES) {
    host = addresses.find((a) => a.type === type && a.address)?.address;
    if (host) break;
  }
  if (!host) {
    // upstream's NoMatchError text (the Go %v of the addresses).
    const known = addresses.map((a) => `{${a.type ?? ''} ${a.address ?? ''}}`).join(' ');
    throw new ServiceUnavailableError(`no preferred addresses found; known addresses: [${known}]`);
  }
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ServiceUnavailableError(`node "${name}" reports no kubelet port (status.daemonEndpoints.kubeletEndpoint.Port), so its kubelet cannot be reached`);
  }
  return { host, port };
}

/** The kubelet endpoint of the node named `nodeName` (from the watch cache); 503 when the node is not registered. */
export async function nodeKubeletEndpoint(reader: ObjectReader, nodeName: string): Promise<KubeletEndpoint> {
  const node = (await reader.get(`${NODES_PREFIX}${nodeName}`)) as NodeWithEndpoints | undefined;
  if (!node) throw new ServiceUnavailableError(`node "${nodeName}" is not registered, so its kubelet cannot be reached`);
  return kubeletEndpoint(node);
}

/** `host:port` for a URL (IPv6 in brackets). */
export function hostPort(endpoint: KubeletEndpoint): string {
  return `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}
