/**
 * A work queue with client-go's util/workqueue semantics (Type):
 * - fair: keys are handed out in the order they were added (FIFO);
 * - stingy: a key added while it is already queued is queued once (the dirty set);
 * - single-flight: a key added while a worker processes it is queued again only when that worker
 *   calls `done(key)` (the processing set), so one key is never processed by two workers at once.
 *
 * After `shutDown()`, `add` is ignored and `get` keeps handing out keys still queued, then
 * resolves `undefined` (waiting getters resolve `undefined` at once when the queue is empty).
 * Keys are compared with SameValueZero (use strings such as "namespace/name"); `undefined` is
 * not a valid key.
 */
export class WorkQueue<K> {
  /** Keys waiting to be handed out, in order; every key here is also in `dirty`. */
  private queue: K[] = [];
  private head = 0;
  /** Keys that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<K>();
  /** Keys handed out by `get` and not yet `done`. */
  private readonly processing = new Set<K>();
  /** Pending `get` calls, oldest first. */
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private shuttingDown = false;
  private drainWaiters: (() => void)[] = [];

  /** Marks `key` as needing processing. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Number of keys waiting to be handed out (not counting keys being processed). */
  len(): number {
    return this.queue.length - this.head;
  }

  /**
   * Waits for a key and marks it as processing; the caller must call `done(key)` afterwards.
   * Resolves `undefined` once the queue is shut down and empty.
   */
  get(): Promise<K | undefined> {
    if (this.len() > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Ends processing of `key`; if it was added meanwhile, it is queued again. */
  done(key: K): void {
    if (!this.processing.delete(key)) return;
    if (this.dirty.has(key)) this.push(key);
    if (this.processing.size === 0) this.notifyDrained();
  }

  /** Ignores further adds and releases waiting getters. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const resolve of this.getters.splice(0)) resolve(undefined);
    this.onShutDown();
  }

  /** `shutDown()`, then waits until every key handed out has been marked `done`. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Hook for subclasses that hold resources (timers) to release on shutdown. */
  protected onShutDown(): void {}

  private push(key: K): void {
    this.queue.push(key);
    const getter = this.getters.shift();
    if (getter) getter(this.take());
  }

  /** Pops the oldest key and moves it from dirty to processing; the queue must not be empty. */
  private take(): K {
    const key = this.queue[this.head] as K;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  private notifyDrained(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
