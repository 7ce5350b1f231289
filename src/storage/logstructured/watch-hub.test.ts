import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WatchEvent } from '../backend.js';
import { MemoryLog } from '../drivers/memory/memory-log.js';
import { LogStructuredBackend } from './backend.js';

const value = new Uint8Array([1]);

async function drain(iterator: AsyncIterator<WatchEvent[]>, count: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    events.push(...next.value);
  }
  return events;
}

test('a live watcher whose consumer stalls falls back to the log and still gets every event once', async () => {
  const store = new LogStructuredBackend(new MemoryLog());
  try {
    const watch = store.watch('/w/', 0);
    const iterator = watch[Symbol.asyncIterator]();
    // Far more than a watcher buffers (10,000) while nobody reads.
    const total = 12_500;
    for (let i = 0; i < total; i += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, j) => store.create(`/w/${i + j}`, value)));
    }
    const events = await drain(iterator, total);
    watch.close();
    assert.equal(events.length, total);
    events.forEach((e, i) => assert.equal(e.revision, i + 1));
  } finally {
    await store.dispose();
  }
});

test('a stalled watcher that compaction overtakes fails with Expired', async () => {
  const store = new LogStructuredBackend(new MemoryLog());
  try {
    const watch = store.watch('/w/', 0);
    const iterator = watch[Symbol.asyncIterator]();
    // The watcher stops buffering after 11,000 events; the last 1,000 stay in the log only.
    for (let i = 0; i < 12_000; i += 1000) {
      await Promise.all(Array.from({ length: 1000 }, (_, j) => store.create(`/w/${i + j}`, value)));
    }
    await store.compact(await store.currentRevision());
    // The buffered events still arrive; then the gap cannot be filled.
    await assert.rejects(drain(iterator, 12_000), (err: Error & { code?: number }) => err.code === 410);
  } finally {
    await store.dispose();
  }
});

test('closing a watch ends its iteration', async () => {
  const store = new LogStructuredBackend(new MemoryLog());
  try {
    const controller = new AbortController();
    const watch = store.watch('/w/', 0, { signal: controller.signal });
    const iterator = watch[Symbol.asyncIterator]();
    const pending = iterator.next();
    controller.abort();
    assert.deepEqual(await pending, { done: true, value: undefined });
  } finally {
    await store.dispose();
  }
});
