import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KtsProcess } from './kts-process.js';
import { Kubectl } from './kubectl.js';
import { freePorts } from './ports.js';

/** A `kts server` on a free loopback port with a throwaway data dir, for integration tests. */
export class KtsServer {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kts-server-'));
  private process: KtsProcess | undefined;
  private agent = false;
  port = 0;

  /**
   * Starts the server and waits until it is ready (`extraArgs` e.g. `--datastore-endpoint memory://`).
   * Without `agent` the server runs no node agent; with it, its kubelet API listens on a free port.
   */
  async start(extraArgs: string[] = [], options: { agent?: boolean } = {}): Promise<void> {
    // A restart keeps the port, so clients (e.g. a `kts agent`) can reconnect.
    if (this.port === 0) [this.port] = (await freePorts(1)) as [number];
    this.agent = options.agent === true;
    const agentArgs = this.agent ? ['--kubelet-port', '0'] : ['--disable-agent'];
    this.process = new KtsProcess(['server', '--data-dir', this.dataDir, '--port', String(this.port), ...agentArgs, ...extraArgs]);
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

  /** Stops the server (SIGTERM) and keeps its data dir (for a restart); returns its exit code. */
  async halt(): Promise<number | null> {
    const result = await this.process?.stop('SIGTERM');
    this.process = undefined;
    return result?.code ?? null;
  }

  /**
   * Stops the server (SIGTERM) and removes its data dir; returns its exit code. Refuses to remove
   * a data dir with mounts left under it (a leak of the agent, and removing through a bind mount
   * would delete what it shows).
   */
  async stop(): Promise<number | null> {
    // Pods of an agent cluster run as processes: stop them (the kubelet kills them) first, even
    // when a test failed half-way. Their controllers go first, so none recreates a pod meanwhile.
    if (this.agent && this.process) {
      const kubectl = new Kubectl(this.kubeconfig);
      try {
        const workloads = 'deployments,replicasets,replicationcontrollers,statefulsets,daemonsets,jobs,cronjobs';
        await kubectl.run(['delete', workloads, '--all', '--all-namespaces', '--ignore-not-found', '--wait=true'], { timeoutMs: 60_000 });
        await kubectl.run(['delete', 'pods', '--all', '--all-namespaces', '--grace-period=1', '--wait=true'], { timeoutMs: 60_000 });
      } finally {
        kubectl.dispose();
      }
    }
    const code = await this.halt();
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((point) => point.startsWith(`${this.dataDir}/`));
    if (mounts.length > 0) throw new Error(`mounts left under ${this.dataDir}: ${mounts.join(', ')}`);
    rmSync(this.dataDir, { recursive: true, force: true });
    return code;
  }
}
