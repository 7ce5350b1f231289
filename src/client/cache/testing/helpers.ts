/** Small helpers for tests of the client cache. */
import type { KubeObjectLike } from '../../object.js';

/** A pod-like object. */
export function obj(namespace: string, name: string, labels?: Record<string, string>, data?: string): KubeObjectLike {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name, ...(labels ? { labels } : {}) }, data };
}

/** Resolves once `predicate()` holds; rejects after `timeoutMs` with `what`. */
export async function eventually(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A logger that records warnings instead of printing them. */
export function recordingLogger(): { warnings: string[]; warn(o: unknown, msg: string): void; debug(): void } {
  const warnings: string[] = [];
  return {
    warnings,
    warn: (_o: unknown, msg: string) => {
      warnings.push(msg);
    },
    debug: () => undefined,
  };
}

/** Fast retries for tests. */
export const FAST_BACKOFF = { initialMs: 1, maxMs: 5 };
