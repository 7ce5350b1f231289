/**
 * The scheduling queue (model: internal/queue/scheduling_queue.go PriorityQueue).
 *
 *            add ──► [PreEnqueue] ──gated──► unschedulablePods (gated)
 *                          │ok
 *                          ▼
 *   backoffQ ──expired──► activeQ ──pop──► (scheduling cycle) ──fail──┐
 *      ▲                                                              │
 *      │ event matching the rejecting plugins, or after 5 min         ▼
 *      └──────────────── unschedulablePods ◄── unschedulable ── addUnschedulableIfNotPresent
 *                                                   (errors, or a move request during the
 *                                                    pod's cycle, go to backoffQ directly)
 *
 * Contracts:
 * - activeQ is ordered by the QueueSort plugin (PrioritySort: priority desc, then timestamp);
 *   backoffQ by backoff expiry (initial backoff doubling per attempt up to the maximum);
 * - a pod is in at most one of activeQ, backoffQ, unschedulablePods, or in flight (popped);
 * - `pop()` resolves with the next pod once activeQ has one; it resolves undefined after
 *   `close()`;
 * - events are matched against the plugins that rejected each pod (their EnqueueExtensions);
 *   a pod rejected by no plugin (or a plugin without EnqueueExtensions) moves on any event.
 */
import { realClock, type Clock, type TimerHandle } from '../../client/flowcontrol/clock.js';
import { podUID, type Pod } from '../framework/api-types.js';
import { EVENT_UNSCHEDULABLE_TIMEOUT, eventMatches, type ClusterEvent, type ClusterEventWithHint } from '../framework/events.js';
import { podInfoOf } from '../framework/pod-info.js';
import type { Status } from '../framework/status.js';
import type { QueuedPodInfo } from '../framework/types.js';
import { KeyedHeap } from './heap.js';
import { Nominator } from './nominator.js';

export interface QueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** PreEnqueue plugins of the pod's profile; non-null gates the pod. */
  preEnqueue: (pod: Pod) => Status | null;
  /** Plugin name → registered events (undefined: every event). */
  pluginEvents: ReadonlyMap<string, ClusterEventWithHint[] | undefined>;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a pod stays unschedulable before it is retried anyway (upstream 5 min). */
  maxUnschedulableMs?: number;
  clock?: Clock;
}

