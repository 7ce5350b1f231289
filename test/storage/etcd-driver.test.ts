/**
 * etcd-specific behaviour of the etcd:// driver (the generic Backend behaviour is in the
 * conformance suite, etcd.test.ts): connecting to an etcd that is down, surviving an etcd restart,
 * lease reuse for TTL writes, and learning a compaction made by another client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Etcd3 } from 'etcd3';
import { pino, type Logger } from 'pino';
import type { Backend, WatchEvent } from '../../src/storage/backend.js';
import { open } from '../../src/storage/drivers/etcd/index.js';
import { LeaseManager } from '../../src/storage/drivers/etcd/leases.js';
import { StatusError } from '../../src/util/errors.js';
import { etcdSkipReason, startEtcd, type EtcdServer } from '../support/etcd-server.js';
import { collectEvents, eventSummary, text } from './helpers.js';

/** A logger that records every line, to assert on what the user would read. */
function captureLogger(): { logger: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const WARN = 40;

test('a malformed endpoint is refused with a usage hint', async () => {
  const { logger } = captureLogger();
  for (const endpoint of ['etcd://', 'etcd://host', 'etcd://a:1,,b:2', 'http://127.0.0.1:2379', 'etcd://h:99999']) {
    await assert.rejects(open(endpoint, { logger }), (err: unknown) => {
      assert.ok(err instanceof StatusError && err.code === 400, String(err));
      assert.match(err.message, /use etcd:\/\/host:port/);
      return true;
    });
  }
});

describe('etcd driver against a real etcd', { skip: etcdSkipReason() }, () => {
  let etcd: EtcdServer;
  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    await etcd?.stop();
  });

  test('open retries an unreachable etcd with warnings, and gives up when aborted', async () => {
    const { logger, lines } = captureLogger();
    const ac = new AbortController();
    const dead = 'etcd://127.0.0.1:1,127.0.0.1:9';
    const opening = open(dead, { logger, signal: ac.signal });
    await until(() => lines.filter((l) => l.level === WARN).length >= 2, 10_000);
    assert.match(lines[0]!.msg, /^etcd at 127\.0\.0\.1:1,127\.0\.0\.1:9 is unreachable \(.+\); retrying in \d+\.\ds$/);
    const reason = new Error('server shutting down');
    ac.abort(reason);
    await assert.rejects(opening, (err) => err === reason);
  });

  test('open waits for an etcd that comes up later', async () => {
    await etcd.kill();
    const { logger, lines } = captureLogger();
    const opening = open(etcd.endpoint, { logger });
    await until(() => lines.some((l) => l.level === WARN), 10_000);
    await etcd.restart();
    const store = await opening;
    try {
      assert.ok((await store.currentRevision()) >= 1);
    } finally {
      await store.dispose();
    }
  });

  describe('with an open store', () => {
    let store: Backend;
    let raw: Etcd3;
    const { logger, lines } = captureLogger();
    before(async () => {
      store = await open(etcd.endpoint, { logger });
      raw = new Etcd3({ hosts: etcd.clientUrl });
    });
    after(async () => {
      raw?.close();
      await store?.dispose();
    });

    test('a watch survives an etcd restart without gap or duplicate; calls fail clearly meanwhile', async () => {
      const since = await store.currentRevision();
      const watch = store.watch('/restart/', since);
      for (let i = 0; i < 5; i++) await store.create(`/restart/before-${i}`, text('x'));
      const first = await collectEvents(watch, 5);

      await etcd.kill();
      await assert.rejects(store.create('/restart/during', text('x')), (err: unknown) => {
        assert.ok(err instanceof StatusError && err.code === 503, String(err));
        assert.match(err.message, new RegExp(`etcd at ${etcd.endpoint.slice('etcd://'.length)} is unreachable`));
        return true;
      });
      await etcd.restart();
      // Written as soon as etcd is back, likely before the watch has reconnected: replayed from history.
      for (let i = 0; i < 5; i++) await store.create(`/restart/after-${i}`, text('y'));
      const second = await collectEvents(watch, 5, 20_000);
      watch.close();

      const all = [...first, ...second];
      assert.deepEqual(
        all.map(eventSummary),
        [0, 1, 2, 3, 4].map((i) => `create /restart/before-${i}=x`).concat([0, 1, 2, 3, 4].map((i) => `create /restart/after-${i}=y`)),
      );
      for (let i = 1; i < all.length; i++) assert.ok(all[i]!.revision > all[i - 1]!.revision);
      assert.ok(lines.some((l) => l.level === WARN && /etcd watch on \/restart\/ lost its stream/.test(l.msg)));
    });

    test('with several members, calls reach the live one while another is down', async () => {
      const several = await open(`etcd://127.0.0.1:1,${etcd.endpoint.slice('etcd://'.length)}`, { logger });
      try {
        const watch = several.watch('/members/', await several.currentRevision());
        for (let i = 0; i < 20; i++) {
          const { revision } = await several.create(`/members/${i}`, text('x'));
          assert.equal((await several.get(`/members/${i}`)).kv?.modRevision, revision);
        }
        assert.equal((await several.list('/members/')).count, 20);
        assert.equal((await collectEvents(watch, 20)).length, 20);
      } finally {
        await several.dispose();
      }
    });

    test('TTL writes close together share one lease; short TTLs get their own', async () => {
      await store.create('/lease/a', text('a'), { ttlSeconds: 100 });
      await store.create('/lease/b', text('b'), { ttlSeconds: 100 });
      const c = await store.create('/lease/c', text('c'));
      await store.update('/lease/c', text('c2'), c.revision, { ttlSeconds: 100 });
      await store.create('/lease/short1', text('s'), { ttlSeconds: 2 });
      await store.create('/lease/short2', text('s'), { ttlSeconds: 2 });
      const lease = async (key: string): Promise<string> => (await raw.get(key).exec()).kvs[0]!.lease;
      const [a, b, c2, s1, s2] = await Promise.all(['a', 'b', 'c', 'short1', 'short2'].map((k) => lease(`/lease/${k}`)));
      assert.notEqual(a, '0');
      assert.equal(b, a);
      assert.equal(c2, a);
      assert.notEqual(s1, a);
      assert.notEqual(s2, s1);
      const ttl = await raw.leaseClient.leaseTimeToLive({ ID: a });
      assert.ok(Number(ttl.TTL) >= 99 && Number(ttl.TTL) <= 105, `lease TTL ${ttl.TTL}`);
    });

    test('compactRevision sees a compaction made by another etcd client', async () => {
      await store.create('/compact/a', text('1'));
      const { revision } = await store.create('/compact/b', text('2'));
      await store.create('/compact/c', text('3'));
      await raw.kv.compact({ revision, physical: true });
      assert.equal(await store.compactRevision(), revision);
      await assert.rejects(store.get('/compact/a', { revision: revision - 1 }), (err: unknown) => {
        assert.ok(err instanceof StatusError && err.code === 410, String(err));
        return true;
      });
      await store.compact(revision - 1); // below the compacted revision: a no-op
      assert.equal(await store.compactRevision(), revision);
    });

    test('a slow consumer gets every event once, in order, after etcd was held back', async () => {
      const since = await store.currentRevision();
      const watch = store.watch('/slow/', since);
      const total = 2_500;
      for (let i = 0; i < total; i += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => store.create(`/slow/${i + j}`, text('v'))));
      }
      const events: WatchEvent[] = await collectEvents(watch, total, 30_000);
      watch.close();
      assert.equal(events.length, total);
      for (let i = 1; i < events.length; i++) assert.ok(events[i]!.revision > events[i - 1]!.revision);
      assert.equal(new Set(events.map((e) => (e.type === 'create' ? e.kv.key : ''))).size, total);
    });
  });
});

