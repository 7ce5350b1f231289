/**
 * Test support: an ExecRunner whose "containers" are names and whose commands run as host
 * processes (each in its own process group, killed with it on timeout). Records every command.
 */
import { spawn } from 'node:child_process';
import { NotFoundError } from '../../util/errors.js';
import type { ExecSyncResult } from '../runtime/runtime.js';
import type { ExecRunner } from './exec-probe.js';

export class HostExecRunner implements ExecRunner {
  /** Every execSync call, in order. */
  readonly calls: { containerId: string; cmd: string[]; timeoutMs: number }[] = [];
  private readonly running = new Set<number>();

  constructor(private readonly containers: ReadonlySet<string>) {}

  execSync(containerId: string, cmd: string[], timeoutMs: number): Promise<ExecSyncResult> {
    this.calls.push({ containerId, cmd, timeoutMs });
    if (!this.containers.has(containerId)) return Promise.reject(new NotFoundError(`container "${containerId}" not found`));
    return new Promise((resolve, reject) => {
      const child = spawn(cmd[0]!, cmd.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      const pid = child.pid;
      if (pid !== undefined) this.running.add(pid);
      const timer = timeoutMs > 0
        ? setTimeout(() => {
          timedOut = true;
          if (pid !== undefined) process.kill(-pid, 'SIGKILL');
        }, timeoutMs)
        : undefined;
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (pid !== undefined) this.running.delete(pid);
        const exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
        resolve({ exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), timedOut });
      });
    });
  }

  /** Commands still running (a test asserts none are left). */
  runningCount(): number {
    return this.running.size;
  }
}
