import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorMessage, ServiceUnavailableError } from '../util/errors.js';
import type { Disposable } from '../util/lifecycle.js';

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

/**
 * Makes this process the only kts server using `dataDir`: creates `<dataDir>/kts.lock` exclusively
 * and records who holds it. A lock left by a process that no longer runs is taken over; one held
 * by a live process is refused with an error naming it. Disposing removes the lock.
 */
export function lockDataDir(dataDir: string): Disposable {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'kts.lock');
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), command: process.argv.join(' ') };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      return { dispose: () => releaseIfOwned(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const owner = readOwner(path);
    if (owner && isRunning(owner)) {
      throw new ServiceUnavailableError(
        `data dir ${dataDir} is in use by another kts server: pid ${owner.pid} on ${owner.hostname}, started ${owner.startedAt} (${owner.command}); stop it or choose another --data-dir`,
      );
    }
    unlinkSync(path); // stale: its owner is gone
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

/** Whether the lock's owner still runs (same host, pid alive and still a node/kts process). */
function isRunning(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true; // cannot check another host: assume it runs
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Guard against pid reuse by an unrelated program.
    return /node|kts/.test(readFileSync(`/proc/${owner.pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

function releaseIfOwned(path: string): void {
  try {
    if (readOwner(path)?.pid === process.pid) unlinkSync(path);
  } catch (err) {
    process.emitWarning(`could not remove ${path}: ${errorMessage(err)}`);
  }
}
