/**
 * Images for the process runtime. Nothing is pulled: an image named busybox (`busybox`,
 * `busybox:1.36`, `docker.io/library/busybox@sha256:…`) runs on a root filesystem built once per
 * root dir from the host's static busybox (every applet as a symlink in /bin, /etc/passwd, group,
 * hosts, resolv.conf, device nodes in /dev); any other image runs the host's own files (its
 * command must exist on the host; no chroot).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

/** True for the images whose commands resolve to busybox applets. */
export function isBusyboxImage(image: string): boolean {
  let name = image.trim();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'library/']) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  return name === 'busybox';
}

/** busybox's image config: `CMD ["sh"]`, no entrypoint. */
export const BUSYBOX_DEFAULT_COMMAND = ['sh'];

const DEVICES: [string, number, number][] = [
  ['null', 1, 3], ['zero', 1, 5], ['full', 1, 7], ['random', 1, 8], ['urandom', 1, 9], ['tty', 5, 0],
];

/**
 * Returns `<rootDir>/rootfs/busybox`, building it first when missing. Built in a temporary
 * directory and renamed into place, so a crash never leaves half a root filesystem. Synchronous:
 * it runs once per root dir (about 400 symlinks, one `busybox --list`, one `mknod` run).
 */
export function ensureBusyboxRootfs(rootDir: string, busybox: string, withDevices: boolean): string {
  const target = join(rootDir, 'rootfs', 'busybox');
  if (existsSync(join(target, 'bin', 'busybox'))) return target;
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'home', 'var', 'run']) {
    mkdirSync(join(tmp, d), { recursive: true });
  }
  chmodSync(join(tmp, 'tmp'), 0o1777);
  copyFileSync(busybox, join(tmp, 'bin', 'busybox'));
  chmodSync(join(tmp, 'bin', 'busybox'), 0o755);
  const list = spawnSync(busybox, ['--list'], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`${busybox} --list failed: ${list.stderr}`);
  for (const applet of list.stdout.split('\n').map((s) => s.trim())) {
    if (applet === '' || applet === 'busybox' || applet.includes('/')) continue;
    symlinkSync('busybox', join(tmp, 'bin', applet));
  }
  writeFileSync(join(tmp, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  writeFileSync(join(tmp, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
  // Pod networking is the host's: its hosts and resolver configuration apply.
  writeFileSync(join(tmp, 'etc', 'hosts'), readOr('/etc/hosts', '127.0.0.1\tlocalhost\n::1\tlocalhost\n'));
  writeFileSync(join(tmp, 'etc', 'resolv.conf'), readOr('/etc/resolv.conf', ''));
  if (withDevices) {
    const script = DEVICES.map(([n, major, minor]) => `${busybox} mknod -m 666 '${join(tmp, 'dev', n).replaceAll("'", "'\\''")}' c ${major} ${minor}`).join(' && ');
    const r = spawnSync(busybox, ['sh', '-c', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`creating device nodes failed: ${r.stderr}`);
  }
  try {
    renameSync(tmp, target);
  } catch (err) {
    // Another process built it first.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'busybox'))) throw err;
  }
  return target;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}
