/**
 * A throwaway single-member etcd (Debian's /usr/bin/etcd) for tests and benchmarks: loopback ports
 * picked at random, a temporary data dir, and cleanup guaranteed — `stop()` removes both the
 * process and the data dir, and if the test process exits first an exit hook kills etcd and
 * removes the dir synchronously (also on SIGINT/SIGTERM/SIGHUP, which skip exit hooks; the signal
 * is then re-raised so the process still dies of it).
 *
 * Outages: `pause()`/`resume()` freeze the process (SIGSTOP/SIGCONT: connections stay open and
 * calls hang until their deadline); `kill()`/`restart()` SIGKILL it and start it again on the same
 * ports and data (connections are refused in between; data written before the kill survives).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports.js';

export const ETCD_BINARY = '/usr/bin/etcd';

/**
 * Why etcd tests cannot run here, if they cannot: etcd is not installed. Under CI (`CI=true`)
 * nothing is skipped, so a missing etcd fails loudly instead of passing quietly.
 */
export function etcdSkipReason(): string | undefined {
  if (process.env['CI'] === 'true' || existsSync(ETCD_BINARY)) return undefined;
  return `${ETCD_BINARY} is not installed (apt-get install etcd-server); .ci/run installs it`;
}
const READY_TIMEOUT_MS = 20_000;
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface EtcdServer {
  /** The kts datastore endpoint, `etcd://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** etcd's client URL, `http://127.0.0.1:<port>`. */
  readonly clientUrl: string;
  readonly dataDir: string;
  /** Stops etcd (SIGTERM, then waits for exit) and removes its data dir. Idempotent. */
  stop(): Promise<void>;
  /** Freezes the process (SIGSTOP). */
  pause(): void;
  /** Unfreezes the process (SIGCONT). */
  resume(): void;
  /** Kills the process (SIGKILL) and waits for it to exit; the data dir is kept. */
  kill(): Promise<void>;
  /** Starts etcd again on the same ports and data dir, once it has been killed; resolves when it answers. */
  restart(): Promise<void>;
}

/** Starts etcd and resolves once it reports healthy. */
export async function startEtcd(): Promise<EtcdServer> {
  if (!existsSync(ETCD_BINARY)) throw new Error(`${ETCD_BINARY} is not installed: apt-get install etcd-server`);
  const [clientPort, peerPort] = await freePorts(2);
  const dataDir = await mkdtemp(join(tmpdir(), 'kts-etcd-'));
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'default',
    '--data-dir', dataDir,
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `default=${peerUrl}`,
    '--logger', 'zap',
    '--log-outputs', 'stderr',
    '--log-level', 'error',
  ];

  let child: ChildProcess | undefined;
  let stopped = false;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    killOnExit();
    unregister();
    process.kill(process.pid, signal);
  };
  const unregister = (): void => {
    process.off('exit', killOnExit);
    for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', killOnExit);
  for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);

  const launch = async (): Promise<void> => {
    const proc = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    await waitHealthy(clientUrl, proc, () => stderr);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGKILL');
    await exited;
  };

  const server: EtcdServer = {
    endpoint: `etcd://127.0.0.1:${clientPort}`,
    clientUrl,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const exited = once(proc, 'exit');
        proc.kill('SIGCONT'); // a paused etcd cannot handle SIGTERM
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
      unregister();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    kill,
    async restart() {
      if (stopped) throw new Error('etcd was stopped; start a new one');
      await kill();
      await launch();
    },
  };

  try {
    await launch();
  } catch (err) {
    await kill();
    await server.stop();
    throw err;
  }
  return server;
}

/** Ports that were free a moment ago (listen on port 0, note the port, close). */
/** Polls etcd's /health until it answers healthy; fails if the process exits or it takes too long. */
async function waitHealthy(clientUrl: string, proc: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`etcd exited (${proc.exitCode ?? proc.signalCode}) before becoming ready:\n${stderr()}`);
    }
    if (await isHealthy(clientUrl)) return;
    if (Date.now() > deadline) throw new Error(`etcd at ${clientUrl} not healthy after ${READY_TIMEOUT_MS} ms:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One GET /health on a fresh connection (no keep-alive, so no socket outlives the check). */
function isHealthy(clientUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${clientUrl}/health`, { agent: false, timeout: 1_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('"true"')));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
