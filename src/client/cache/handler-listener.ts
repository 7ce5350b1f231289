/**
 * Delivery of notifications to one event handler (model: client-go's processorListener).
 *
 * Contracts: notifications reach the handler one at a time, in the order they were queued (an
 * async handler is awaited before the next call); a handler that throws or rejects is logged and
 * delivery continues; the queue is unbounded, so a slow handler never blocks the reflector or
 * other handlers.
 */
import { errorMessage } from '../../util/errors.js';
import type { CacheLogger } from './log.js';
import type { KubeObjectLike } from '../object.js';
import type { DeletedFinalStateUnknown } from './delta.js';

/** Callbacks of one handler; each may be omitted. Objects are shared: never mutate them. */
export interface EventHandler<T extends KubeObjectLike = KubeObjectLike> {
  /** `isInInitialList` is true for objects of the first list or of the catch-up of a late handler. */
  onAdd?(obj: T, isInInitialList: boolean): void | Promise<void>;
  /** Also called on resync, with `oldObj === newObj`. */
  onUpdate?(oldObj: T, newObj: T): void | Promise<void>;
  /** A tombstone when the delete was seen only through a relist (final state unknown). */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void | Promise<void>;
}

export type Notification<T extends KubeObjectLike> =
  | { type: 'add'; obj: T; isInInitialList: boolean }
  | { type: 'update'; old: T; obj: T }
  | { type: 'delete'; obj: T | DeletedFinalStateUnknown<T> }
  /** Marks the end of the handler's initial items: hasSynced() becomes true once reached. */
  | { type: 'synced' };

export class HandlerListener<T extends KubeObjectLike> {
  private readonly queue: Notification<T>[] = [];
  private head = 0;
  private pumping = false;
  private stopped = false;
  private synced = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handler: EventHandler<T>,
    private readonly logger?: CacheLogger,
  ) {}

  hasSynced(): boolean {
    return this.synced;
  }

  push(n: Notification<T>): void {
    if (this.stopped) return;
    this.queue.push(n);
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
  }

  /** Drops pending notifications; nothing is delivered after the current one. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.head = 0;
  }

  /** Resolves when every queued notification has been delivered (for tests and shutdown). */
  idle(): Promise<void> {
    if (!this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    // Start on a fresh microtask so the pusher's synchronous work (e.g. the reflector) finishes first.
    await Promise.resolve();
    while (!this.stopped && this.head < this.queue.length) {
      const n = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      await this.deliver(n);
    }
    this.queue.length = 0;
    this.head = 0;
    this.pumping = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async deliver(n: Notification<T>): Promise<void> {
    try {
      switch (n.type) {
        case 'add':
          await this.handler.onAdd?.(n.obj, n.isInInitialList);
          break;
        case 'update':
          await this.handler.onUpdate?.(n.old, n.obj);
          break;
        case 'delete':
          await this.handler.onDelete?.(n.obj);
          break;
        case 'synced':
          this.synced = true;
          break;
      }
    } catch (err) {
      this.logger?.warn({ err: errorMessage(err), notification: n.type }, 'informer: event handler failed');
    }
  }
}
