/**
 * An in-memory ListerWatcher with real revision semantics, for tests of client components.
 *
 * Contracts (as the API server over etcd): every write bumps one global revision and stamps it
 * as the object's resourceVersion; a list is consistent at the current revision; a watch from
 * revision R replays every event after R and then streams live ones (from '' = now); once compacted, a watch
 * from an older revision fails with 410 Expired (as an ERROR event, or as a thrown ExpiredError
 * when `expiredAs` is 'throw'). Faults are injected explicitly: `failNext`, `endWatches`,
 * `holdWatches`, `expireWatches`. Deterministic: no timers.
 */
import { ExpiredError, type StatusError } from '../../../util/errors.js';
import type { ListOptions, ListerWatcher, ObjectList, Watch, WatchEvent, WatchOptions } from '../../lister-watcher.js';
import type { KubeObjectLike } from '../../object.js';
import { objectKey } from '../keys.js';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class MemoryListerWatcher implements ListerWatcher {
  private rev = 0;
  private compactedRev = 0;
  private readonly objects = new Map<string, KubeObjectLike>();
  private readonly log: { rev: number; type: EventType; object: KubeObjectLike }[] = [];
  private readonly watches = new Set<MemoryWatch>();
  private readonly failures: { op: 'list' | 'watch'; err: Error }[] = [];
  private held: (() => void)[] | undefined;
  /** How a watch from a compacted revision fails. */
  expiredAs: 'event' | 'throw' = 'event';
  /** Every call, for assertions. */
  readonly calls: ({ op: 'list'; options: ListOptions } | { op: 'watch'; options: WatchOptions })[] = [];

  get revision(): number {
    return this.rev;
  }

  get openWatches(): number {
    return this.watches.size;
  }

  create(obj: KubeObjectLike): KubeObjectLike {
    if (this.objects.has(objectKey(obj))) throw new Error(`${objectKey(obj)} already exists`);
    return this.write('ADDED', obj);
  }

  update(obj: KubeObjectLike): KubeObjectLike {
    if (!this.objects.has(objectKey(obj))) throw new Error(`${objectKey(obj)} not found`);
    return this.write('MODIFIED', obj);
  }

  delete(namespace: string, name: string): KubeObjectLike {
    const key = namespace ? `${namespace}/${name}` : name;
    const old = this.objects.get(key);
    if (old === undefined) throw new Error(`${key} not found`);
    this.objects.delete(key);
    // As etcd: the DELETED event carries the last state at the deletion's revision.
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rev) } };
    this.record('DELETED', object);
    return object;
  }

  get(key: string): KubeObjectLike | undefined {
    return this.objects.get(key);
  }

  /** Bumps the revision without an event here, as a write to another resource in etcd does. */
  writeElsewhere(): void {
    this.rev++;
  }

  /** Forgets history up to the current revision: older watches get 410. */
  compact(): void {
    this.compactedRev = this.rev;
    this.log.length = 0;
  }

  /** The next `op` call fails with `err`. */
  failNext(op: 'list' | 'watch', err: Error): void {
    this.failures.push({ op, err });
  }

  /** Ends every open watch normally (as a server-side timeout). */
  endWatches(): void {
    for (const w of this.watches) w.end();
  }

  /** Sends a BOOKMARK at the current revision to every open watch. */
  bookmark(): void {
    const object = { metadata: { resourceVersion: String(this.rev) } };
    for (const w of this.watches) w.push({ type: 'BOOKMARK', object });
  }

  /** Sends an ERROR event with a Status of `code` to every open watch, which then ends. */
  errorWatches(code = 410, reason = 'Expired', message = 'too old resource version'): void {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
    for (const w of this.watches) {
      w.push({ type: 'ERROR', object: status });
      w.end();
    }
  }

  /** New watch calls wait until `releaseWatches()`. */
  holdWatches(): void {
    this.held ??= [];
  }

  releaseWatches(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const resume of held) resume();
  }

  list(options: ListOptions): Promise<ObjectList> {
    this.calls.push({ op: 'list', options });
    const err = this.takeFailure('list');
    if (err) return Promise.reject(err);
    const items = [...this.objects.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, obj]) => obj);
    return Promise.resolve({ resourceVersion: String(this.rev), items });
  }

  async watch(options: WatchOptions): Promise<Watch> {
    this.calls.push({ op: 'watch', options });
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    const err = this.takeFailure('watch');
    if (err) throw err;
    const from = options.resourceVersion === '' ? this.rev : Number(options.resourceVersion);
    const w = new MemoryWatch(() => this.watches.delete(w));
    if (from < this.compactedRev) {
      const expired = new ExpiredError(`The resourceVersion for the provided watch is too old.`);
      if (this.expiredAs === 'throw') throw expired;
      w.push({ type: 'ERROR', object: statusOf(expired) });
      w.end();
      return w;
    }
    for (const e of this.log) if (e.rev > from) w.push({ type: e.type, object: e.object });
    this.watches.add(w);
    return w;
  }

  private write(type: EventType, obj: KubeObjectLike): KubeObjectLike {
    const object = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rev) } };
    this.objects.set(objectKey(object), object);
    this.record(type, object);
    return object;
  }

  private record(type: EventType, object: KubeObjectLike): void {
    this.log.push({ rev: this.rev, type, object });
    for (const w of this.watches) w.push({ type, object });
  }

  private takeFailure(op: 'list' | 'watch'): Error | undefined {
    const i = this.failures.findIndex((f) => f.op === op);
    return i < 0 ? undefined : this.failures.splice(i, 1)[0]!.err;
  }
}

function statusOf(err: StatusError): KubeObjectLike {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: err.code, reason: err.reason, message: err.message };
}

/** A watch fed by push(); iteration ends after end() or stop() once queued events are read. */
class MemoryWatch implements Watch {
  private readonly queue: WatchEvent[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly onClose: () => void) {}

  push(event: WatchEvent): void {
    if (this.ended) return;
    this.queue.push(event);
    this.wake?.();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onClose();
    this.wake?.();
  }

  stop(): void {
    this.queue.length = 0;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    for (;;) {
      const event = this.queue.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
