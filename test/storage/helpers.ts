import type { Watch, WatchEvent } from '../../src/storage/backend.js';

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Reads events from `watch` until `count` have arrived (fails after `timeoutMs`). Leaves the watch open. */
export async function collectEvents(watch: Watch, count: number, timeoutMs = 10_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const iterator = watch[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out with ${events.length}/${count} watch events`)), timeoutMs);
  });
  try {
    while (events.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) throw new Error(`watch ended after ${events.length}/${count} events`);
      events.push(...next.value);
    }
    return events;
  } finally {
    clearTimeout(timer);
  }
}

/** A one-line description of an event, for readable assertions. */
export function eventSummary(e: WatchEvent): string {
  const v = (b: Uint8Array): string => Buffer.from(b).toString();
  switch (e.type) {
    case 'create':
      return `create ${e.kv.key}=${v(e.kv.value)}`;
    case 'update':
      return `update ${e.kv.key}=${v(e.kv.value)} (was ${v(e.prev.value)}@${e.prev.modRevision})`;
    case 'delete':
      return `delete ${e.key} (was ${v(e.prev.value)}@${e.prev.modRevision})`;
    case 'progress':
      return `progress @${e.revision}`;
  }
}

/** Polls `condition` every 100 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
