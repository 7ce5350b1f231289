import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkQueue } from './queue.js';

/** Lets pending promise callbacks run. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('keys come out in the order they were added; a key added while queued is queued once', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  q.add('a');
  q.add('c');
  q.add('b');
  assert.equal(q.len(), 3);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
  assert.equal(q.len(), 0);
});

test('a key added while processing is queued again only after done', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  assert.equal(await q.get(), 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'not handed out while being processed');
  q.add('b');
  assert.equal(await q.get(), 'b');
  q.done('b');
  q.done('a');
  assert.equal(q.len(), 1, 'requeued once on done');
  assert.equal(await q.get(), 'a');
  q.done('a');
  assert.equal(q.len(), 0, 'no further requeue: the re-adds were consumed');
});

test('a waiting get receives the next key; waiting getters are served in order', async () => {
  const q = new WorkQueue<number>();
  const first = q.get();
  const second = q.get();
  q.add(1);
  q.add(2);
  assert.deepEqual(await Promise.all([first, second]), [1, 2]);
});

test('several workers never process one key at the same time', async () => {
  const q = new WorkQueue<string>();
  const active = new Set<string>();
  const processed: string[] = [];
  let overlaps = 0;
  const worker = async () => {
    for (;;) {
      const key = await q.get();
      if (key === undefined) return;
      if (active.has(key)) overlaps++;
      active.add(key);
      processed.push(key);
      // Re-adding while processing must not hand the key to another worker.
      if (processed.length < 20) q.add(key);
      await tick();
      active.delete(key);
      q.done(key);
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  q.add('x');
  q.add('y');
  while (processed.length < 20) await tick();
  await q.shutDownWithDrain();
  await Promise.all(workers);
  assert.equal(overlaps, 0);
  assert.ok(processed.filter((k) => k === 'x').length >= 2, 'x processed repeatedly');
  assert.ok(processed.filter((k) => k === 'y').length >= 2, 'y processed repeatedly');
});

test('shutDown releases waiting getters, ignores adds, and still hands out queued keys', async () => {
  const q = new WorkQueue<string>();
  const waiting = q.get();
  q.shutDown();
  assert.equal(await waiting, undefined);
  const q2 = new WorkQueue<string>();
  q2.add('a');
  q2.shutDown();
  q2.add('b');
  assert.equal(q2.len(), 1);
  assert.equal(await q2.get(), 'a');
  assert.equal(await q2.get(), undefined);
  assert.ok(q2.isShuttingDown());
});

test('a key re-added while processing before shutdown is requeued by done after it', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  assert.equal(await q.get(), 'a');
  q.add('a');
  q.shutDown();
  q.done('a');
  assert.equal(await q.get(), 'a');
  q.done('a');
  assert.equal(await q.get(), undefined);
});

test('shutDownWithDrain waits for keys being processed', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  await q.get();
  await q.get();
  let drained = false;
  const drain = q.shutDownWithDrain().then(() => (drained = true));
  await tick();
  assert.equal(drained, false);
  q.done('a');
  await tick();
  assert.equal(drained, false, 'b is still processing');
  q.done('b');
  await drain;
  assert.equal(drained, true);
  await new WorkQueue<string>().shutDownWithDrain(); // nothing in flight: resolves at once
});

test('done for a key not being processed is ignored', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.done('a');
  assert.equal(q.len(), 1);
  assert.equal(await q.get(), 'a');
});

test('the queue stays FIFO across internal compaction', async () => {
  const q = new WorkQueue<number>();
  for (let i = 0; i < 5000; i++) q.add(i);
  for (let i = 0; i < 3000; i++) {
    assert.equal(await q.get(), i);
    q.done(i);
  }
  for (let i = 5000; i < 5010; i++) q.add(i);
  assert.equal(q.len(), 2010);
  for (let i = 3000; i < 5010; i++) assert.equal(await q.get(), i);
});
