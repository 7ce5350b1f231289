/**
 * Runs one exec session's process (already wrapped to enter the container) with the caller's
 * streams. The process gets its own process group, so a timeout or an abort kills the command
 * inside the pod too, not only the `nsenter` that waits for it. The caller's writables are never
 * ended (they may be channels of a longer-lived connection); stdin is piped until it ends.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { StreamingIO } from '../runtime.js';

export interface ExecProcessSpec {
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** Resolves to the exit code (128 + n when killed by signal n). */
export function runExecProcess(spec: ExecProcessSpec, io: StreamingIO, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = spec.argv;
    if (file === undefined) {
      reject(new Error('empty exec command'));
      return;
    }
    const child = spawn(file, args, {
      env: spec.env,
      cwd: spec.cwd,
      detached: true,
      stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'ignore', io.stderr || io.tty ? 'pipe' : 'ignore'],
    });
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const onAbort = (): void => killGroup();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) killGroup();

    if (io.stdin && child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE once the command stops reading
      io.stdin.pipe(child.stdin);
    }
    child.stdout?.on('data', (chunk: Buffer) => io.stdout?.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => (io.tty ? io.stdout : io.stderr)?.write(chunk));
    child.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (io.stdin && child.stdin) io.stdin.unpipe(child.stdin);
      resolve(code ?? 128 + (sig ? constants.signals[sig] : 0));
    });
  });
}
