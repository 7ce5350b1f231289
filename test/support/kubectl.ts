import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';

/** Why kubectl tests cannot run here, if they cannot (never skipped under CI=true). */
export function kubectlSkipReason(): string | undefined {
  if (process.env['CI'] === 'true' || existsSync(KUBECTL)) return undefined;
  return `${KUBECTL} is not installed`;
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real kubectl against one cluster, with its own kubeconfig and a fresh discovery cache
 * (never the user's ~/.kube). `dispose` removes the cache.
 */
export class Kubectl {
  private readonly cacheDir = mkdtempSync(join(tmpdir(), 'kts-kubectl-cache-'));

  constructor(private readonly kubeconfig: string) {}

  /** Starts kubectl without waiting (e.g. `get -w`); the caller kills it. */
  start(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
    return spawn(KUBECTL, ['--cache-dir', this.cacheDir, ...args], {
      env: { ...process.env, KUBECONFIG: this.kubeconfig, HOME: this.cacheDir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  run(args: string[], options: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<KubectlResult> {
    const child = this.start(args, options.env);
    // kubectl may exit before reading its input (e.g. an argument error): EPIPE is not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Runs kubectl and requires success with nothing on stderr (no error, no warning). */
  async ok(args: string[], options?: { stdin?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0 || result.stderr !== '') {
      throw new Error(`kubectl ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    }
    return result.stdout;
  }

  dispose(): void {
    rmSync(this.cacheDir, { recursive: true, force: true });
  }
}