const FLUSH_BACKOFF_MS = 1000;
const FLUSH_UNSCHEDULABLE_MS = 30_000;

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and not yet done: uid → the pod's latest version seen while in flight. */
  private readonly inFlight = new Map<string, Pod>();
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private waiters: ((p: QueuedPodInfo | undefined) => void)[] = [];
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private closed = false;
  private timers: TimerHandle[] = [];

  constructor(private readonly options: QueueOptions) {
    this.clock = options.clock ?? realClock;
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = options.maxUnschedulableMs ?? 5 * 60_000;
    const key = (p: QueuedPodInfo): string => podUID(p.podInfo.pod);
    this.activeQ = new KeyedHeap(key, options.less);
    this.backoffQ = new KeyedHeap(key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic flushes (backoffQ every 1 s, long-unschedulable pods every 30 s). */
  run(): void {
    const loop = (ms: number, fn: () => void): void => {
      const tick = (): void => {
        if (this.closed) return;
        fn();
        this.timers.push(this.clock.setTimer(ms, tick));
      };
      this.timers.push(this.clock.setTimer(ms, tick));
    };
    loop(FLUSH_BACKOFF_MS, () => this.flushBackoffQCompleted());
    loop(FLUSH_UNSCHEDULABLE_MS, () => this.flushUnschedulablePodsLeftover());
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  // ---- pods from the informer ----

  /** A new unscheduled pod. */
  add(pod: Pod): void {
    const uid = podUID(pod);
    if (this.inFlight.has(uid)) {
      this.inFlight.set(uid, pod);
      return;
    }
    const qp = this.newQueuedPodInfo(pod);
    this.unschedulable.delete(uid);
    this.backoffQ.delete(uid);
    this.moveToActiveQ(qp);
    this.nominator.addFromStatus(pod);
  }

  /** An unscheduled pod changed. */
  update(oldPod: Pod, newPod: Pod): void {
    const uid = podUID(newPod);
    const info = podInfoOf(newPod);
    if (this.inFlight.has(uid)) {
      this.inFlight.set(uid, newPod);
      this.nominator.updateNominatedPod(oldPod, info);
      return;
    }
    const inActive = this.activeQ.get(uid);
    if (inActive) {
      this.nominator.updateNominatedPod(oldPod, info);
      this.activeQ.addOrUpdate({ ...inActive, podInfo: info });
      return;
    }
    const inBackoff = this.backoffQ.get(uid);
    if (inBackoff) {
      this.nominator.updateNominatedPod(oldPod, info);
      this.backoffQ.addOrUpdate({ ...inBackoff, podInfo: info });
      return;
    }
    const waiting = this.unschedulable.get(uid);
    if (waiting) {
      this.nominator.updateNominatedPod(oldPod, info);
      const updated: QueuedPodInfo = { ...waiting, podInfo: info };
      if (isPodUpdated(oldPod, newPod)) {
        this.unschedulable.delete(uid);
        if (waiting.gatingPlugin) {
          this.moveToActiveQ({ ...updated, gatingPlugin: undefined });
        } else if (this.isBackingOff(updated)) {
          this.backoffQ.addOrUpdate(updated);
        } else {
          this.moveToActiveQ(updated);
        }
      } else {
        this.unschedulable.set(uid, updated);
      }
      return;
    }
    this.add(newPod);
  }

  delete(pod: Pod): void {
    const uid = podUID(pod);
    this.activeQ.delete(uid);
    this.backoffQ.delete(uid);
    this.unschedulable.delete(uid);
    this.inFlight.delete(uid);
    this.nominator.deleteNominatedPodIfExists(pod);
  }

  // ---- the scheduling loop ----

  /** The next pod to schedule (highest priority first); undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const next = this.popNow();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The current scheduling cycle (increases with every pop). */
  get cycle(): number {
    return this.schedulingCycle;
  }

  /**
   * Returns a pod whose cycle failed. Errors (`unschedulable` false) and pods for which a move
   * request arrived during their cycle go to backoffQ; others wait in unschedulablePods.
   */
  addUnschedulableIfNotPresent(qp: QueuedPodInfo, podSchedulingCycle: number, unschedulable: boolean): void {
    const uid = podUID(qp.podInfo.pod);
    const latest = this.inFlight.get(uid);
    this.inFlight.delete(uid);
    if (latest === undefined || this.closed) return; // deleted while in flight
    if (this.activeQ.has(uid) || this.backoffQ.has(uid) || this.unschedulable.has(uid)) return;
    const updated: QueuedPodInfo = { ...qp, podInfo: podInfoOf(latest), timestamp: this.clock.now() };
    if (latest !== qp.podInfo.pod && isPodUpdated(qp.podInfo.pod, latest)) {
      // The pod changed while it was being scheduled: try again soon.
      this.backoffQ.addOrUpdate(updated);
      return;
    }
    if (!unschedulable || this.moveRequestCycle >= podSchedulingCycle) {
      this.backoffQ.addOrUpdate(updated);
    } else {
      this.unschedulable.set(uid, updated);
    }
  }

  /** The pod was scheduled (or dropped): it is no longer in flight. */
  done(pod: Pod): void {
    this.inFlight.delete(podUID(pod));
  }

  /** Whether `pod` is in flight (popped and not done). */
  isInFlight(pod: Pod): boolean {
    return this.inFlight.has(podUID(pod));
  }

  // ---- cluster events ----

  /** Moves the unschedulable pods that `event` may help to activeQ or backoffQ. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: unknown, newObj?: unknown, preCheck?: (pod: Pod) => boolean): void {
    const moving: QueuedPodInfo[] = [];
    for (const qp of this.unschedulable.values()) {
      if (qp.gatingPlugin) continue;
      if (preCheck && !preCheck(qp.podInfo.pod)) continue;
      if (this.podMatchesEvent(qp, event, oldObj, newObj)) moving.push(qp);
    }
    this.movePods(moving);
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** Counts for tests and metrics. */
  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  /** Every pending pod (activeQ, backoffQ, unschedulable), for debugging and tests. */
  pendingPods(): Pod[] {
    return [...this.activeQ.list(), ...this.backoffQ.list(), ...this.unschedulable.values()].map((q) => q.podInfo.pod);
  }

  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffExpiry(top) > now) break;
      this.backoffQ.pop();
      this.moveToActiveQ(top);
    }
  }

  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const stale = [...this.unschedulable.values()].filter((qp) => !qp.gatingPlugin && now - qp.timestamp > this.maxUnschedulableMs);
    if (stale.length > 0) this.movePods(stale.filter((qp) => this.podMatchesEvent(qp, EVENT_UNSCHEDULABLE_TIMEOUT)));
  }

  // ---- internals ----

  private newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    return { podInfo: podInfoOf(pod), timestamp: this.clock.now(), attempts: 0, unschedulablePlugins: new Set(), pendingPlugins: new Set() };
  }

  private popNow(): QueuedPodInfo | undefined {
    const qp = this.activeQ.pop();
    if (!qp) return undefined;
    qp.attempts++;
    qp.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(podUID(qp.podInfo.pod), qp.podInfo.pod);
    return qp;
  }

  /** Runs PreEnqueue; gated pods wait in unschedulablePods. */
  private moveToActiveQ(qp: QueuedPodInfo): void {
    const uid = podUID(qp.podInfo.pod);
    const gate = this.options.preEnqueue(qp.podInfo.pod);
    if (gate) {
      this.unschedulable.set(uid, { ...qp, gatingPlugin: gate.plugin || 'PreEnqueue' });
      return;
    }
    const ready: QueuedPodInfo = { ...qp, gatingPlugin: undefined };
    const waiter = this.waiters.shift();
    if (waiter) {
      this.activeQ.addOrUpdate(ready);
      waiter(this.popNow());
      return;
    }
    this.activeQ.addOrUpdate(ready);
  }

  private movePods(pods: QueuedPodInfo[]): void {
    for (const qp of pods) {
      const uid = podUID(qp.podInfo.pod);
      this.unschedulable.delete(uid);
      if (this.isBackingOff(qp)) this.backoffQ.addOrUpdate(qp);
      else this.moveToActiveQ(qp);
    }
  }

  private podMatchesEvent(qp: QueuedPodInfo, event: ClusterEvent, oldObj?: unknown, newObj?: unknown): boolean {
    if (event.resource === '*' && event === EVENT_UNSCHEDULABLE_TIMEOUT) return true;
    if (qp.unschedulablePlugins.size === 0 && qp.pendingPlugins.size === 0) return true;
    for (const plugin of [...qp.unschedulablePlugins, ...qp.pendingPlugins]) {
      const registered = this.options.pluginEvents.get(plugin);
      if (registered === undefined) return true;
      for (const r of registered) {
        if (!eventMatches(r.event, event)) continue;
        if (!r.queueingHintFn) return true;
        try {
          if (r.queueingHintFn(qp.podInfo.pod, oldObj, newObj) === 'Queue') return true;
        } catch {
          return true;
        }
      }
    }
    return false;
  }

  private backoffDuration(qp: QueuedPodInfo): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < qp.attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoffMs) return this.maxBackoffMs;
    }
    return Math.min(d, this.maxBackoffMs);
  }

  private backoffExpiry(qp: QueuedPodInfo): number {
    return qp.timestamp + this.backoffDuration(qp);
  }

  private isBackingOff(qp: QueuedPodInfo): boolean {
    return qp.attempts > 0 && this.backoffExpiry(qp) > this.clock.now();
  }
}

/** Whether an update may change the scheduling outcome: anything but status and resourceVersion/managedFields. */
function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod): unknown => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, ...meta } = p.metadata;
    return { metadata: meta, spec: p.spec };
  };
  return JSON.stringify(strip(oldPod)) !== JSON.stringify(strip(newPod));
}
