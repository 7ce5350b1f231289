/**
 * Pods held at Permit (model: framework/runtime/waiting_pods_map.go). A waiting pod resolves once
 * every plugin that asked it to wait allows it (Success), when one rejects it (Unschedulable), or
 * when a plugin's timeout passes (Unschedulable "rejected due to timeout after waiting …").
 */
import type { Clock, TimerHandle } from '../../client/flowcontrol/clock.js';
import type { Pod } from '../framework/api-types.js';
import type { WaitingPod } from '../framework/interface.js';
import { Status } from '../framework/status.js';

export class WaitingPodImpl implements WaitingPod {
  private readonly pending = new Map<string, TimerHandle>();
  private settled = false;
  readonly done: Promise<Status | null>;
  private resolve!: (s: Status | null) => void;

  constructor(
    private readonly pod: Pod,
    timeouts: ReadonlyMap<string, number>,
    clock: Clock,
  ) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    for (const [plugin, ms] of timeouts) {
      this.pending.set(plugin, clock.setTimer(ms, () => this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`)));
    }
  }

  getPod(): Pod {
    return this.pod;
  }

  getPendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  allow(pluginName: string): void {
    this.pending.get(pluginName)?.cancel();
    this.pending.delete(pluginName);
    if (this.pending.size === 0) this.settle(null);
  }

  reject(pluginName: string, msg: string): void {
    this.settle(Status.unschedulable(msg).withPlugin(pluginName));
  }

  private settle(status: Status | null): void {
    if (this.settled) return;
    this.settled = true;
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
    this.resolve(status);
  }
}
