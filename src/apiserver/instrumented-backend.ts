import type { Backend, DeleteResult, GetResult, ListOptions, ListResult, Watch, WriteOptions, WriteResult } from '../storage/backend.js';
import type { ApiServerMetrics } from './metrics.js';

/**
 * A Backend that times every call of the one it wraps into `etcd_request_duration_seconds`
 * (upstream's name, whatever the driver), labelled by operation (the method: get, list, create,
 * update, delete, currentRevision, compactRevision, compact) and type (the resource whose keys
 * the call touches, as upstream names it: `configmaps`, `roles.rbac.authorization.k8s.io`;
 * `unknown` outside every resource's prefix). Failed calls are timed too. Watches are long-running
 * and not timed. Behaviour is otherwise the wrapped backend's, untouched.
 */
export class InstrumentedBackend implements Backend {
  /** Resource prefixes, longest first (so `/registry/services/endpoints/` wins over `/registry/services/`). */
  private readonly prefixes: readonly { prefix: string; type: string }[];

  constructor(
    private readonly inner: Backend,
    private readonly metrics: ApiServerMetrics,
    resources: readonly { prefix: string; definition: { group: string; resource: string } }[],
  ) {
    this.prefixes = resources
      .map((r) => ({ prefix: r.prefix, type: r.definition.group === '' ? r.definition.resource : `${r.definition.resource}.${r.definition.group}` }))
      .sort((a, b) => b.prefix.length - a.prefix.length);
  }

  private typeOf(key: string): string {
    for (const { prefix, type } of this.prefixes) if (key.startsWith(prefix)) return type;
    return 'unknown';
  }

  private async time<T>(operation: string, key: string | undefined, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.metrics.observeStore(operation, key === undefined ? 'unknown' : this.typeOf(key), (performance.now() - started) / 1000);
    }
  }

  currentRevision(): Promise<number> {
    return this.time('currentRevision', undefined, () => this.inner.currentRevision());
  }

  compactRevision(): Promise<number> {
    return this.time('compactRevision', undefined, () => this.inner.compactRevision());
  }

  create(key: string, value: Uint8Array, options?: WriteOptions): Promise<WriteResult> {
    return this.time('create', key, () => this.inner.create(key, value, options));
  }

  get(key: string, options?: { revision?: number }): Promise<GetResult> {
    return this.time('get', key, () => this.inner.get(key, options));
  }

  list(prefix: string, options?: ListOptions): Promise<ListResult> {
    return this.time('list', prefix, () => this.inner.list(prefix, options));
  }

  update(key: string, value: Uint8Array, expectedModRevision: number, options?: WriteOptions): Promise<WriteResult> {
    return this.time('update', key, () => this.inner.update(key, value, expectedModRevision, options));
  }

  delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    return this.time('delete', key, () => this.inner.delete(key, expectedModRevision));
  }

  watch(prefix: string, sinceRevision: number, options?: { signal?: AbortSignal }): Watch {
    return this.inner.watch(prefix, sinceRevision, options);
  }

  compact(revision: number): Promise<void> {
    return this.time('compact', undefined, () => this.inner.compact(revision));
  }

  /** The wrapped backend belongs to whoever opened it; disposing the wrapper leaves it open. */
  dispose(): void {}
}
