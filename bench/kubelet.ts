/**
 * `npm run bench -- kubelet`: pod start latency on the process runtime, side by side in one run
 * with the runtime alone and with a bare spawn of the same command:
 * - kts: a bound pod POSTed to a `kts server` (sqlite store, local agent) → the watch event that
 *   shows its container running (API write, informer, pod worker, runtime, status write, watch);
 * - runtime: runPodSandbox + createContainer + startContainer on a ProcessRuntime in this process;
 * - bare spawn: `busybox sleep 3600` spawned by Node until its 'spawn' event.
 * Pods start one after another (latency, not throughput). Then the `kts sim` rows (RSS and API
 * write rate at 1,000 and 5,000 simulated nodes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerConfig, sandboxConfig } from '../src/kubelet/runtime/harness.js';
import { ProcessRuntime } from '../src/kubelet/runtime/process/process-runtime.js';
import { KtsProcess } from '../test/support/kts-process.js';
import { freePorts } from '../test/support/ports.js';
import { call, closeClient, expectStatus } from './http-client.js';
import { runKubeletSimBenchmark } from './kubelet-sim.js';
import { markdownTable, percentile, progress } from './measure.js';

const PODS = Number(process.env['KTS_BENCH_PODS'] ?? 100);
const NODE = 'bench-node';
const COMMAND = ['sleep', '3600'];

interface Latencies {
  name: string;
  samples: number[];
}

/** Watches pods and resolves, per pod name, when its first container is first seen running. */
function watchRunning(port: number): { runningAt: (name: string) => Promise<number>; stop: () => void } {
  const seen = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const req = request({ host: '127.0.0.1', port, path: '/api/v1/namespaces/default/pods?watch=true', agent: false });
  req.on('response', (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const event = JSON.parse(line) as { object: { metadata: { name: string }; status?: { containerStatuses?: { state?: { running?: unknown } }[] } } };
        const name = event.object.metadata.name;
        if (seen.has(name) || event.object.status?.containerStatuses?.[0]?.state?.running === undefined) continue;
        seen.set(name, at);
        waiters.get(name)?.(at);
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    runningAt: (name) => {
      const at = seen.get(name);
      return at !== undefined ? Promise.resolve(at) : new Promise((resolve) => waiters.set(name, resolve));
    },
    stop: () => req.destroy(),
  };
}

const podBody = (name: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: NODE, terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'busybox:1.36', command: COMMAND }] },
  });

async function measureKts(dir: string): Promise<Latencies> {
  const [port] = (await freePorts(1)) as [number];
  const server = new KtsProcess(['server', '--data-dir', join(dir, 'kts'), '--port', String(port), '--kubelet-port', '0', '--node-name', NODE, '--runtime', process.env['KTS_BENCH_RUNTIME'] ?? 'process']);
  try {
    await server.waitForLog(/"msg":"kts server ready/);
    const watch = watchRunning(port);
    const samples: number[] = [];
    // One warm-up pod (builds the busybox root filesystem), not counted.
    for (let i = -1; i < PODS; i++) {
      const name = i < 0 ? 'warm-up' : `pod-${i}`;
      const started = performance.now();
      await expectStatus(port, 'POST', '/api/v1/namespaces/default/pods', 201, podBody(name));
      const running = await watch.runningAt(name);
      if (i >= 0) samples.push(running - started);
      if (i % 25 === 24) progress(`kts: ${i + 1}/${PODS} pods running`);
    }
    watch.stop();
    progress('kts: deleting the pods');
    await call(port, 'DELETE', '/api/v1/namespaces/default/pods');
    for (let left = 1; left > 0; ) {
      const list = JSON.parse((await call(port, 'GET', '/api/v1/namespaces/default/pods')).text) as { items: unknown[] };
      left = list.items.length;
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { name: 'kts: create bound pod → Running (API, kubelet, process runtime)', samples };
  } finally {
    closeClient();
    await server.stop('SIGTERM');
  }
}

async function measureRuntime(dir: string): Promise<Latencies> {
  const root = join(dir, 'runtime');
  const runtime = new ProcessRuntime({ rootDir: root, nodeIP: '127.0.0.1' });
  await runtime.recover();
  const samples: number[] = [];
  try {
    for (let i = -1; i < PODS; i++) {
      const config = sandboxConfig(root, `p${i + 1}`);
      const started = performance.now();
      const sandbox = await runtime.runPodSandbox(config);
      const id = await runtime.createContainer(sandbox, containerConfig(config, 'app', COMMAND));
      await runtime.startContainer(id);
      if (i >= 0) samples.push(performance.now() - started);
    }
  } finally {
    for (const s of await runtime.listPodSandboxes()) await runtime.removePodSandbox(s.id);
    runtime.dispose();
  }
  return { name: `process runtime alone: sandbox + create + start (${runtime.isolation ? 'namespaces, cgroups, chroot' : 'unprivileged'})`, samples };
}

async function measureBareSpawn(): Promise<Latencies> {
  const samples: number[] = [];
  for (let i = 0; i < PODS; i++) {
    const started = performance.now();
    const child = spawn('/bin/busybox', COMMAND, { stdio: 'ignore' });
    await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
    samples.push(performance.now() - started);
    child.kill('SIGKILL');
  }
  return { name: `bare spawn: busybox ${COMMAND.join(' ')}`, samples };
}

export async function runKubeletBenchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-kubelet-'));
  try {
    progress(`pod start latency: ${PODS} pods, one after another`);
    const rows = [await measureKts(dir), await measureRuntime(dir), await measureBareSpawn()];
    const bare = percentile(rows[2]!.samples, 99);
    console.log(`\n## Pod start latency (${PODS} pods, ms)\n`);
    console.log(
      markdownTable(
        ['what', 'p50', 'p99', 'p99 / bare spawn p99'],
        rows.map((r) => [r.name, percentile(r.samples, 50).toFixed(1), percentile(r.samples, 99).toFixed(1), (percentile(r.samples, 99) / bare).toFixed(1)]),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await runKubeletSimBenchmark();
}
