/**
 * Writes pod statuses to the API (model: kubelet pkg/kubelet/status/status_manager.go).
 *
 * Contracts:
 * - `setPodStatus` returns at once; a per-pod writer sends the latest status (older unsent ones
 *   are skipped), one write at a time per pod, and skips writes that would change nothing.
 * - conditions keep their lastTransitionTime while their status stays the same;
 * - writes go to `pods/{name}/status` as a merge patch that carries the pod's uid, so a new pod
 *   that reuses the name is never written with an old pod's status;
 * - `deletePod` removes the API object once the kubelet has finished with it (grace 0, uid
 *   precondition), as the kubelet does after a graceful termination.
 */
import { formatTime } from '../../client/events/types.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { clockSleep, type Clock } from '../../client/flowcontrol/clock.js';
import { StatusError } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import { podUid, type Pod, type PodStatus } from '../pod.js';
import { stampTransitions } from './generate.js';

interface Entry {
  pod: Pod;
  /** The status to write next (undefined: nothing pending). */
  desired?: PodStatus;
  /** What the API has (last written or read). */
  sent?: PodStatus;
  writing: boolean;
}

export class StatusManager {
  private readonly entries = new Map<string, Entry>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly stop = new AbortController();

  constructor(
    private readonly pods: ResourceClient<Pod>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The status most recently set for the pod (what the kubelet believes), if any. */
  getPodStatus(uid: string): PodStatus | undefined {
    const entry = this.entries.get(uid);
    return entry?.desired ?? entry?.sent;
  }

  setPodStatus(pod: Pod, status: PodStatus): void {
    const uid = podUid(pod);
    let entry = this.entries.get(uid);
    if (entry === undefined) this.entries.set(uid, (entry = { pod, sent: pod.status, writing: false }));
    entry.pod = pod;
    const previous = entry.desired ?? entry.sent;
    stampTransitions(previous?.conditions, status.conditions ?? [], formatTime(this.clock.now()));
    if (JSON.stringify(previous) === JSON.stringify(status)) return;
    entry.desired = status;
    if (!entry.writing) void this.write(uid, entry);
  }

  /** Deletes the pod object (grace 0, uid precondition); a pod already gone is fine. */
  async deletePod(pod: Pod): Promise<void> {
    await this.flush(podUid(pod));
    try {
      await this.pods.namespace(pod.metadata.namespace ?? '').delete(pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: podUid(pod) } });
    } catch (err) {
      if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  /** Stops writing (pending statuses are dropped; the next kubelet recomputes them). */
  dispose(): void {
    this.stop.abort();
  }

  forget(uid: string): void {
    this.entries.delete(uid);
  }

  /** Resolves once the pod's pending status has been written (or failed). */
  async flush(uid: string): Promise<void> {
    while (this.entries.get(uid)?.writing) await new Promise<void>((resolve) => this.idleWaiters.add(resolve));
  }

  private async write(uid: string, entry: Entry): Promise<void> {
    entry.writing = true;
    let failures = 0;
    while (entry.desired !== undefined && this.entries.get(uid) === entry && !this.stop.signal.aborted) {
      const status = entry.desired;
      const { name = '', namespace = '' } = entry.pod.metadata;
      try {
        await this.pods.namespace(namespace).patch(name, 'merge', { metadata: { uid }, status }, { subresource: 'status' });
        entry.sent = status;
        if (entry.desired === status) entry.desired = undefined;
        failures = 0;
      } catch (err) {
        if (err instanceof StatusError && (err.code === 404 || err.code === 409 || err.code === 422)) {
          entry.desired = undefined; // the pod is gone or is another pod now
          break;
        }
        failures++;
        this.logger.warn({ pod: name, namespace, err: String(err) }, 'writing pod status failed; retrying');
        await clockSleep(this.clock, Math.min(10_000, 200 * 2 ** failures), this.stop.signal).catch(() => undefined);
      }
    }
    entry.writing = false;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }
}
