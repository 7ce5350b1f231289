import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlreadyExistsError, InternalError } from '../../util/errors.js';
import { MemoryLog } from '../drivers/memory/memory-log.js';
import { RowKind, type LogRow } from './log.js';
import { WriteBatcher } from './write-batcher.js';

/** A memory log that counts transactions and can be told to fail the next commit. */
class CountingLog extends MemoryLog {
  transactions = 0;
  failNext = false;
  override transaction<T>(fn: () => T): T {
    this.transactions++;
    return super.transaction(() => {
      const result = fn();
      if (this.failNext) {
        this.failNext = false;
        throw new Error('disk full');
      }
      return result;
    });
  }
}

const create = (key: string) => (revision: number): LogRow => ({
  revision,
  key,
  kind: RowKind.Create,
  createRevision: revision,
  prevRevision: 0,
  expiresAt: null,
  value: new Uint8Array([1]),
});

test('writes submitted together commit in one transaction, in submission order', async () => {
  const log = new CountingLog();
  const published: number[] = [];
  const batcher = new WriteBatcher(log, (events) => published.push(...events.map((e) => e.event.revision)));
  const rows = await Promise.all(Array.from({ length: 64 }, (_, i) => batcher.submit(create(`/k/${i}`))));
  assert.equal(log.transactions, 1);
  assert.deepEqual(rows.map((r) => r.revision), Array.from({ length: 64 }, (_, i) => i + 1));
  assert.deepEqual(published, rows.map((r) => r.revision));
});

test('a refused write fails alone; later writes in the batch see earlier ones', async () => {
  const log = new CountingLog();
  const batcher = new WriteBatcher(log, () => undefined);
  const guarded = (key: string) => (revision: number): LogRow => {
    if (log.latest(key)) throw new AlreadyExistsError(`${key} exists`);
    return create(key)(revision);
  };
  const results = await Promise.allSettled([batcher.submit(guarded('/a')), batcher.submit(guarded('/a')), batcher.submit(guarded('/b'))]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.equal(log.transactions, 1);
  assert.equal(log.currentRevision(), 2);
});

test('a failed commit rejects the whole batch and leaves the log unchanged', async () => {
  const log = new CountingLog();
  const published: unknown[] = [];
  const batcher = new WriteBatcher(log, (events) => published.push(...events));
  log.failNext = true;
  const results = await Promise.allSettled([batcher.submit(create('/x')), batcher.submit(create('/y'))]);
  for (const r of results) {
    assert.equal(r.status, 'rejected');
    assert.ok(r.reason instanceof InternalError);
    assert.match(r.reason.message, /disk full/);
  }
  assert.equal(log.currentRevision(), 0);
  assert.equal(log.latest('/x'), undefined);
  assert.deepEqual(published, []);
  assert.equal((await batcher.submit(create('/x'))).revision, 1);
});

test('after drain, writes are refused', async () => {
  const batcher = new WriteBatcher(new MemoryLog(), () => undefined);
  const pending = batcher.submit(create('/p'));
  await batcher.drain();
  assert.equal((await pending).revision, 1);
  await assert.rejects(batcher.submit(create('/q')), /closed/);
});
