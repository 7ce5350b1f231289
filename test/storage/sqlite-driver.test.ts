import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openBackend } from '../../src/storage/open-backend.js';
import { StatusError } from '../../src/util/errors.js';
import { createLogger } from '../../src/util/logging.js';
import { text } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kts-sqlite-driver-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const logger = createLogger('test');
const openAt = (path: string) => openBackend(`sqlite://${path}`, { logger });

describe('sqlite driver', () => {
  test('every acknowledged write survives kill -9 of the writer', async () => {
    const path = join(dir, 'crash.db');
    const child = spawn(process.execPath, [new URL('./fixtures/sqlite-writer.js', import.meta.url).pathname, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Map<string, number>();
    const lines = createInterface({ input: child.stdout });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    for await (const line of lines) {
      const [key, revision] = line.split(' ');
      acked.set(key!, Number(revision));
      if (acked.size === 3000) child.kill('SIGKILL');
    }
    assert.equal(await exited, null); // killed by the signal, not exited
    assert.ok(acked.size >= 3000);

    const store = await openAt(path);
    try {
      const { items, revision } = await store.list('/crash/');
      const stored = new Map(items.map((kv) => [kv.key, kv]));
      for (const [key, ackedRevision] of acked) {
        const kv = stored.get(key);
        assert.ok(kv, `acknowledged ${key} is missing after the crash`);
        assert.equal(kv.modRevision, ackedRevision);
        assert.equal(Buffer.from(kv.value).toString(), `value-${key}`);
      }
      // The revision counter continues after the recovered writes, never reusing one.
      const next = await store.create('/crash/after', text('x'));
      assert.equal(next.revision, revision + 1);
    } finally {
      await store.dispose();
    }
  });

  test('history, revision and compaction survive a restart', async () => {
    const path = join(dir, 'restart.db');
    let store = await openAt(path);
    const c = await store.create('/r/k', text('1'));
    const u = await store.update('/r/k', text('2'), c.revision);
    await store.create('/r/gone', text('x'));
    const d = await store.delete('/r/gone');
    await store.compact(d.revision); // removes the newest row: the revision must still be kept
    await store.dispose();

    store = await openAt(path);
    try {
      assert.equal(await store.currentRevision(), d.revision);
      assert.equal(await store.compactRevision(), d.revision);
      assert.equal((await store.get('/r/k')).kv?.modRevision, u.revision);
      assert.equal((await store.create('/r/new', text('y'))).revision, d.revision + 1);
    } finally {
      await store.dispose();
    }
  });

  test('a file that is not a SQLite database is refused with a clear message', async () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'this is not a database, it is a text file\n'.repeat(100));
    await assert.rejects(openAt(path), (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.match(err.message, /garbage\.db is not a SQLite database/);
      return true;
    });
  });

  test('a corrupt kts database is refused with a clear message', async () => {
    const path = join(dir, 'corrupt.db');
    const store = await openAt(path);
    for (let i = 0; i < 200; i++) await store.create(`/c/${i}`, new Uint8Array(2000));
    await store.dispose();
    // Keep the header, overwrite the schema and data pages.
    const db = Buffer.alloc(64 * 1024, 0xa5);
    Buffer.from('SQLite format 3\0').copy(db);
    writeFileSync(path, db);
    await assert.rejects(openAt(path), (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.match(err.message, /corrupt\.db/);
      assert.match(err.message, /corrupt|not a/);
      return true;
    });
  });

  test('another SQLite database is not mistaken for a kts store', async () => {
    const path = join(dir, 'foreign.db');
    const db = new BetterSqlite3(path);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    await assert.rejects(openAt(path), /is a SQLite database but not a kts store/);
  });

  test('a second process cannot open a store in use', async () => {
    const path = join(dir, 'busy.db');
    const store = await openAt(path);
    try {
      const script = `import('better-sqlite3').then(({ default: D }) => { try { const d = new D(${JSON.stringify(path)}); d.prepare('SELECT * FROM kv_log').all(); console.log('opened'); } catch (e) { console.log(e.code); } })`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(out.trim(), 'SQLITE_BUSY');
    } finally {
      await store.dispose();
    }
  });
});
