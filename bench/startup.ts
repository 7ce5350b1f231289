/**
 * `npm run bench -- startup`: how fast `kts server` (sqlite store, local agent on the process
 * runtime, scheduler and controller manager) is usable, and what it costs at rest:
 * - start → API answers /readyz, → the node is Ready, → the `default` ServiceAccount exists
 *   (what a user needs before `kubectl create deployment` works), for a fresh data dir (cold) and
 *   for a restart on the same data dir (warm); `node -e ''` start to exit beside it, the floor any
 *   Node program pays;
 * - on the warm server: a Deployment of 3 busybox replicas POSTed → all 3 pods Running (the
 *   deployment and ReplicaSet controllers, the scheduler and the kubelet, the "three
 *   Running pods within a second");
 * - resident memory (VmRSS) of the server process after it has idled for KTS_BENCH_IDLE_MS
 *   (default 60 s; the target is measured with the default).
 * Time is taken from the spawn to the first poll (every 5 ms) that sees the state.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KtsProcess } from '../test/support/kts-process.js';
import { freePorts } from '../test/support/ports.js';
import { call, closeClient } from './http-client.js';
import { markdownTable, percentile, progress } from './measure.js';

const STARTS = Number(process.env['KTS_BENCH_STARTS'] ?? 5);
const IDLE_MS = Number(process.env['KTS_BENCH_IDLE_MS'] ?? 60_000);
const NODE = 'bench-node';
const POLL_MS = 5;

interface Milestones {
  apiReady: number;
  nodeReady: number;
  serviceAccount: number;
}

/** Polls `check` every POLL_MS until it answers true; the time since `started` at that moment. */
async function reached(started: number, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function nodeIsReady(port: number): Promise<boolean> {
  const answer = await call(port, 'GET', `/api/v1/nodes/${NODE}`);
  if (answer.status !== 200) return false;
  const node = JSON.parse(answer.text) as { status?: { conditions?: { type: string; status: string }[] } };
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

const DEPLOYMENT = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
  },
});

interface PodList {
  items: { status?: { containerStatuses?: { state?: { running?: unknown } }[] } }[];
}

async function podsOf(port: number): Promise<PodList['items']> {
  return (JSON.parse((await call(port, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).text) as PodList).items;
}

/**
 * POSTs the Deployment; ms until its 3 pods run. Then deletes it and waits until its pods are
 * gone. The pods keep the default grace period: the kubelet then stops their processes before it
 * lets the pod go from the API (with grace 0 the API drops the pod first and the kubelet cleans up
 * afterwards, which stopping the server at once would cut short).
 */
async function deploymentRunning(port: number): Promise<number> {
  const started = performance.now();
  const created = await call(port, 'POST', '/apis/apps/v1/namespaces/default/deployments', DEPLOYMENT);
  if (created.status !== 201) throw new Error(`creating the deployment answered ${created.status}: ${created.text.slice(0, 300)}`);
  const ms = await reached(started, async () => (await podsOf(port)).filter((p) => p.status?.containerStatuses?.[0]?.state?.running !== undefined).length === 3);
  await call(port, 'DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
  await reached(performance.now(), async () => (await podsOf(port)).length === 0);
  return ms;
}

function startServer(dataDir: string, port: number): KtsProcess {
  return new KtsProcess(['server', '--data-dir', dataDir, '--port', String(port), '--kubelet-port', '0', '--node-name', NODE]);
}

/** One start of `kts server` on `dataDir`, measured to each milestone; the server is left running. */
async function measureStart(dataDir: string, port: number): Promise<{ server: KtsProcess; times: Milestones }> {
  const started = performance.now();
  const server = startServer(dataDir, port);
  try {
    const apiReady = await reached(started, async () => (await call(port, 'GET', '/readyz')).status === 200);
    const nodeReady = await reached(started, () => nodeIsReady(port));
    const serviceAccount = await reached(started, async () => (await call(port, 'GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200);
    return { server, times: { apiReady, nodeReady, serviceAccount } };
  } catch (err) {
    await server.stop('SIGTERM');
    throw err;
  }
}

async function nodeFloor(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve, reject) => child.once('exit', resolve).once('error', reject));
  return performance.now() - started;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

const ms = (v: number): string => v.toFixed(0);

export async function runStartupBenchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-startup-'));
  const [port] = (await freePorts(1)) as [number];
  const cold: Milestones[] = [];
  const warm: Milestones[] = [];
  const floor: number[] = [];
  const deployments: number[] = [];
  let idleRss = Number.NaN;
  try {
    for (let i = 0; i < STARTS; i++) {
      floor.push(await nodeFloor());
      const dataDir = join(dir, `run-${i}`);
      const first = await measureStart(dataDir, port);
      cold.push(first.times);
      await first.server.stop('SIGTERM');
      const second = await measureStart(dataDir, port);
      warm.push(second.times);
      deployments.push(await deploymentRunning(port));
      if (i < STARTS - 1) await second.server.stop('SIGTERM');
      else {
        progress(`startup: ${i + 1}/${STARTS} starts; idling ${IDLE_MS / 1000} s for the memory reading`);
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        idleRss = rssMiB(second.server.pid);
        await second.server.stop('SIGTERM');
        continue;
      }
      progress(`startup: ${i + 1}/${STARTS} starts`);
    }
  } finally {
    closeClient();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (name: string, samples: number[]): string[] => [name, ms(percentile(samples, 50)), ms(Math.max(...samples))];
  const rows = [
    row('`node -e ""` start to exit (floor)', floor),
    row('cold start → API ready', cold.map((t) => t.apiReady)),
    row('cold start → node Ready', cold.map((t) => t.nodeReady)),
    row('cold start → default ServiceAccount', cold.map((t) => t.serviceAccount)),
    row('warm restart → API ready', warm.map((t) => t.apiReady)),
    row('warm restart → node Ready', warm.map((t) => t.nodeReady)),
    row('warm restart → default ServiceAccount', warm.map((t) => t.serviceAccount)),
    row('Deployment of 3 busybox replicas → 3 pods Running', deployments),
  ];
  process.stdout.write(`\nkts server startup, ${STARTS} starts each (ms; target: node Ready < 1000)\n\n`);
  process.stdout.write(`${markdownTable(['what', 'p50', 'max'], rows)}\n`);
  process.stdout.write(`\nidle RSS of kts server with its local agent after ${IDLE_MS / 1000} s: ${idleRss.toFixed(1)} MiB (target < 150 MB)\n`);
}