describe('LeaseManager', () => {
  const manager = (now: () => number): { leases: LeaseManager; grants: number[] } => {
    const grants: number[] = [];
    const leases = new LeaseManager(
      async (ttl) => {
        grants.push(ttl);
        return { id: String(grants.length), ttlSeconds: ttl };
      },
      { reusePercent: 0.05, maxReuseSeconds: 60, maxAttached: 3 },
      now,
    );
    return { leases, grants };
  };

  test('reuses a lease while it expires within [ttl, ttl + 5%] from now', async () => {
    let t = 0;
    const { leases, grants } = manager(() => t);
    assert.equal(await leases.leaseFor(1000), '1'); // granted for 1000 + 50 s
    t = 40_000;
    assert.equal(await leases.leaseFor(1000), '1');
    t = 51_000; // the lease would expire before 1000 s from now
    assert.equal(await leases.leaseFor(1000), '2');
    assert.equal(await leases.leaseFor(500), '3', 'a much shorter TTL does not fit the long lease');
    assert.deepEqual(grants, [1050, 1050, 525]);
  });

  test('caps reuse at 60 s and at the attached-key limit; concurrent calls share a grant', async () => {
    let t = 0;
    const { leases, grants } = manager(() => t++); // a clock that advances 1 ms per reading
    const ids = await Promise.all([leases.leaseFor(3600), leases.leaseFor(3600), leases.leaseFor(3600), leases.leaseFor(3600)]);
    assert.deepEqual(ids, ['1', '1', '1', '2']);
    assert.deepEqual(grants, [3660, 3660]);
    leases.invalidate('2');
    assert.equal(await leases.leaseFor(3600), '3');
  });
});
