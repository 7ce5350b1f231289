import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ListerWatcher, ListOptions, WatchOptions } from '../lister-watcher.js';
import { filteredListerWatcher } from './filtered-lister-watcher.js';

test('lists and watches carry the fixed selectors', async () => {
  const seen: (ListOptions | WatchOptions)[] = [];
  const inner: ListerWatcher = {
    list: async (o) => (seen.push(o), { resourceVersion: '1', items: [] }),
    watch: async (o) => (seen.push(o), { stop() {}, async *[Symbol.asyncIterator]() {} }),
  };
  const lw = filteredListerWatcher(inner, { fieldSelector: 'spec.nodeName=n1' });
  await lw.list({ limit: 5, fieldSelector: 'other' });
  await lw.watch({ resourceVersion: '7' });
  assert.deepEqual(seen, [
    { limit: 5, fieldSelector: 'spec.nodeName=n1' },
    { resourceVersion: '7', fieldSelector: 'spec.nodeName=n1' },
  ]);
});
