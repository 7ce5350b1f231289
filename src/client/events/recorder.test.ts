import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { realClock, type Clock } from '../flowcontrol/clock.js';
import type { EventPatch } from './event-logger.js';
import { EventBroadcaster, type BroadcasterOptions } from './recorder.js';
import type { RecorderLogger } from './record-to-sink.js';
import type { EventSink } from './sink.js';
import type { CoreEvent } from './types.js';

/** An in-memory events API: create (409 on a taken name) and patch (404 on a missing one). */
class FakeSink implements EventSink {
  readonly stored = new Map<string, CoreEvent>();
  readonly calls: { verb: 'create' | 'patch'; name: string; count?: number; patch?: EventPatch }[] = [];
  /** Errors thrown by the next calls, in order, before the store is touched. */
  readonly failures: Error[] = [];
  /** When set, every call waits for it first. */
  gate: Promise<void> | undefined;
  private rv = 0;

  async create(event: CoreEvent): Promise<CoreEvent> {
    this.calls.push({ verb: 'create', name: event.metadata.name ?? '', count: event.count });
    await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    assert.equal(event.metadata.resourceVersion, undefined, 'created events carry no resourceVersion');
    const key = `${event.metadata.namespace}/${event.metadata.name}`;
    if (this.stored.has(key)) throw new StatusError('AlreadyExists', 409, `events "${event.metadata.name}" already exists`);
    const saved = structuredClone({ ...event, metadata: { ...event.metadata, resourceVersion: String(++this.rv) } });
    this.stored.set(key, saved);
    return structuredClone(saved);
  }

  async patch(event: CoreEvent, patch: EventPatch): Promise<CoreEvent> {
    this.calls.push({ verb: 'patch', name: event.metadata.name ?? '', patch });
    await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const key = `${event.metadata.namespace}/${event.metadata.name}`;
    const current = this.stored.get(key);
    if (!current) throw new StatusError('NotFound', 404, `events "${event.metadata.name}" not found`);
    const saved = { ...current, ...patch, metadata: { ...current.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(key, saved);
    return structuredClone(saved);
  }
}

class MemoryLogger implements RecorderLogger {
  readonly errors: string[] = [];
  error(_details: object, message: string): void {
    this.errors.push(message);
  }
  debug(): void {}
}

const CONFIGMAP = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'apps', uid: 'uid-1', resourceVersion: '42', labels: { a: 'b' } },
  data: { k: 'v' },
};

function setup(options: Partial<BroadcasterOptions> = {}) {
  const sink = new FakeSink();
  const logger = new MemoryLogger();
  const broadcaster = new EventBroadcaster({ sink, logger, retryIntervalMs: 1, ...options });
  const recorder = broadcaster.newRecorder({ component: 'tester', host: 'node-1' });
  return { sink, logger, broadcaster, recorder };
}

test('event: queued without writing in the caller, then created with upstream fields and name', async () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  const clock: Clock = { now: () => now, setTimer: realClock.setTimer };
  const { sink, broadcaster, recorder } = setup({ clock });
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'synced ok');
  recorder.eventf(CONFIGMAP, 'Warning', 'Failed', 'failed %d times: %s', 3, 'boom');
  assert.equal(sink.calls.length, 0, 'nothing is written synchronously');
  await broadcaster.whenIdle();
  const events = [...sink.stored.values()];
  assert.equal(events.length, 2);
  const nanos = BigInt(now) * 1_000_000n;
  assert.equal(events[0]?.metadata.name, `settings.${nanos.toString(16)}`);
  assert.match(events[0]?.metadata.name ?? '', /^settings\.[0-9a-f]{16}$/);
  // Two events within one millisecond still get distinct names.
  assert.equal(events[1]?.metadata.name, `settings.${(nanos + 1n).toString(16)}`);
  assert.deepEqual({ ...events[0], metadata: { namespace: events[0]?.metadata.namespace } }, {
    metadata: { namespace: 'apps' },
    involvedObject: { kind: 'ConfigMap', apiVersion: 'v1', namespace: 'apps', name: 'settings', uid: 'uid-1', resourceVersion: '42' },
    reason: 'Synced',
    message: 'synced ok',
    source: { component: 'tester', host: 'node-1' },
    firstTimestamp: '2026-01-02T03:04:05Z',
    lastTimestamp: '2026-01-02T03:04:05Z',
    count: 1,
    type: 'Normal',
    reportingComponent: 'tester',
    reportingInstance: 'node-1',
  });
  assert.equal(events[1]?.message, 'failed 3 times: boom');
  assert.equal(events[1]?.type, 'Warning');
});

test('event: a cluster-scoped object gets its events in the default namespace', async () => {
  const { sink, broadcaster, recorder } = setup();
  recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } }, 'Normal', 'Ready', 'ready');
  await broadcaster.whenIdle();
  const [event] = sink.stored.values();
  assert.equal(event?.metadata.namespace, 'default');
  assert.equal(event?.involvedObject.namespace, undefined);
});

test('event: an unsupported type or an object without kind is dropped with a log line', async () => {
  const { sink, logger, broadcaster, recorder } = setup();
  recorder.event(CONFIGMAP, 'Info' as 'Normal', 'Synced', 'x');
  recorder.event({ metadata: { name: 'bare' } }, 'Normal', 'Synced', 'x');
  await broadcaster.whenIdle();
  assert.equal(sink.calls.length, 0);
  assert.deepEqual(logger.errors, ["Unsupported event type: 'Info'", 'Could not construct reference, will not report event']);
});

