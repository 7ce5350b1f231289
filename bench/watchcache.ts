/**
 * `npm run bench -- watchcache`: what 1,000 watchers cost the writers when they are served by the
 * API server's watch cache (one store watch fanned out), on the sqlite store, and how fast an
 * event reaches its watchers: once with kubelet-like watchers that each pin one node (indexed by
 * spec.nodeName), once with watchers of everything (every write is delivered 1,000 times).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchCache } from '../src/apiserver/watchcache/watch-cache.js';
import type { CacheCodec } from '../src/apiserver/watchcache/types.js';
import type { Backend } from '../src/storage/backend.js';
import { openBackend } from '../src/storage/open-backend.js';
import { createLogger } from '../src/util/logging.js';
import { markdownTable, percentile, progress, throughput } from './measure.js';

const WATCHERS = 1000;
const PHASE_MS = Number(process.env['KTS_BENCH_PHASE_MS'] ?? 2000);
const LATENCY_WRITES = 200;

interface PodLike {
  metadata: { name: string; namespace: string; labels: Record<string, string>; resourceVersion?: string };
  spec: { containers: { name: string; image: string }[]; nodeName: string };
}

const codec: CacheCodec<PodLike> = {
  decode: (_key, value, revision) => {
    const pod = JSON.parse(Buffer.from(value).toString()) as PodLike;
    pod.metadata.resourceVersion = String(revision);
    return pod;
  },
  withRevision: (pod, revision) => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: String(revision) } }),
  labels: (pod) => pod.metadata.labels,
  fields: (pod) => ({ 'metadata.name': pod.metadata.name, 'spec.nodeName': pod.spec.nodeName }),
};

const podBytes = (name: string, nodeName: string): Uint8Array =>
  new TextEncoder().encode(
    JSON.stringify({
      metadata: { name, namespace: 'bench', labels: { app: 'web', tier: 'frontend' } },
      spec: { containers: [{ name: 'web', image: 'busybox:1.36' }], nodeName },
    }),
  );

interface Scenario {
  name: string;
  /** The node a watcher pins with its field selector, or undefined for a watcher of everything. */
  node(i: number): string | undefined;
}

const SCENARIOS: Scenario[] = [
  { name: `${WATCHERS} watchers, one per node (kubelet-like, spec.nodeName=…)`, node: (i) => `node-${i}` },
  { name: `${WATCHERS} watchers of every pod`, node: () => undefined },
];

interface Result {
  scenario: string;
  creates: number;
  delivered: number;
  p50: number;
  p99: number;
}

export async function runWatchCacheBenchmark(): Promise<void> {
  const logger = createLogger('bench');
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-watchcache-'));
  const backend = await openBackend(`sqlite://${join(dir, 'bench.db')}`, { logger });
  const cache = new WatchCache<PodLike>({
    backend,
    prefix: '/registry/pods/',
    codec,
    logger,
    capacity: 100_000,
    maxQueuedPerWatcher: 10_000_000,
    triggerField: 'spec.nodeName',
  });
  let n = 0;
  const create = (): Promise<unknown> => {
    const name = `pod-${n}`;
    return backend.create(`/registry/pods/bench/${name}`, podBytes(name, `node-${n++ % WATCHERS}`));
  };
  try {
    await cache.waitUntilReady();
    progress('creates with 64 writers, no watchers');
    const bare = await throughput(64, PHASE_MS, create);
    const results: Result[] = [];
    for (const scenario of SCENARIOS) results.push(await measureScenario(scenario, cache, backend, create));
    process.stdout.write(`\nWatch cache fan-out on sqlite (${PHASE_MS} ms phases, pod-like objects, ${new Date().toISOString().slice(0, 10)})\n\n`);
    const ops = (x: number): string => Math.round(x).toLocaleString('en-US');
    process.stdout.write(
      `${markdownTable(
        ['watchers', 'creates/s ×64', 'vs no watchers', 'events delivered/s', 'delivery p50 (ms)', 'delivery p99 (ms)'],
        [
          ['none', ops(bare), '1.00×', '-', '-', '-'],
          ...results.map((r) => [r.scenario, ops(r.creates), `${(r.creates / bare).toFixed(2)}×`, ops(r.delivered), r.p50.toFixed(2), r.p99.toFixed(2)]),
        ],
      )}\n`,
    );
  } finally {
    await cache.dispose();
    await backend.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureScenario(scenario: Scenario, cache: WatchCache<PodLike>, backend: Backend, create: () => Promise<unknown>): Promise<Result> {
  progress(`${scenario.name}: starting watchers`);
  const issued = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  const start = await backend.currentRevision();
  const watchers = await Promise.all(
    Array.from({ length: WATCHERS }, (_, i) => {
      const node = scenario.node(i);
      return cache.watch(
        { from: 'revision', revision: start },
        { filter: (o) => node === undefined || o.fields['spec.nodeName'] === node, bookmarks: false, trigger: node },
      );
    }),
  );
  const consumers = watchers.map(async (watcher) => {
    for await (const batch of watcher) {
      const now = performance.now();
      for (const output of batch) {
        delivered++;
        const sent = output.type === 'ADDED' ? issued.get(output.object.key) : undefined;
        if (sent !== undefined) latencies.push(now - sent);
      }
    }
  });
  progress(`${scenario.name}: creates with 64 writers`);
  const deliveredBefore = delivered;
  const creates = await throughput(64, PHASE_MS, create);
  const deliveredRate = ((delivered - deliveredBefore) / PHASE_MS) * 1000;
  await cache.list({ kind: 'latest' }, () => true);
  progress(`${scenario.name}: delivery latency over ${LATENCY_WRITES} sequential writes`);
  const expected = scenario.node(0) === undefined ? WATCHERS : 1;
  for (let i = 0; i < LATENCY_WRITES; i++) {
    const name = `latency-${scenario.node(0) ?? 'all'}-${i}`;
    const key = `/registry/pods/bench/${name}`;
    issued.set(key, performance.now());
    await backend.create(key, podBytes(name, `node-${i % WATCHERS}`));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < LATENCY_WRITES * expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const watcher of watchers) watcher.close();
  await Promise.all(consumers);
  return { scenario: scenario.name, creates, delivered: deliveredRate, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
