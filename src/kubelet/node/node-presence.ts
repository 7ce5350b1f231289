/**
 * A kubelet's presence in the API: registration, then the lease heartbeat and the status
 * updater running side by side until disposed (or the caller's signal aborts).
 *
 *   start ──register (retries)──▶ running: lease every 10 s ‖ status every 10 s ──dispose──▶ stopped
 */
import type { Clock } from '../../client/flowcontrol/clock.js';
import type { RestClient } from '../../client/rest/index.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import { computeConditions, type NodeEventReason, type NodeHealth } from './conditions.js';
import { NodeLeaseController } from './lease-controller.js';
import { buildNode, ownedLabels, type HostFacts, type NodeConfig } from './node-object.js';
import { registerNode } from './registration.js';
import { NodeStatusUpdater } from './status-updater.js';
import { LEASES, NODE_LEASE_NAMESPACE, NODES, type Node, type NodeLease } from './types.js';

export interface NodePresenceOptions {
  client: RestClient;
  config: NodeConfig;
  facts: HostFacts;
  /** The node's health now; called at registration and at every status sync. */
  health: () => NodeHealth | Promise<NodeHealth>;
  logger: Logger;
  /** Stops registration retries and, later, everything (as dispose does). */
  signal?: AbortSignal;
  clock?: Clock;
  /** Condition transitions to record as Events (`Node <name> status is now: <reason>`). */
  onTransitions?: (reasons: NodeEventReason[]) => void;
  /** Overrides for tests: nodeStatusUpdateFrequency, nodeStatusReportFrequency, lease renew interval. */
  statusUpdateFrequencyMs?: number;
  statusReportFrequencyMs?: number;
  leaseRenewIntervalMs?: number;
}

export class NodePresence implements Disposable {
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];

  private constructor(
    /** The Node as registered (its uid owns the lease). */
    readonly node: Node,
    readonly lease: NodeLeaseController,
    readonly status: NodeStatusUpdater,
    signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', () => this.abort.abort(), { once: true });
    if (signal?.aborted) this.abort.abort();
  }

  /** Registers the node (retrying until it works or `signal` aborts), then starts the heartbeats. */
  static async start(options: NodePresenceOptions): Promise<NodePresence> {
    const { client, config, facts, logger } = options;
    const nodes = client.resource<Node>(NODES);
    const signal = options.signal ?? new AbortController().signal;
    const health = await options.health();
    const now = options.clock?.now() ?? Date.now();
    const desired = buildNode(config, facts, health, now);
    const node = await registerNode({ nodes, node: desired, ownedLabels: ownedLabels(config, facts), logger, signal, clock: options.clock });
    options.onTransitions?.(computeConditions(undefined, health, now).events);
    const lease = new NodeLeaseController({
      nodeName: config.nodeName,
      leases: client.resource<NodeLease>(LEASES).namespace(NODE_LEASE_NAMESPACE),
      nodes,
      logger,
      clock: options.clock,
      renewIntervalMs: options.leaseRenewIntervalMs,
    });
    const status = new NodeStatusUpdater({
      nodes,
      config,
      facts,
      health: options.health,
      logger,
      clock: options.clock,
      updateFrequencyMs: options.statusUpdateFrequencyMs,
      reportFrequencyMs: options.statusReportFrequencyMs,
      onTransitions: options.onTransitions,
    });
    const presence = new NodePresence(node, lease, status, options.signal);
    presence.loops.push(lease.run(presence.abort.signal), status.run(presence.abort.signal));
    return presence;
  }

  /** Stops both loops and waits for requests in flight to end. */
  async dispose(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
  }
}
