import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisposableStore, sleep } from './lifecycle.js';

test('DisposableStore disposes in reverse order, continues past failures, rethrows the first', async () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.defer(() => void order.push('first'));
  store.add({ dispose: () => { order.push('failing'); throw new Error('boom'); } });
  store.defer(async () => void order.push('last'));
  await assert.rejects(store.dispose(), /boom/);
  assert.deepEqual(order, ['last', 'failing', 'first']);
  await store.dispose(); // idempotent
  let late = false;
  store.defer(() => void (late = true));
  await sleep(0);
  assert.ok(late, 'adding to a disposed store disposes at once');
});

test('sleep rejects as soon as its signal aborts', async () => {
  const controller = new AbortController();
  const pending = sleep(60_000, controller.signal);
  controller.abort();
  await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
});
