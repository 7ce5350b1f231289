/**
 * A cache of the latest probe result per container, for one probe type (model: pkg/kubelet/prober/
 * results). Workers write it; the kubelet reads it (`get`) and listens for changes (`onUpdate`) to
 * restart unhealthy containers and to set `ready`/`started`.
 *
 * Contracts: `set` notifies only when the result for that container changed (or was unknown to
 * the cache); listeners run synchronously, in registration order, inside the writer's turn, so
 * they must not block (queue work instead); a listener that throws is logged and skipped.
 */
import type { Disposable } from '../../util/lifecycle.js';
import { createLogger } from '../../util/logging.js';
import type { ProbeResult } from './types.js';

export interface ResultUpdate {
  /** The container's `<runtime>://<id>` as in its status. */
  containerID: string;
  result: ProbeResult;
  podUID: string;
}

export type ResultListener = (update: ResultUpdate) => void;

const log = createLogger('prober');

export class ResultsManager {
  private readonly cache = new Map<string, ProbeResult>();
  private readonly listeners = new Set<ResultListener>();

  constructor(readonly name: string) {}

  get(containerID: string): ProbeResult | undefined {
    return this.cache.get(containerID);
  }

  set(containerID: string, result: ProbeResult, podUID: string): void {
    if (this.cache.get(containerID) === result) return;
    this.cache.set(containerID, result);
    for (const listener of [...this.listeners]) {
      try {
        listener({ containerID, result, podUID });
      } catch (err) {
        log.error({ err, results: this.name, containerID }, 'probe result listener failed');
      }
    }
  }

  /** Forgets the container (no notification). */
  remove(containerID: string): void {
    this.cache.delete(containerID);
  }

  onUpdate(listener: ResultListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Containers with a cached result. */
  size(): number {
    return this.cache.size;
  }
}
