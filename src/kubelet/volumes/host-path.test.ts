import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { checkHostPathType } from './host-path.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kts-hostpath-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('"" checks nothing, not even existence', async (t) => {
  const dir = await tempDir(t);
  await checkHostPathType(path.join(dir, 'nothing'), '');
  assert.deepEqual(await readdir(dir), []);
});

test('Directory and File accept only their kind (symlinks followed)', async (t) => {
  const dir = await tempDir(t);
  const d = path.join(dir, 'd');
  const f = path.join(dir, 'f');
  await mkdir(d);
  await writeFile(f, 'x');
  await symlink(d, path.join(dir, 'link-to-d'));
  await checkHostPathType(d, 'Directory');
  await checkHostPathType(path.join(dir, 'link-to-d'), 'Directory');
  await checkHostPathType(f, 'File');
  await assert.rejects(checkHostPathType(f, 'Directory'), { message: `hostPath type check failed: ${f} is not a directory` });
  await assert.rejects(checkHostPathType(d, 'File'), { message: `hostPath type check failed: ${d} is not a file` });
  await assert.rejects(checkHostPathType(path.join(dir, 'none'), 'Directory'), { message: `hostPath type check failed: ${dir}/none is not a directory` });
});

test('DirectoryOrCreate and FileOrCreate create what is missing, parents included', async (t) => {
  const dir = await tempDir(t);
  const d = path.join(dir, 'a/b/c');
  const f = path.join(dir, 'x/y/file.txt');
  await checkHostPathType(d, 'DirectoryOrCreate');
  await checkHostPathType(f, 'FileOrCreate');
  assert.ok((await stat(d)).isDirectory());
  const info = await stat(f);
  assert.ok(info.isFile());
  assert.equal(info.size, 0);
  // Existing paths of the wrong kind still fail.
  await assert.rejects(checkHostPathType(f, 'DirectoryOrCreate'), { message: `hostPath type check failed: ${f} is not a directory` });
  await assert.rejects(checkHostPathType(d, 'FileOrCreate'), { message: `hostPath type check failed: ${d} is not a file` });
});

test('Socket, CharDevice and BlockDevice check the file type', async (t) => {
  const dir = await tempDir(t);
  const sock = path.join(dir, 's.sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  await checkHostPathType(sock, 'Socket');
  await assert.rejects(checkHostPathType(dir, 'Socket'), { message: `hostPath type check failed: ${dir} is not a socket file` });
  await checkHostPathType('/dev/null', 'CharDevice');
  await assert.rejects(checkHostPathType(sock, 'CharDevice'), { message: `hostPath type check failed: ${sock} is not a character device` });
  await assert.rejects(checkHostPathType('/dev/null', 'BlockDevice'), { message: 'hostPath type check failed: /dev/null is not a block device' });
});

test('BlockDevice accepts a block device', { skip: !(await firstBlockDevice()) && 'no block device in /dev' }, async () => {
  await checkHostPathType((await firstBlockDevice())!, 'BlockDevice');
});

test('an unknown type is an invalid volume type', async () => {
  await assert.rejects(checkHostPathType('/tmp', 'Fifo'), { message: 'Fifo is an invalid volume type' });
});

async function firstBlockDevice(): Promise<string | undefined> {
  for (const name of await readdir('/dev')) {
    const full = path.join('/dev', name);
    try {
      if ((await stat(full)).isBlockDevice()) return full;
    } catch {
      // races with device removal: ignore
    }
  }
  return undefined;
}
