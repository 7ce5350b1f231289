/**
 * Counts repeats of one event (model: client-go's eventLogger). The first occurrence of a key is
 * created as is; a repeat takes the name, resourceVersion and firstTimestamp of the recorded one,
 * increments `count`, and comes with a strategic-merge patch of the fields that change
 * (count, lastTimestamp, message) for updating the existing Event on the server.
 */
import { eventKey } from './keys.js';
import { LruCache } from './lru.js';
import type { CoreEvent } from './types.js';

interface Observation {
  count: number;
  firstTimestamp: string | null | undefined;
  name: string | undefined;
  resourceVersion: string | undefined;
}

export interface EventPatch {
  count: number;
  lastTimestamp?: string | null;
  message?: string;
}

export class EventLogger {
  private readonly cache: LruCache<string, Observation>;

  constructor(cacheSize: number) {
    this.cache = new LruCache(cacheSize);
  }

  /** Records one occurrence of `event` under `key`; returns the event to send and, for a repeat, the patch. */
  observe(newEvent: CoreEvent, key: string): { event: CoreEvent; patch?: EventPatch } {
    const event: CoreEvent = { ...newEvent, metadata: { ...newEvent.metadata } };
    const last = this.cache.get(key);
    let patch: EventPatch | undefined;
    if (last && last.count > 0) {
      event.metadata.name = last.name;
      event.metadata.resourceVersion = last.resourceVersion;
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
      // The two-way merge patch from a copy with count 0, lastTimestamp at the epoch and no message.
      patch = { count: event.count };
      const lastTimestamp = event.lastTimestamp ?? null;
      if (lastTimestamp !== '1970-01-01T00:00:00Z') patch.lastTimestamp = lastTimestamp;
      if (event.message) patch.message = event.message;
    }
    this.record(key, event);
    return patch ? { event, patch } : { event };
  }

  /** Adopts the server's copy of an event (its name, resourceVersion and count) after a write. */
  updateState(event: CoreEvent): void {
    this.record(eventKey(event), event);
  }

  private record(key: string, event: CoreEvent): void {
    this.cache.add(key, {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
  }
}
