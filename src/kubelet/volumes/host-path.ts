/**
 * hostPath volumes: the host's own path, checked against the volume's `type` first (model:
 * pkg/volume/hostpath checkType). `""` checks nothing; the *OrCreate types create what is missing
 * (directories 0755, files 0644, parents as needed).
 */
import { lstat, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';

export async function checkHostPathType(hostPath: string, type: string): Promise<void> {
  switch (type) {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!(await exists(hostPath))) {
        await mkdir(hostPath, { recursive: true, mode: 0o755 });
        return;
      }
      return expect(hostPath, (s) => s.isDirectory(), 'is not a directory');
    case 'Directory':
      return expect(hostPath, (s) => s.isDirectory(), 'is not a directory');
    case 'FileOrCreate':
      if (!(await exists(hostPath))) {
        await mkdir(path.dirname(hostPath), { recursive: true, mode: 0o755 });
        await (await open(hostPath, 'a', 0o644)).close();
        return;
      }
      return expect(hostPath, (s) => s.isFile(), 'is not a file');
    case 'File':
      return expect(hostPath, (s) => s.isFile(), 'is not a file');
    case 'Socket':
      return expect(hostPath, (s) => s.isSocket(), 'is not a socket file');
    case 'CharDevice':
      return expect(hostPath, (s) => s.isCharacterDevice(), 'is not a character device');
    case 'BlockDevice':
      return expect(hostPath, (s) => s.isBlockDevice(), 'is not a block device');
    default:
      throw new Error(`${type} is an invalid volume type`);
  }
}

/** Whether anything (even a dangling symlink) is at the path, as upstream's Exists (lstat). */
async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Fails with upstream's message unless the path (symlinks followed) is of the expected type. */
async function expect(p: string, ok: (s: Stats) => boolean, what: string): Promise<void> {
  let info: Stats | undefined;
  try {
    info = await stat(p);
  } catch {
    info = undefined;
  }
  if (!info || !ok(info)) throw new Error(`hostPath type check failed: ${p} ${what}`);
}
