/**
 * Topology counts kept across scheduling cycles (a kts addition; upstream recounts every pod in
 * every cycle). Pods of one workload share the same labels and terms, so consecutive cycles ask
 * for the same counts while only the node that received the last pod changed. For each
 * computation (identified by a signature of everything it depends on besides the nodes) this
 * keeps every node's contribution with the NodeInfo generation it was computed at, and the
 * total; a cycle recomputes only nodes whose generation moved and drops nodes that left the list.
 *
 * Contracts: NodeInfo.generation changes on every change of a NodeInfo (pods, node object), and
 * is copied by clone(), so equal generations mean equal content. Used from the scheduling cycle
 * only (one at a time). The total returned is the cache's own: it stays valid until the next call
 * and must not be mutated (PreFilterState copies it before AddPod/RemovePod write).
 */
import type { LabelSelector } from '../../../api/labels/index.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { AffinityTerm } from '../../framework/pod-info.js';
import { TopologyCounts } from './topology-counts.js';

interface NodeContribution {
  generation: number;
  pairs: [string, string, number][];
  stamp: number;
}

class Contributions {
  readonly perNode = new Map<string, NodeContribution>();
  readonly total = new TopologyCounts();
  stamp = 0;
}

/** How many signatures are remembered (least recently used ones are dropped). */
const MAX_SIGNATURES = 16;

export class IncrementalCounts {
  private readonly bySignature = new Map<string, Contributions>();

  /**
   * The sum over `nodes` of `compute(node, counts)`; `compute` must depend only on the node's
   * content and on what `signature` encodes.
   */
  total(signature: string, nodes: readonly NodeInfo[], compute: (nodeInfo: NodeInfo, out: TopologyCounts) => void): TopologyCounts {
    let entry = this.bySignature.get(signature);
    if (entry) this.bySignature.delete(signature);
    else entry = new Contributions();
    this.bySignature.set(signature, entry);
    if (this.bySignature.size > MAX_SIGNATURES) this.bySignature.delete(this.bySignature.keys().next().value as string);

    const stamp = ++entry.stamp;
    for (const nodeInfo of nodes) {
      const name = nodeInfo.name;
      const cached = entry.perNode.get(name);
      if (cached && cached.generation === nodeInfo.generation) {
        cached.stamp = stamp;
        continue;
      }
      if (cached) for (const [k, v, n] of cached.pairs) entry.total.add(k, v, -n);
      const own = new TopologyCounts();
      compute(nodeInfo, own);
      const pairs = own.entries();
      for (const [k, v, n] of pairs) entry.total.add(k, v, n);
      entry.perNode.set(name, { generation: nodeInfo.generation, pairs, stamp });
    }
    // Every listed node now has a stamped entry: when there are no more entries than nodes, none is stale.
    if (entry.perNode.size === nodes.length) return entry.total;
    for (const [name, c] of entry.perNode) {
      if (c.stamp === stamp) continue;
      for (const [k, v, n] of c.pairs) entry.total.add(k, v, -n);
      entry.perNode.delete(name);
    }
    return entry.total;
  }
}

function selectorKey(s: LabelSelector): string {
  return s.matchesNothing() ? '\u0001nothing' : s.toString();
}

/** A string equal for terms that select the same pods in the same topologies. */
export function termsSignature(terms: readonly AffinityTerm[]): string {
  return terms.map((t) => `${[...t.namespaces].sort().join(',')};${selectorKey(t.selector)};${t.topologyKey};${selectorKey(t.namespaceSelector)}`).join('|');
}
