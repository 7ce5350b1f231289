import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `kts` entry point of this checkout (runs the compiled dist/). */
export const KTS_BIN = fileURLToPath(new URL('../../../bin/kts.js', import.meta.url));

export interface KtsResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `kts <args>` to completion. */
export function runKts(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<KtsResult> {
  const child = spawn(process.execPath, [KTS_BIN, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return collect(child).finally(() => clearTimeout(timer));
}

/** A `kts` process left running, e.g. `kts server`. */
export class KtsProcess {
  private stderrText = '';
  private readonly exited: Promise<KtsResult>;
  private readonly child: ChildProcess;

  constructor(args: string[], options: { cwd?: string } = {}) {
    this.child = spawn(process.execPath, [KTS_BIN, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.exited = collect(this.child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Resolves once stderr (the log) matches `pattern`; rejects on exit or after `timeoutMs`. */
  async waitForLog(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderrText)) {
      if (this.child.exitCode !== null) throw new Error(`kts exited (${this.child.exitCode}) before logging ${pattern}:\n${this.stderrText}`);
      if (Date.now() > deadline) throw new Error(`kts did not log ${pattern} within ${timeoutMs} ms:\n${this.stderrText}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<KtsResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

function collect(child: ChildProcess): Promise<KtsResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
