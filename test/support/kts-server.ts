import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KtsProcess } from './kts-process.js';
import { freePorts } from './ports.js';

/** A `kts server` on a free loopback port with a throwaway data dir, for integration tests. */
export class KtsServer {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kts-server-'));
  private process: KtsProcess | undefined;
  port = 0;

  /** Starts the server and waits until it is ready (`extraArgs` e.g. `--datastore-endpoint memory://`). */
  async start(extraArgs: string[] = []): Promise<void> {
    [this.port] = (await freePorts(1)) as [number];
    this.process = new KtsProcess(['server', '--data-dir', this.dataDir, '--port', String(this.port), ...extraArgs]);
    await this.process.waitForLog(/"msg":"kts server ready/);
  }

  get kubeconfig(): string {
    return join(this.dataDir, 'kubeconfig');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.process?.stderr ?? '';
  }

  /** Stops the server (SIGTERM) and removes its data dir; returns its exit code. */
  async stop(): Promise<number | null> {
    const result = await this.process?.stop('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
    return result?.code ?? null;
  }
}
