import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { AtomicWriter, type FileProjection } from './atomic-writer.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kts-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const file = (text: string, mode = 0o644): FileProjection => ({ data: Buffer.from(text), mode });

test('first write: files live in a timestamped dir behind ..data, user-visible entries are symlinks', async (t) => {
  const dir = await tempDir(t);
  const wrote = await new AtomicWriter(dir).write(new Map([['name', file('web-1')], ['k8s/labels', file('a="b"', 0o400)]]));
  assert.equal(wrote, true);
  const data = await readlink(path.join(dir, '..data'));
  assert.match(data, /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$/);
  assert.equal(await readlink(path.join(dir, 'name')), '..data/name');
  assert.equal(await readlink(path.join(dir, 'k8s')), '..data/k8s');
  assert.equal(await readFile(path.join(dir, 'name'), 'utf8'), 'web-1');
  assert.equal(await readFile(path.join(dir, 'k8s/labels'), 'utf8'), 'a="b"');
  assert.equal((await stat(path.join(dir, 'k8s/labels'))).mode & 0o777, 0o400);
  assert.equal((await stat(path.join(dir, 'name'))).mode & 0o777, 0o644);
  assert.equal((await stat(path.join(dir, data))).mode & 0o777, 0o755);
  assert.deepEqual((await readdir(dir)).sort(), ['..data', data, 'k8s', 'name'].sort());
});

test('unchanged content is not rewritten; a change swaps in a new dir and drops removed entries', async (t) => {
  const dir = await tempDir(t);
  const writer = new AtomicWriter(dir);
  await writer.write(new Map([['a', file('1')], ['gone', file('x')], ['sub/keep', file('k')], ['sub/drop', file('d')]]));
  const first = await readlink(path.join(dir, '..data'));

  assert.equal(await writer.write(new Map([['a', file('1')], ['gone', file('x')], ['sub/keep', file('k')], ['sub/drop', file('d')]])), false);
  assert.equal(await readlink(path.join(dir, '..data')), first);

  assert.equal(await writer.write(new Map([['a', file('2')], ['sub/keep', file('k')], ['new', file('n')]])), true);
  const second = await readlink(path.join(dir, '..data'));
  assert.notEqual(second, first);
  assert.equal(await readFile(path.join(dir, 'a'), 'utf8'), '2');
  assert.equal(await readFile(path.join(dir, 'new'), 'utf8'), 'n');
  assert.deepEqual((await readdir(path.join(dir, 'sub'))).sort(), ['keep']);
  await assert.rejects(lstat(path.join(dir, 'gone')), { code: 'ENOENT' });
  await assert.rejects(lstat(path.join(dir, first)), { code: 'ENOENT' });
  assert.deepEqual((await readdir(dir)).sort(), ['..data', second, 'a', 'new', 'sub'].sort());
});

test('a mode change alone rewrites', async (t) => {
  const dir = await tempDir(t);
  const writer = new AtomicWriter(dir);
  await writer.write(new Map([['a', file('1', 0o644)]]));
  assert.equal(await writer.write(new Map([['a', file('1', 0o600)]])), true);
  assert.equal((await stat(path.join(dir, 'a'))).mode & 0o777, 0o600);
});

test('invalid payload paths are refused with upstream messages', async (t) => {
  const dir = await tempDir(t);
  const writer = new AtomicWriter(dir);
  await assert.rejects(writer.write(new Map([['', file('')]])), { message: 'invalid path: must not be empty: ""' });
  await assert.rejects(writer.write(new Map([['/etc/x', file('')]])), { message: 'invalid path: must be relative path: /etc/x' });
  await assert.rejects(writer.write(new Map([['a/../b', file('')]])), { message: "invalid path: must not contain '..': a/../b" });
  await assert.rejects(writer.write(new Map([['..data', file('')]])), { message: "invalid path: must not start with '..': ..data" });
  await assert.rejects(writer.write(new Map([['x'.repeat(256), file('')]])), { message: 'invalid path: filenames must be less than or equal to 255 characters' });
  assert.deepEqual(await readdir(dir), []);
});

test('a reader never sees a partial or mixed version while versions are swapped', async (t) => {
  const dir = await tempDir(t);
  const writer = new AtomicWriter(dir);
  const versions = ['A', 'B', 'C', 'D'].map((c) => c.repeat(256 * 1024));
  await writer.write(new Map([['big', file(versions[0]!)]]));
  let writing = true;
  const reads: string[] = [];
  const reader = (async () => {
    // Any read error (a dangling link mid-swap) fails the test through the rejected promise.
    while (writing) reads.push(await readFile(path.join(dir, 'big'), 'utf8'));
  })();
  for (let i = 1; i < 40; i++) await writer.write(new Map([['big', file(versions[i % versions.length]!)]]));
  writing = false;
  await reader;
  assert.ok(reads.length > 0);
  for (const content of reads) assert.ok(versions.includes(content), 'every read is one whole version');
});