test('repeats are patched with count and lastTimestamp; a 404 on the patch creates the event anew', async () => {
  let now = Date.UTC(2026, 0, 1, 0, 0, 0);
  const clock: Clock = { now: () => now, setTimer: realClock.setTimer };
  const { sink, broadcaster, recorder } = setup({ clock });
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'same');
  await broadcaster.whenIdle();
  now += 5000;
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'same');
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'same');
  await broadcaster.whenIdle();
  assert.equal(sink.stored.size, 1);
  const [event] = sink.stored.values();
  const name = event?.metadata.name ?? '';
  assert.equal(event?.count, 3);
  assert.equal(event?.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(event?.lastTimestamp, '2026-01-01T00:00:05Z');
  assert.deepEqual(sink.calls.slice(1).map((c) => [c.verb, c.name, c.patch?.count]), [['patch', name, 2], ['patch', name, 3]]);
  assert.deepEqual(sink.calls[1]?.patch, { count: 2, lastTimestamp: '2026-01-01T00:00:05Z', message: 'same' });

  // The Event expired on the server: the next repeat is created under the same name, count 4.
  sink.stored.clear();
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'same');
  await broadcaster.whenIdle();
  assert.deepEqual(sink.calls.slice(3).map((c) => [c.verb, c.name]), [['patch', name], ['create', name]]);
  assert.equal(sink.stored.get(`apps/${name}`)?.count, 4);
});

test('transport errors are retried, first after a random part of the interval, then the full one', async () => {
  const waits: number[] = [];
  const clock: Clock = { now: () => Date.now(), setTimer: (ms, fn) => (waits.push(ms), realClock.setTimer(0, fn)) };
  const { sink, broadcaster, recorder } = setup({ clock, retryIntervalMs: 1000, random: () => 0.25 });
  sink.failures.push(new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), new Error('ECONNRESET'));
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'x');
  await broadcaster.whenIdle();
  assert.equal(sink.calls.length, 4);
  assert.deepEqual(waits, [250, 1000, 1000]);
  assert.equal(sink.stored.size, 1);
});

test('a write that keeps failing stops after maxTries; a server rejection is not retried', async () => {
  const { sink, logger, broadcaster, recorder } = setup({ maxTries: 4 });
  for (let i = 0; i < 10; i++) sink.failures.push(new Error('ECONNREFUSED'));
  recorder.event(CONFIGMAP, 'Normal', 'Synced', 'x');
  await broadcaster.whenIdle();
  assert.equal(sink.calls.length, 4);
  assert.equal(logger.errors.at(-1), 'Unable to write event (retry limit exceeded!)');

  const other = setup({ maxTries: 4 });
  other.sink.failures.push(new StatusError('Invalid', 422, 'Event "x" is invalid'));
  other.recorder.event(CONFIGMAP, 'Normal', 'Synced', 'y');
  await other.broadcaster.whenIdle();
  assert.equal(other.sink.calls.length, 1);
  assert.deepEqual(other.logger.errors, ['Server rejected event (will not retry!)']);
});

test('a full queue drops new events with a log line; the queued ones are written in order', async () => {
  const { sink, logger, broadcaster, recorder } = setup({ queueSize: 2 });
  let open!: () => void;
  sink.gate = new Promise((resolve) => (open = resolve));
  recorder.event(CONFIGMAP, 'Normal', 'R0', 'm');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(sink.calls.length, 1, 'the first event is being written');
  for (let i = 1; i <= 4; i++) recorder.event(CONFIGMAP, 'Normal', `R${i}`, 'm');
  assert.deepEqual(logger.errors, Array(2).fill('unable to record event: too many queued events, dropped event'));
  open();
  await broadcaster.whenIdle();
  assert.deepEqual([...sink.stored.values()].map((e) => e.reason), ['R0', 'R1', 'R2']);
});

test('dispose writes the queued events without retry waits and refuses new ones', async () => {
  const { sink, logger, broadcaster, recorder } = setup({ retryIntervalMs: 60_000 });
  sink.failures.push(new Error('ECONNREFUSED'));
  recorder.event(CONFIGMAP, 'Normal', 'First', 'm');
  recorder.event(CONFIGMAP, 'Normal', 'Second', 'm');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(sink.calls.length, 1, 'the first write failed and waits to retry');
  const started = Date.now();
  await broadcaster.dispose();
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual([...sink.stored.values()].map((e) => e.reason), ['Second']);
  assert.ok(logger.errors.includes('Unable to write event (recorder stopped)'));
  recorder.event(CONFIGMAP, 'Normal', 'Third', 'm');
  await broadcaster.whenIdle();
  assert.equal(sink.stored.size, 1);
  assert.equal(logger.errors.at(-1), 'unable to record event: the recorder is stopped');
});

test('maxConcurrentWrites: events about different objects are written concurrently, about one object in order', async () => {
  const { sink, broadcaster, recorder } = setup({ maxConcurrentWrites: 3 });
  let open!: () => void;
  sink.gate = new Promise((resolve) => (open = resolve));
  const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` } });
  recorder.event(pod('a'), 'Warning', 'FailedScheduling', 'no nodes');
  recorder.event(pod('a'), 'Warning', 'FailedScheduling', 'no nodes');
  for (const name of ['b', 'c', 'd', 'e']) recorder.event(pod(name), 'Normal', 'Scheduled', `assigned ${name}`);
  await new Promise((resolve) => setImmediate(resolve));
  // Three writers: a's first event; a's repeat, whose writer waits for that one; b. The rest wait in the queue.
  assert.deepEqual(sink.calls.map((c) => c.name.split('.')[0]), ['a', 'b']);
  open();
  await broadcaster.whenIdle();
  const verbs = sink.calls.filter((c) => c.name.startsWith('a.')).map((c) => `${c.verb}:${c.count ?? ''}`);
  assert.deepEqual(verbs, ['create:1', 'patch:'], "a's repeat is a patch of the created event, after it");
  assert.equal(sink.stored.size, 5);
});
