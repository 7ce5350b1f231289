import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../util/logging.js';
import { sleep } from '../util/lifecycle.js';
import { MemoryLog } from './drivers/memory/memory-log.js';
import { LogStructuredBackend } from './logstructured/backend.js';
import { startCompactor } from './compactor.js';

test('the compactor compacts history in the background and keeps current data', async () => {
  const store = new LogStructuredBackend(new MemoryLog());
  const compactor = startCompactor(store, { intervalMs: 20, logger: createLogger('test') });
  try {
    const first = await store.create('/c/a', new Uint8Array([1]));
    const second = await store.update('/c/a', new Uint8Array([2]), first.revision);
    const deadline = Date.now() + 10_000;
    while ((await store.compactRevision()) < second.revision) {
      assert.ok(Date.now() < deadline, 'history was never compacted');
      await sleep(20);
    }
    await assert.rejects(store.get('/c/a', { revision: first.revision }), (err: Error & { code?: number }) => err.code === 410);
    assert.equal((await store.get('/c/a')).kv?.value[0], 2, 'compaction keeps current data');
  } finally {
    await compactor.dispose();
    await store.dispose();
  }
});
