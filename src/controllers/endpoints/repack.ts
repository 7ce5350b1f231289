/**
 * The canonical layout of Endpoints subsets (model: pkg/api/v1/endpoints RepackSubsets): every
 * address appears once per port, addresses are deduplicated by IP and target UID, a not-ready
 * entry wins over a ready one, ports offered by the same set of addresses share one subset, and
 * everything is sorted so that equal endpoints compare equal.
 *
 * Sort order: addresses by IP (bytewise) then target UID, as upstream; ports and subsets by a
 * canonical string (upstream orders them by a hash, so its order is equally arbitrary).
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../shared/endpoints/types.js';

/** Stands for "no ports" so headless services without ports keep their addresses. */
const NO_PORTS_KEY = '\u0000no-ports';

export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const portsByKey = new Map<string, EndpointPort | undefined>();
  /** port key → address key → ready */
  const readiness = new Map<string, Map<string, boolean>>();

  const record = (portKey: string, address: EndpointAddress, ready: boolean) => {
    const addrKey = addressKey(address);
    if (!addresses.has(addrKey)) addresses.set(addrKey, address);
    let byAddr = readiness.get(portKey);
    if (!byAddr) readiness.set(portKey, (byAddr = new Map()));
    const was = byAddr.get(addrKey);
    if (was === undefined || was) byAddr.set(addrKey, ready);
  };
  for (const subset of subsets) {
    const ports = subset.ports && subset.ports.length > 0 ? subset.ports : [undefined];
    for (const port of ports) {
      const portKey = port ? canonicalPort(port) : NO_PORTS_KEY;
      portsByKey.set(portKey, port);
      for (const a of subset.addresses ?? []) record(portKey, a, true);
      for (const a of subset.notReadyAddresses ?? []) record(portKey, a, false);
    }
  }

  // Group ports by the exact set of (address, ready) that offers them.
  const groups = new Map<string, { members: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [portKey, members] of readiness) {
    const setKey = [...members.entries()].map(([a, r]) => `${a}=${r}`).sort().join('|');
    let group = groups.get(setKey);
    if (!group) groups.set(setKey, (group = { members, ports: [] }));
    const port = portsByKey.get(portKey);
    if (port) group.ports.push(port);
  }

  const result: EndpointSubset[] = [];
  for (const { members, ports } of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [addrKey, isReady] of members) (isReady ? ready : notReady).push(addresses.get(addrKey)!);
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready.sort(compareAddresses);
    if (notReady.length > 0) subset.notReadyAddresses = notReady.sort(compareAddresses);
    if (ports.length > 0) subset.ports = ports.sort((a, b) => cmp(canonicalPort(a), canonicalPort(b)));
    result.push(subset);
  }
  return result.sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
}

/** upstream LessEndpointAddress: by IP bytes, then target UID (an address without target first). */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const byIP = cmp(a.ip, b.ip);
  if (byIP !== 0) return byIP;
  return cmp(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

function addressKey(a: EndpointAddress): string {
  return `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
}

function canonicalPort(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? '']);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
