/**
 * The storage conformance suite: every driver must pass it unchanged (model: kine's and
 * Kubernetes' storage tests). `runBackendConformance` registers node:test suites for one driver.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Backend, WatchEvent } from '../../src/storage/backend.js';
import { KeyConflictError } from '../../src/storage/errors.js';
import { StatusError } from '../../src/util/errors.js';
import { collectEvents, eventSummary, text, waitFor } from './helpers.js';

export interface DriverUnderTest {
  /** Opens a fresh, empty store. */
  open(): Promise<Backend>;
  /** Seconds a TTL may overshoot before the key must be gone (etcd rounds leases up to ~2 s). */
  ttlSlackSeconds: number;
  /** Why the driver cannot be tested on this machine (the suite is then reported as skipped). */
  skip?: string | undefined;
}

function assertStatus(reason: string, code: number): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    assert.equal(err.code, code);
    return true;
  };
}

export function runBackendConformance(name: string, driver: DriverUnderTest): void {
  describe(`storage conformance: ${name}`, { skip: driver.skip }, () => {
    let store: Backend;
    let n = 0;
    /** A prefix no other test uses, so tests can share one store. */
    const fresh = (): string => `/t${++n}/`;

    before(async () => {
      store = await driver.open();
    });
    after(async () => {
      await store.dispose();
    });

    test('writes take strictly increasing revisions; failed writes take none', async () => {
      const p = fresh();
      const start = await store.currentRevision();
      const a = await store.create(`${p}a`, text('1'));
      const b = await store.create(`${p}b`, text('2'));
      assert.ok(a.revision > start);
      assert.ok(b.revision > a.revision);
      await assert.rejects(store.create(`${p}a`, text('again')), assertStatus('AlreadyExists', 409));
      assert.equal(await store.currentRevision(), b.revision);
      const got = await store.get(`${p}a`);
      assert.equal(got.revision, b.revision);
      assert.deepEqual(
        { ...got.kv, value: Buffer.from(got.kv!.value).toString() },
        { key: `${p}a`, value: '1', createRevision: a.revision, modRevision: a.revision },
      );
      assert.equal((await store.get(`${p}missing`)).kv, undefined);
    });

    test('update and delete are conditional on the mod revision', async () => {
      const p = fresh();
      const c = await store.create(`${p}k`, text('v1'));
      const u = await store.update(`${p}k`, text('v2'), c.revision);
      const updated = (await store.get(`${p}k`)).kv!;
      assert.equal(updated.createRevision, c.revision);
      assert.equal(updated.modRevision, u.revision);
      assert.equal(Buffer.from(updated.value).toString(), 'v2');

      const conflict = await store.update(`${p}k`, text('stale'), c.revision).then(
        () => assert.fail('stale update succeeded'),
        (err: unknown) => err,
      );
      assert.ok(conflict instanceof KeyConflictError);
      assert.equal(conflict.code, 409);
      assert.equal(conflict.current.modRevision, u.revision);
      assert.equal(Buffer.from(conflict.current.value).toString(), 'v2');

      await assert.rejects(store.update(`${p}nope`, text('x'), 1), assertStatus('NotFound', 404));
      await assert.rejects(store.update(`${p}nope`, text('x'), 0), assertStatus('BadRequest', 400));
      await assert.rejects(store.delete(`${p}k`, c.revision), (err) => err instanceof KeyConflictError);
      const d = await store.delete(`${p}k`, u.revision);
      assert.equal(Buffer.from(d.prev.value).toString(), 'v2');
      assert.equal(d.prev.modRevision, u.revision);
      assert.equal((await store.get(`${p}k`)).kv, undefined);
      await assert.rejects(store.delete(`${p}k`), assertStatus('NotFound', 404));

      const again = await store.create(`${p}k`, text('v3'));
      const got = await store.get(`${p}k`);
      assert.equal(got.kv?.createRevision, again.revision, 'a re-created key starts a new incarnation');
      const unconditional = await store.delete(`${p}k`);
      assert.equal(unconditional.prev.modRevision, again.revision);
    });

    test('reads at an older revision see the store as it was; future revisions are refused', async () => {
      const p = fresh();
      const c = await store.create(`${p}k`, text('old'));
      const u = await store.update(`${p}k`, text('new'), c.revision);
      await store.delete(`${p}k`);
      assert.equal(Buffer.from((await store.get(`${p}k`, { revision: c.revision })).kv!.value).toString(), 'old');
      assert.equal(Buffer.from((await store.get(`${p}k`, { revision: u.revision })).kv!.value).toString(), 'new');
      assert.equal((await store.get(`${p}k`, { revision: c.revision - 1 })).kv, undefined);
      const current = await store.currentRevision();
      await assert.rejects(store.get(`${p}k`, { revision: current + 1000 }), assertStatus('Timeout', 504));
    });

    test('list returns one prefix in key order, paginated consistently at one revision', async () => {
      const p = fresh();
      for (const k of ['c', 'a', 'e', 'b', 'd']) await store.create(`${p}${k}`, text(k));
      await store.create(`${p.slice(0, -1)}x/other`, text('not under the prefix'));
      const all = await store.list(p);
      assert.deepEqual(all.items.map((i) => i.key), ['a', 'b', 'c', 'd', 'e'].map((k) => p + k));
      assert.equal(all.count, 5);
      assert.equal(all.continueKey, undefined);

      const page1 = await store.list(p, { limit: 2 });
      assert.deepEqual(page1.items.map((i) => i.key), [`${p}a`, `${p}b`]);
      assert.equal(page1.count, 5);
      assert.ok(page1.continueKey);
      // Change the store between pages: the next pages must still show page1.revision.
      await store.delete(`${p}c`);
      await store.create(`${p}bb`, text('bb'));
      const d = await store.get(`${p}d`);
      await store.update(`${p}d`, text('d2'), d.kv!.modRevision);

      const page2 = await store.list(p, { limit: 2, startKey: page1.continueKey, revision: page1.revision });
      assert.equal(page2.revision, page1.revision);
      assert.deepEqual(page2.items.map((i) => i.key), [`${p}c`, `${p}d`]);
      assert.equal(Buffer.from(page2.items[1]!.value).toString(), 'd');
      assert.equal(page2.count, 3);
      const page3 = await store.list(p, { limit: 2, startKey: page2.continueKey, revision: page1.revision });
      assert.deepEqual(page3.items.map((i) => i.key), [`${p}e`]);
      assert.equal(page3.continueKey, undefined);

      const now = await store.list(p);
      assert.deepEqual(now.items.map((i) => i.key.slice(p.length)), ['a', 'b', 'bb', 'd', 'e']);
      assert.equal(Buffer.from(now.items[3]!.value).toString(), 'd2');
    });

    test('watch streams creates, updates and deletes with previous values, in order', async () => {
      const p = fresh();
      const since = await store.currentRevision();
      const ac = new AbortController();
      const watch = store.watch(p, since, { signal: ac.signal });
      const c = await store.create(`${p}k`, text('1'));
      await store.create(`${fresh()}elsewhere`, text('not watched'));
      const u = await store.update(`${p}k`, text('2'), c.revision);
      await store.delete(`${p}k`);
      const events = await collectEvents(watch, 3);
      ac.abort();
      assert.deepEqual(events.map(eventSummary), [
        `create ${p}k=1`,
        `update ${p}k=2 (was 1@${c.revision})`,
        `delete ${p}k (was 2@${u.revision})`,
      ]);
      const revisions = events.map((e) => e.revision);
      assert.deepEqual(revisions, [...revisions].sort((a, b) => a - b));
    });

    test('watch from an old revision replays history exactly once, then follows live', async () => {
      const p = fresh();
      const since = await store.currentRevision();
      for (let i = 0; i < 1500; i++) await store.create(`${p}${String(i).padStart(4, '0')}`, text(String(i)));
      const watch = store.watch(p, since);
      const live = store.create(`${p}live`, text('live'));
      const events = await collectEvents(watch, 1501);
      watch.close();
      await live;
      assert.equal(events.length, 1501);
      assert.equal(new Set(events.map((e) => e.revision)).size, 1501, 'no duplicates');
      assert.deepEqual(events.slice(0, 3).map(eventSummary), [`create ${p}0000=0`, `create ${p}0001=1`, `create ${p}0002=2`]);
      assert.equal(eventSummary(events[1500]!), `create ${p}live=live`);
    });

    test('a watcher that reconnects from its last revision misses nothing and sees nothing twice', async () => {
      const p = fresh();
      let last = await store.currentRevision();
      const seen: WatchEvent[] = [];
      let next = 0;
      for (let round = 0; round < 3; round++) {
        const watch = store.watch(p, last);
        const writes = Promise.all(Array.from({ length: 20 }, () => store.create(`${p}${next++}`, text('x'))));
        const events = await collectEvents(watch, 10);
        watch.close(); // drop the connection mid-stream, keeping what arrived
        await writes;
        seen.push(...events.slice(0, 10));
        last = events[9]!.revision;
      }
      const rest = store.watch(p, last);
      const remaining = await collectEvents(rest, 60 - seen.length);
      rest.close();
      seen.push(...remaining);
      const keys = seen.map((e) => eventSummary(e).split(/[ =]/)[1]);
      assert.equal(seen.length, 60);
      assert.equal(new Set(keys).size, 60);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.revision > seen[i - 1]!.revision);
    });

    test('a watch reports progress on request, even when its range is quiet', async () => {
      const p = fresh();
      const watch = store.watch(p, await store.currentRevision());
      const c = await store.create(`${p}k`, text('1'));
      const elsewhere = await store.create(`${fresh()}other`, text('2'));
      const [created] = await collectEvents(watch, 1);
      assert.equal(created!.revision, c.revision);
      // The store may answer only once the watch has caught up: ask until it does.
      const timer = setInterval(() => watch.requestProgress(), 200);
      watch.requestProgress();
      try {
        const [progress] = await collectEvents(watch, 1);
        assert.equal(progress!.type, 'progress');
        assert.ok(progress!.revision >= elsewhere.revision, `progress at ${progress!.revision}, writes up to ${elsewhere.revision}`);
      } finally {
        clearInterval(timer);
        watch.close();
      }
    });

    test('compaction removes old history: reads and watches before it are Expired', async () => {
      const p = fresh();
      const c = await store.create(`${p}k`, text('v1'));
      const u = await store.update(`${p}k`, text('v2'), c.revision);
      await store.create(`${p}gone`, text('x'));
      await store.delete(`${p}gone`);
      const mark = await store.create(`${p}mark`, text('m'));
      await store.compact(mark.revision);
      assert.ok((await store.compactRevision()) >= mark.revision);
      await store.compact(c.revision); // compacting an older revision again is harmless

      await assert.rejects(store.get(`${p}k`, { revision: c.revision }), assertStatus('Expired', 410));
      await assert.rejects(store.list(p, { revision: c.revision }), assertStatus('Expired', 410));
      await assert.rejects(collectEvents(store.watch(p, c.revision), 1), assertStatus('Expired', 410));

      // The state at and after the compacted revision is intact.
      const atMark = await store.list(p, { revision: mark.revision });
      assert.deepEqual(atMark.items.map((i) => `${i.key}@${i.modRevision}`), [`${p}k@${u.revision}`, `${p}mark@${mark.revision}`]);
      const after = store.watch(p, mark.revision);
      const next = await store.update(`${p}k`, text('v3'), u.revision);
      const [event] = await collectEvents(after, 1);
      after.close();
      assert.equal(eventSummary(event!), `update ${p}k=v3 (was v2@${u.revision})`);
      assert.equal(event!.revision, next.revision);
    });

    test('keys with a TTL expire, and watchers see the delete', async () => {
      const p = fresh();
      const since = await store.currentRevision();
      await store.create(`${p}short`, text('bye'), { ttlSeconds: 1 });
      await store.create(`${p}kept`, text('stay'));
      const c = await store.create(`${p}renewed`, text('a'), { ttlSeconds: 1 });
      await store.update(`${p}renewed`, text('b'), c.revision); // a put without TTL drops the TTL, as in etcd
      assert.ok((await store.get(`${p}short`)).kv);
      await waitFor(async () => (await store.get(`${p}short`)).kv === undefined, (driver.ttlSlackSeconds + 2) * 1000);
      const watch = store.watch(p, since);
      const events = await collectEvents(watch, 5);
      watch.close();
      assert.equal(eventSummary(events[4]!).replace(/@\d+/, ''), `delete ${p}short (was bye)`);
      assert.ok((await store.get(`${p}kept`)).kv);
      assert.ok((await store.get(`${p}renewed`)).kv);
      await assert.rejects(store.create(`${p}bad`, text('x'), { ttlSeconds: -1 }), assertStatus('BadRequest', 400));
    });

    test('concurrent read-modify-write writers lose no update', async () => {
      const p = fresh();
      await store.create(`${p}counter`, text('0'));
      const writers = 16;
      const increments = 10;
      let conflicts = 0;
      const increment = async (): Promise<void> => {
        for (;;) {
          const { kv } = await store.get(`${p}counter`);
          try {
            await store.update(`${p}counter`, text(String(Number(Buffer.from(kv!.value).toString()) + 1)), kv!.modRevision);
            return;
          } catch (err) {
            if (!(err instanceof KeyConflictError)) throw err;
            conflicts++;
          }
        }
      };
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = 0; i < increments; i++) await increment();
        }),
      );
      const { kv } = await store.get(`${p}counter`);
      assert.equal(Buffer.from(kv!.value).toString(), String(writers * increments));
      assert.ok(conflicts > 0, 'the writers really raced');

      const racers = await Promise.allSettled(Array.from({ length: 20 }, () => store.create(`${p}once`, text('x'))));
      assert.equal(racers.filter((r) => r.status === 'fulfilled').length, 1, 'exactly one concurrent create wins');
    });

    test('bad input gets clear errors and changes nothing', async () => {
      const p = fresh();
      const before = await store.currentRevision();
      const big = new Uint8Array(1.5 * 1024 * 1024 + 1);
      await assert.rejects(store.create(`${p}big`, big), assertStatus('RequestEntityTooLarge', 413));
      await assert.rejects(store.create(`${p}with space`, text('x')), assertStatus('BadRequest', 400));
      await assert.rejects(store.create('', text('x')), assertStatus('BadRequest', 400));
      assert.equal(await store.currentRevision(), before);
      const ok = await store.create(`${p}max`, new Uint8Array(1024 * 1024));
      assert.equal((await store.get(`${p}max`)).kv!.value.byteLength, 1024 * 1024);
      assert.ok(ok.revision > before);
    });
  });
}
