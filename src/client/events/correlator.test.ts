import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../flowcontrol/clock.js';
import { EventCorrelator } from './correlator.js';
import { aggregateByReason, eventKey, spamKey } from './keys.js';
import { LruCache } from './lru.js';
import { formatTime, type CoreEvent } from './types.js';

function podEvent(clock: FakeClock, message: string, overrides: Partial<CoreEvent> = {}): CoreEvent {
  const time = formatTime(clock.now());
  return {
    metadata: { name: `web.${message.length}`, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1' },
    reason: 'BackOff',
    message,
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    type: 'Warning',
    ...overrides,
  };
}

function created(result: ReturnType<EventCorrelator['correlate']>): CoreEvent {
  assert.equal(result.skip, false);
  if (result.skip) throw new Error('unreachable');
  return result.event;
}

test('keys: the event key covers the message, the aggregate key does not, the spam key ignores reason', () => {
  const clock = new FakeClock();
  const a = podEvent(clock, 'one');
  const b = podEvent(clock, 'two');
  const c = podEvent(clock, 'one', { reason: 'Failed' });
  assert.notEqual(eventKey(a), eventKey(b));
  assert.equal(aggregateByReason(a).aggregateKey, aggregateByReason(b).aggregateKey);
  assert.deepEqual([aggregateByReason(a).localKey, aggregateByReason(b).localKey], ['one', 'two']);
  assert.notEqual(aggregateByReason(a).aggregateKey, aggregateByReason(c).aggregateKey);
  assert.equal(spamKey(a), spamKey(c));
  assert.equal(eventKey(a), 'kubeletnode-1Poddefaultwebu1v1WarningBackOffone');
});

test('an identical event repeated updates the first one: same name, count + 1, a patch', () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const correlator = new EventCorrelator({ clock });
  const first = created(correlator.correlate(podEvent(clock, 'Back-off restarting')));
  assert.equal(first.count, 1);
  const firstResult = correlator.correlate(podEvent(clock, 'other'));
  assert.ok(!firstResult.skip && !firstResult.patch, 'a different message is a new event');

  clock.step(30_000);
  const second = correlator.correlate({ ...podEvent(clock, 'Back-off restarting'), metadata: { name: 'web.new', namespace: 'default' } });
  assert.ok(!second.skip);
  assert.equal(second.event.metadata.name, first.metadata.name);
  assert.equal(second.event.count, 2);
  assert.equal(second.event.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(second.event.lastTimestamp, '2026-01-01T00:00:30Z');
  assert.deepEqual(second.patch, { count: 2, lastTimestamp: '2026-01-01T00:00:30Z', message: 'Back-off restarting' });

  // The server's copy (with its resourceVersion) becomes the base for the next repeat.
  correlator.updateState({ ...second.event, metadata: { ...second.event.metadata, resourceVersion: '42' } });
  const third = correlator.correlate(podEvent(clock, 'Back-off restarting'));
  assert.ok(!third.skip);
  assert.equal(third.event.count, 3);
  assert.equal(third.event.metadata.resourceVersion, '42');
});

test('the 10th distinct similar event within 10 minutes becomes one combined event, then counts up', () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const correlator = new EventCorrelator({ clock });
  for (let i = 1; i <= 9; i++) {
    const event = created(correlator.correlate(podEvent(clock, `failed ${i}`)));
    assert.equal(event.message, `failed ${i}`, 'below the threshold: recorded as is');
    clock.step(1000);
  }
  const aggregate = correlator.correlate(podEvent(clock, 'failed 10'));
  assert.ok(!aggregate.skip && !aggregate.patch, 'the combined event is created');
  assert.equal(aggregate.event.message, '(combined from similar events): failed 10');
  assert.equal(aggregate.event.count, 1);
  assert.equal(aggregate.event.reason, 'BackOff');
  assert.equal(aggregate.event.type, 'Warning');
  assert.equal(aggregate.event.firstTimestamp, '2026-01-01T00:00:09Z');
  assert.match(aggregate.event.metadata.name ?? '', /^web\.[0-9a-f]+$/);
  assert.equal(aggregate.event.metadata.namespace, 'default');

  clock.step(1000);
  const next = correlator.correlate(podEvent(clock, 'failed 11'));
  assert.ok(!next.skip);
  assert.equal(next.event.metadata.name, aggregate.event.metadata.name, 'updates the combined event');
  assert.equal(next.event.count, 2);
  assert.deepEqual(next.patch, {
    count: 2,
    lastTimestamp: '2026-01-01T00:00:10Z',
    message: '(combined from similar events): failed 11',
  });
});

test('similar events spread over more than the interval are not combined', () => {
  const clock = new FakeClock();
  const correlator = new EventCorrelator({ clock, spamBurst: 1000 });
  for (let i = 1; i <= 30; i++) {
    const event = created(correlator.correlate(podEvent(clock, `failed ${i}`)));
    assert.equal(event.message, `failed ${i}`);
    clock.step(600_001);
  }
});

test('the spam filter lets 25 events through per source and object, then one per 5 minutes', () => {
  const clock = new FakeClock();
  const correlator = new EventCorrelator({ clock });
  const outcomes: boolean[] = [];
  for (let i = 0; i < 30; i++) {
    // Alternate reasons so that aggregation does not kick in; the spam key ignores the reason.
    outcomes.push(correlator.correlate(podEvent(clock, 'same', { reason: `R${i}` })).skip);
  }
  assert.equal(outcomes.filter((skip) => !skip).length, 25);
  assert.deepEqual(outcomes.slice(25), [true, true, true, true, true]);
  const otherObject = podEvent(clock, 'same', { involvedObject: { kind: 'Pod', namespace: 'default', name: 'db', uid: 'u2', apiVersion: 'v1' } });
  assert.equal(correlator.correlate(otherObject).skip, false, 'budgets are per object');
  clock.step(299_000);
  assert.equal(correlator.correlate(podEvent(clock, 'same', { reason: 'late' })).skip, true);
  clock.step(1000);
  assert.equal(correlator.correlate(podEvent(clock, 'same', { reason: 'later' })).skip, false);
});

test('the LRU cache evicts the least recently used entry', () => {
  const cache = new LruCache<string, number>(2);
  cache.add('a', 1);
  cache.add('b', 2);
  assert.equal(cache.get('a'), 1);
  cache.add('c', 3);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
  assert.equal(cache.size, 2);
});

test('formatTime drops sub-second precision', () => {
  assert.equal(formatTime(Date.parse('2026-03-04T05:06:07.890Z')), '2026-03-04T05:06:07Z');
});
