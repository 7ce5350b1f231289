/**
 * The per-zone queue of nodes waiting for their NoExecute taint (model: nodelifecycle/scheduler
 * RateLimitedTimedQueue), so a zone losing many nodes at once has them tainted, and their pods
 * evicted, at a bounded rate.
 *
 * Contracts:
 * - a node is a member from `add` until `remove`; `add` of a member does nothing (returns false),
 *   also after the node was processed: it is re-queued only after a `remove`;
 * - `tryPass` processes due nodes in due order, one token each from a token bucket of `qps`
 *   (burst 1; qps 0 stops processing); a node whose action fails is retried after the delay the
 *   action asks for; passes must not overlap (the controller runs them from one loop).
 */
import type { Clock } from '../../client/flowcontrol/clock.js';
import { TokenBucket } from '../../client/flowcontrol/token-bucket.js';

/** Upstream EvictionRateLimiterBurst. */
const BURST = 1;

interface Entry {
  name: string;
  uid: string;
  processAt: number;
}

export type TaintAction = (name: string, uid: string) => Promise<{ done: boolean; retryAfterMs?: number }>;

export class RateLimitedTaintQueue {
  private readonly members = new Set<string>();
  private queue: Entry[] = [];
  private limiter: TokenBucket | undefined;
  private currentQPS = Number.NaN;

  constructor(
    qps: number,
    private readonly clock: Clock,
  ) {
    this.swapLimiter(qps);
  }

  get qps(): number {
    return this.currentQPS;
  }

  /** Nodes queued and not yet processed. */
  get pending(): number {
    return this.queue.length;
  }

  add(name: string, uid: string): boolean {
    if (this.members.has(name)) return false;
    this.members.add(name);
    this.insert({ name, uid, processAt: this.clock.now() });
    return true;
  }

  remove(name: string): boolean {
    const had = this.members.delete(name);
    this.queue = this.queue.filter((e) => e.name !== name);
    return had;
  }

  /** Changes the rate; a new non-zero rate starts with a full bucket. */
  swapLimiter(qps: number): void {
    if (qps === this.currentQPS) return;
    this.currentQPS = qps;
    this.limiter = qps > 0 ? new TokenBucket(qps, BURST, this.clock) : undefined;
  }

  async tryPass(action: TaintAction): Promise<void> {
    for (;;) {
      const head = this.queue[0];
      if (!head || head.processAt > this.clock.now()) return;
      if (!this.limiter?.tryAccept()) return;
      this.queue.shift();
      const result = await action(head.name, head.uid);
      // Removed (node healthy again, or deleted) while the action ran: forget it.
      if (!this.members.has(head.name)) continue;
      if (!result.done && !this.queue.some((e) => e.name === head.name)) this.insert({ ...head, processAt: this.clock.now() + (result.retryAfterMs ?? 0) + 1 });
    }
  }

  private insert(entry: Entry): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.processAt > entry.processAt) i--;
    this.queue.splice(i, 0, entry);
  }
}
