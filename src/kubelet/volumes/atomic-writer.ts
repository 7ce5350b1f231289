/**
 * Atomic projection of a set of files into a directory (model: pkg/volume/util/atomic_writer.go),
 * so that a container reading a configMap/secret/downwardAPI/projected volume never sees a
 * half-written file or a mix of old and new files.
 *
 * Layout of the target directory:
 *   ..2026_01_02_15_04_05.Ab3xYz/   the real files (a fresh timestamped directory per change)
 *   ..data -> ..2026_01_02_15_04_05.Ab3xYz
 *   key    -> ..data/key            one symlink per top-level entry of the payload
 *   dir    -> ..data/dir
 *
 * write(payload):
 *  1. validates the payload paths (relative, no `..` element, not starting with `..`);
 *  2. reads the current timestamped directory from the `..data` symlink;
 *  3. lists paths of the old version that the new payload no longer has;
 *  4. compares the payload with the old version (content and mode); when equal and nothing is
 *     removed, only step 10 runs (unchanged content is never rewritten);
 *  5-6. writes the payload into a new timestamped directory (modes set explicitly, ignoring umask);
 *  8-9. points `..data_tmp` at it and renames that over `..data` (rename is atomic);
 *  10. creates missing top-level symlinks into `..data`;
 *  11. removes top-level symlinks of paths no longer present;
 *  12. removes the old timestamped directory.
 *
 * Concurrency: one writer per directory at a time (the volume manager serializes per pod).
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readlink, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FileProjection {
  data: Buffer;
  /** Permission bits (e.g. 0o644). */
  mode: number;
}

export type Payload = ReadonlyMap<string, FileProjection>;

const DATA_DIR = '..data';
const NEW_DATA_DIR = '..data_tmp';
const MAX_FILE_NAME_LENGTH = 255;
const MAX_PATH_LENGTH = 4096;

export class AtomicWriter {
  constructor(readonly targetDir: string) {}

  /** Projects `payload` into the target directory; resolves to whether files were (re)written. */
  async write(payload: Payload): Promise<boolean> {
    const clean = validatePayload(payload); // 1
    const dataDirPath = path.join(this.targetDir, DATA_DIR);
    const oldTsDir = await readlinkOrEmpty(dataDirPath); // 2
    const oldTsPath = oldTsDir === '' ? '' : path.join(this.targetDir, oldTsDir);

    let toRemove = new Set<string>();
    let shouldWrite = true;
    if (oldTsPath !== '') {
      toRemove = await pathsToRemove(clean, oldTsPath); // 3
      shouldWrite = toRemove.size > 0 || (await payloadDiffers(clean, oldTsPath)); // 4
    }

    if (shouldWrite) {
      const tsDir = await this.newTimestampDir(); // 5
      await writePayloadToDir(clean, tsDir); // 6
      const newDataDirPath = path.join(this.targetDir, NEW_DATA_DIR);
      await rm(newDataDirPath, { force: true });
      await symlink(path.basename(tsDir), newDataDirPath); // 8
      await rename(newDataDirPath, dataDirPath); // 9
    }
    await this.createUserVisibleFiles(clean); // 10
    if (shouldWrite) {
      await this.removeUserVisiblePaths(toRemove); // 11
      if (oldTsPath !== '') await rm(oldTsPath, { recursive: true, force: true }); // 12
    }
    return shouldWrite;
  }

  private async newTimestampDir(): Promise<string> {
    const now = new Date();
    const pad = (n: number): string => String(n).padStart(2, '0');
    const stamp = `..${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}.`;
    for (;;) {
      const dir = path.join(this.targetDir, stamp + randomBytes(6).readUIntBE(0, 6).toString().padStart(15, '0'));
      try {
        await mkdir(dir, { mode: 0o755 });
        await chmod(dir, 0o755);
        return dir;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }

  private async createUserVisibleFiles(payload: Payload): Promise<void> {
    const topLevel = new Set([...payload.keys()].map((p) => p.split('/')[0]!));
    for (const name of topLevel) {
      const visible = path.join(this.targetDir, name);
      try {
        await lstat(visible);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await symlink(path.join(DATA_DIR, name), visible);
      }
    }
  }

  /** Removes the top-level symlinks of removed paths (nested paths vanish with their directory). */
  private async removeUserVisiblePaths(paths: ReadonlySet<string>): Promise<void> {
    for (const p of paths) {
      if (!p.includes('/')) await rm(path.join(this.targetDir, p), { force: true });
    }
  }
}

/** upstream validatePayload/validatePath, returning the payload under cleaned paths. */
export function validatePayload(payload: Payload): Map<string, FileProjection> {
  const clean = new Map<string, FileProjection>();
  for (const [target, content] of payload) {
    validatePath(target);
    clean.set(path.posix.normalize(target).replace(/\/+$/, ''), content);
  }
  return clean;
}

function validatePath(target: string): void {
  if (target === '') throw new Error(`invalid path: must not be empty: ""`);
  if (target.startsWith('/')) throw new Error(`invalid path: must be relative path: ${target}`);
  if (target.length > MAX_PATH_LENGTH) throw new Error(`invalid path: must be less than or equal to ${MAX_PATH_LENGTH} characters`);
  const items = target.split('/');
  for (const item of items) {
    if (item === '..') throw new Error(`invalid path: must not contain '..': ${target}`);
    if (item.length > MAX_FILE_NAME_LENGTH) throw new Error(`invalid path: filenames must be less than or equal to ${MAX_FILE_NAME_LENGTH} characters`);
  }
  const first = items[0]!;
  if (first.startsWith('..') && first.length > 2) throw new Error(`invalid path: must not start with '..': ${target}`);
}

async function readlinkOrEmpty(link: string): Promise<string> {
  try {
    return await readlink(link);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Relative paths (files and directories) under `oldTsDir` that `payload` does not have. */
async function pathsToRemove(payload: Payload, oldTsDir: string): Promise<Set<string>> {
  const old = (await readdir(oldTsDir, { recursive: true })).map((p) => p.split(path.sep).join('/'));
  const keep = new Set<string>();
  for (const file of payload.keys()) {
    for (let sub = file; sub !== '' && sub !== '.'; sub = path.posix.dirname(sub)) keep.add(sub);
  }
  return new Set(old.filter((p) => !keep.has(p)));
}

/** Whether any payload file is missing from `oldTsDir` or differs in content or mode. */
async function payloadDiffers(payload: Payload, oldTsDir: string): Promise<boolean> {
  for (const [file, content] of payload) {
    const full = path.join(oldTsDir, file);
    try {
      const info = await stat(full);
      if (!info.isFile() || (info.mode & 0o7777) !== content.mode) return true;
      if (!(await readFile(full)).equals(content.data)) return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
  }
  return false;
}

async function writePayloadToDir(payload: Payload, dir: string): Promise<void> {
  for (const [file, content] of payload) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content.data, { mode: content.mode });
    await chmod(full, content.mode); // writeFile's mode is subject to umask
  }
}
