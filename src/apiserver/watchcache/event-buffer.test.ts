import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventBuffer } from './event-buffer.js';
import type { CacheEvent } from './types.js';

const event = (revision: number): CacheEvent<string> => ({
  type: 'ADDED',
  revision,
  object: { key: `/k/${revision}`, revision, object: 'x', labels: {}, fields: {} },
  prev: undefined,
});

test('the buffer serves every event after a revision until eviction passes it', () => {
  const buffer = new EventBuffer<string>(3, 10);
  assert.deepEqual(buffer.since(10), []);
  assert.equal(buffer.since(9), undefined, 'before the start nothing can be vouched for');
  for (const r of [12, 15, 16]) buffer.push(event(r));
  assert.deepEqual(buffer.since(10)!.map((e) => e.revision), [12, 15, 16]);
  assert.deepEqual(buffer.since(13)!.map((e) => e.revision), [15, 16]);
  buffer.push(event(20)); // evicts 12: events after 12 are still complete
  assert.equal(buffer.startRevision, 12);
  assert.equal(buffer.since(11), undefined);
  assert.deepEqual(buffer.since(12)!.map((e) => e.revision), [15, 16, 20]);
  assert.deepEqual(buffer.since(20), []);
  buffer.reset(30);
  assert.equal(buffer.since(20), undefined);
  assert.deepEqual(buffer.since(30), []);
});
