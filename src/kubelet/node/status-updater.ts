/**
 * Reports the node's status (model: kubelet_node_status.go updateNodeStatus/tryUpdateNodeStatus
 * with node leases on).
 *
 * Every `updateFrequencyMs` (nodeStatusUpdateFrequency, 10 s) `sync()`:
 * 1. reads the Node;
 * 2. computes the status from the config, the machine facts and the current health, carrying
 *    the conditions' transition times over from the Node read;
 * 3. patches `nodes/<name>/status` only when the status changed (anything but heartbeat times)
 *    or `reportFrequencyMs` (nodeStatusReportFrequency, 5 min) passed since the last report;
 *    a failed attempt is retried up to 5 times within one sync.
 * Syncs never overlap; `run` stops when `signal` aborts.
 */
import { sameJSON } from '../../api/json-equal.js';
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import type { ResourceClient } from '../../client/rest/index.js';
import type { Logger } from '../../util/logging.js';
import { computeConditions, conditionsChanged, type NodeEventReason, type NodeHealth } from './conditions.js';
import { clockSleep } from '../../client/flowcontrol/clock.js';
import { nodeStatus, type HostFacts, type NodeConfig } from './node-object.js';
import type { Node, NodeStatus } from './types.js';

export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;
const NODE_STATUS_UPDATE_RETRY = 5;

export interface NodeStatusUpdaterOptions {
  nodes: ResourceClient<Node>;
  config: NodeConfig;
  facts: HostFacts;
  /** The node's health now (runtime and network readiness, pressure). */
  health: () => NodeHealth | Promise<NodeHealth>;
  logger: Logger;
  clock?: Clock;
  updateFrequencyMs?: number;
  reportFrequencyMs?: number;
  /** Called with the condition transitions of each reported status (for Events). */
  onTransitions?: (reasons: NodeEventReason[]) => void;
}

/** Whether `after` differs from `before` in anything but heartbeat times (upstream nodeStatusHasChanged). */
export function nodeStatusChanged(before: Partial<NodeStatus> | undefined, after: NodeStatus): boolean {
  if (conditionsChanged(before?.conditions, after.conditions)) return true;
  for (const key of Object.keys(after) as (keyof NodeStatus)[]) {
    if (key !== 'conditions' && !sameJSON(before?.[key], after[key])) return true;
  }
  return false;
}

export class NodeStatusUpdater {
  private readonly clock: Clock;
  private lastReport: number | undefined;

  constructor(private readonly options: NodeStatusUpdaterOptions) {
    this.clock = options.clock ?? realClock;
  }

  async run(signal: AbortSignal): Promise<void> {
    const every = this.options.updateFrequencyMs ?? NODE_STATUS_UPDATE_FREQUENCY_MS;
    while (!signal.aborted) {
      try {
        await this.sync(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.options.logger.warn({ err: String(err) }, 'Unable to update node status');
      }
      await clockSleep(this.clock, every, signal).catch(() => undefined);
    }
  }

  /** One status computation (steps above); resolves whether it patched. */
  async sync(signal?: AbortSignal): Promise<boolean> {
    let lastError: unknown;
    for (let attempt = 0; attempt < NODE_STATUS_UPDATE_RETRY; attempt++) {
      try {
        return await this.trySync(signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        lastError = err;
        this.options.logger.info({ err: String(err), attempt }, 'Error updating node status, will retry');
      }
    }
    throw new Error(`update node status exceeds retry count: ${String(lastError)}`);
  }

  private async trySync(signal?: AbortSignal): Promise<boolean> {
    const { nodes, config, facts } = this.options;
    const node = await nodes.get(config.nodeName, { signal });
    const health = await this.options.health();
    const now = this.clock.now();
    const status = nodeStatus(config, facts, node.status?.conditions, health, now);
    const changed = nodeStatusChanged(node.status, status);
    const reportDue = this.lastReport === undefined || now - this.lastReport >= (this.options.reportFrequencyMs ?? NODE_STATUS_REPORT_FREQUENCY_MS);
    if (!changed && !reportDue) return false;
    await nodes.patch(config.nodeName, 'merge', { status }, { subresource: 'status', signal });
    this.lastReport = now;
    const { events } = computeConditions(node.status?.conditions, health, now);
    if (events.length > 0) this.options.onTransitions?.(events);
    return true;
  }
}
