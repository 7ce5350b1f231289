/**
 * Where an event recorder writes Events (model: client-go's record.EventSink), and the adapter
 * that writes them through the REST client to core/v1 `events` in the event's namespace.
 */
import type { ResourceClient, RestClient } from '../rest/index.js';
import type { EventPatch } from './event-logger.js';
import type { CoreEvent } from './types.js';

export interface EventSink {
  /** Creates `event`; answers the server's copy. */
  create(event: CoreEvent): Promise<CoreEvent>;
  /** Patches the existing Event `event.metadata.name` in `event.metadata.namespace` with `patch`. */
  patch(event: CoreEvent, patch: EventPatch): Promise<CoreEvent>;
}

const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true } as const;

/** An EventSink over the REST client; repeats are strategic-merge patches, as upstream. */
export class RestEventSink implements EventSink {
  private readonly events: ResourceClient<CoreEvent>;

  constructor(client: RestClient) {
    this.events = client.resource<CoreEvent>(EVENTS);
  }

  create(event: CoreEvent): Promise<CoreEvent> {
    return this.events.namespace(namespaceOf(event)).create({ apiVersion: 'v1', kind: 'Event', ...event });
  }

  patch(event: CoreEvent, patch: EventPatch): Promise<CoreEvent> {
    const name = event.metadata.name;
    if (!name) return Promise.reject(new Error('an event patch needs the event name'));
    return this.events.namespace(namespaceOf(event)).patch(name, 'strategic', patch);
  }
}

function namespaceOf(event: CoreEvent): string {
  return event.metadata.namespace || 'default';
}
