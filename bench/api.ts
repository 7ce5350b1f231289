/**
 * `npm run bench -- api`: the API server over HTTP, side by side in one run with
 * - the raw store (our sqlite and etcd backends called in-process, no HTTP, no API machinery), and
 * - a floor: a minimal Node HTTP server that only parses the body and inserts it into SQLite,
 * all loaded by the same keep-alive client in this process: pod creates/s and p99 latency with 1
 * and 64 concurrent clients, gets/s, on sqlite and on etcd; a list of 10,000 pods; watch fan-out
 * with 1,000 HTTP watchers (node-pinned under full write load, and broadcast); server RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBackend } from '../src/storage/open-backend.js';
import { createLogger } from '../src/util/logging.js';
import { startEtcd } from '../test/support/etcd-server.js';
import { KtsProcess } from '../test/support/kts-process.js';
import { freePorts } from '../test/support/ports.js';
import { openWatchers } from './api-watchers.js';
import { call, closeClient, expectStatus } from './http-client.js';
import { bestTime, markdownTable, percentile, progress, throughput } from './measure.js';
import { backendSubject } from './storage-subjects.js';

const PHASE_MS = Number(process.env['KTS_BENCH_PHASE_MS'] ?? 3000);
const LIST_OBJECTS = 10_000;
const WATCHERS = 1000;
const BROADCAST_WRITES = 50;

const configMap = (name: string): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'bench' } }, data: { 'config.yaml': 'x'.repeat(400) } });

/** A small bound pod, as a node agent's informer would see it. */
const pod = (name: string, node = 'node-0'): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  });

interface Row {
  subject: string;
  create1: number;
  create64: number;
  p99: number;
  gets: number;
}

/** Creates with 1 then 64 workers, then gets over what was created, via `create`/`get` by name. */
async function load(subject: string, create: (name: string) => Promise<unknown>, get: (name: string) => Promise<unknown>): Promise<Row> {
  const tag = subject.replace(/\W/g, '').toLowerCase().slice(0, 20);
  let n = 0;
  const latencies: number[] = [];
  const timedCreate = async (): Promise<void> => {
    const started = performance.now();
    await create(`${tag}-${n++}`);
    latencies.push(performance.now() - started);
  };
  progress(`${subject}: creates, 1 client`);
  const create1 = await throughput(1, PHASE_MS, timedCreate);
  latencies.length = 0;
  progress(`${subject}: creates, 64 clients`);
  const create64 = await throughput(64, PHASE_MS, timedCreate);
  const p99 = percentile(latencies, 99);
  progress(`${subject}: gets, 64 clients`);
  const total = n;
  const gets = await throughput(64, PHASE_MS, (w, i) => get(`${tag}-${(w * 997 + i) % total}`));
  return { subject, create1, create64, p99, gets };
}

function httpLoad(subject: string, port: number, collection: string, body: (name: string) => string = pod, withGets = true): Promise<Row> {
  return load(
    subject,
    (name) => expectStatus(port, 'POST', collection, 201, body(name)),
    withGets ? (name) => expectStatus(port, 'GET', `${collection}/${name}`, 200) : async () => undefined,
  );
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function createNamespace(port: number, name: string): Promise<void> {
  await expectStatus(port, 'POST', '/api/v1/namespaces', 201, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
}

/** 1,000 watchers each pinned to one node (field selector), under creates from 64 clients. */
async function pinnedFanOut(port: number): Promise<{ create64: number; p50: number; p99: number }> {
  await createNamespace(port, 'pinned');
  const rv = (JSON.parse((await expectStatus(port, 'GET', '/api/v1/namespaces/pinned/pods?limit=1', 200)).text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  progress(`opening ${WATCHERS} node-pinned watchers`);
  const watchers = await Promise.all(
    Array.from({ length: WATCHERS / 100 }, (_, batch) =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          openWatchers(port, `/api/v1/namespaces/pinned/pods?watch=1&resourceVersion=${rv}&fieldSelector=spec.nodeName%3Dnode-${batch * 100 + i}`, 1, /"name":"(pinned-\d+)"/),
        ),
      ),
    ),
  ).then((groups) => groups.flat());
  try {
    progress(`creates, 64 clients, ${WATCHERS} watchers open`);
    let n = 0;
    const create64 = await throughput(64, PHASE_MS, async () => {
      const i = n++;
      watchers[i % WATCHERS]!.sent(`pinned-${i}`);
      await expectStatus(port, 'POST', '/api/v1/namespaces/pinned/pods', 201, pod(`pinned-${i}`, `node-${i % WATCHERS}`));
    });
    await Promise.all(watchers.map((w) => w.drained(30_000)));
    const samples = watchers.flatMap((w) => w.samples);
    return { create64, p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    for (const w of watchers) w.close();
  }
}

/** 1,000 watchers on one namespace, each receiving every event; paced creates. */
async function broadcastFanOut(port: number): Promise<{ p50: number; p99: number }> {
  await createNamespace(port, 'broadcast');
  const rv = (JSON.parse((await expectStatus(port, 'GET', '/api/v1/namespaces/broadcast/pods?limit=1', 200)).text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  progress(`opening ${WATCHERS} watchers on one namespace`);
  const fan = await openWatchers(port, `/api/v1/namespaces/broadcast/pods?watch=1&resourceVersion=${rv}`, WATCHERS, /"name":"(wide-\d+)"/);
  try {
    progress(`${BROADCAST_WRITES} creates, 20 ms apart`);
    for (let i = 0; i < BROADCAST_WRITES; i++) {
      fan.sent(`wide-${i}`);
      await expectStatus(port, 'POST', '/api/v1/namespaces/broadcast/pods', 201, pod(`wide-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await fan.drained(60_000);
    const { p50, p99 } = fan.latency();
    return { p50, p99 };
  } finally {
    fan.close();
  }
}

export async function runApiBenchmark(): Promise<void> {
  const logger = createLogger('bench');
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-api-'));
  const [sqlitePort, etcdPort, floorPort] = (await freePorts(3)) as [number, number, number];
  progress('starting etcd, kts server on sqlite, kts server on etcd, and the floor server');
  const etcd = await startEtcd();
  const ktsSqlite = new KtsProcess(['server', '--disable-agent', '--data-dir', join(dir, 'kts-sqlite'), '--port', String(sqlitePort)]);
  const ktsEtcd = new KtsProcess(['server', '--disable-agent', '--data-dir', join(dir, 'kts-etcd'), '--port', String(etcdPort), '--datastore-endpoint', etcd.endpoint]);
  const floorScript = fileURLToPath(new URL('./floor-server.js', import.meta.url));
  const floor: ChildProcess = spawn(process.execPath, [floorScript, join(dir, 'floor.db'), String(floorPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stores = { sqlite: await openBackend(`sqlite://${join(dir, 'raw.db')}`, { logger }), etcd: await openBackend(etcd.endpoint, { logger }) };
  try {
    await Promise.all([ktsSqlite.waitForLog(/kts server ready/), ktsEtcd.waitForLog(/kts server ready/), new Promise<void>((resolve) => floor.stdout!.once('data', () => resolve()))]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = rssMiB(ktsSqlite.pid);

    const rows: Row[] = [];
    for (const [name, backend] of Object.entries(stores)) {
      const subject = backendSubject(name, backend);
      const value = Buffer.from(pod('x'));
      rows.push(await load(`${name} store in-process (raw)`, (n) => subject.create(`/raw/${n}`, value), (n) => subject.get(`/raw/${n}`)));
    }
    rows.push(await httpLoad('floor (HTTP + SQLite insert)', floorPort, '/', pod, false));
    const ktsSqliteRow = await httpLoad('kts server, sqlite', sqlitePort, '/api/v1/namespaces/default/pods');
    const ktsEtcdRow = await httpLoad('kts server, etcd', etcdPort, '/api/v1/namespaces/default/pods');
    rows.push(ktsSqliteRow, ktsEtcdRow, await httpLoad('kts server, sqlite, ConfigMaps', sqlitePort, '/api/v1/namespaces/default/configmaps', configMap));

    progress(`filling to ${LIST_OBJECTS} pods for the list`);
    await createNamespace(sqlitePort, 'listed');
    await Promise.all(
      Array.from({ length: 64 }, async (_, w) => {
        for (let i = w; i < LIST_OBJECTS; i += 64) await expectStatus(sqlitePort, 'POST', '/api/v1/namespaces/listed/pods', 201, pod(`item-${i}`));
      }),
    );
    let body = '';
    // Timed: the request until the last byte arrives; parsing it is the client's business.
    const listMs = await bestTime(3, async () => {
      body = (await call(sqlitePort, 'GET', '/api/v1/namespaces/listed/pods')).text;
    });
    const listed = (JSON.parse(body) as { items: unknown[] }).items.length;
    if (listed !== LIST_OBJECTS) throw new Error(`listed ${listed} pods, expected ${LIST_OBJECTS}`);
    const pinned = await pinnedFanOut(sqlitePort);
    const broadcast = await broadcastFanOut(sqlitePort);
    const loadedRss = rssMiB(ktsSqlite.pid);

    const ops = (x: number): string => (Number.isNaN(x) ? '-' : Math.round(x).toLocaleString('en-US'));
    const floorRow = rows.find((r) => r.subject.startsWith('floor'))!;
    process.stdout.write(`\nAPI benchmark: ${PHASE_MS} ms phases, bound pods (~0.3 KB sent, ~2 KB stored with defaults and managedFields) unless marked, keep-alive HTTP client in the bench process, ${new Date().toISOString().slice(0, 10)}\n\n`);
    process.stdout.write(
      `${markdownTable(
        ['subject', 'creates/s ×1', 'creates/s ×64', 'create p99 ×64 (ms)', 'gets/s ×64'],
        rows.map((r) => [r.subject, ops(r.create1), ops(r.create64), r.p99.toFixed(1), r.subject.startsWith('floor') ? '-' : ops(r.gets)]),
      )}\n\n`,
    );
    const sqliteRaw = rows[0]!;
    process.stdout.write(`kts creates ×64 vs floor: sqlite ${(ktsSqliteRow.create64 / floorRow.create64).toFixed(2)}× (target ≥ 0.5×), etcd ${(ktsEtcdRow.create64 / floorRow.create64).toFixed(2)}×; vs its raw sqlite store ${(ktsSqliteRow.create64 / sqliteRaw.create64).toFixed(2)}×\n`);
    process.stdout.write(`create p99 ×64: sqlite ${ktsSqliteRow.p99.toFixed(1)} ms, etcd ${ktsEtcdRow.p99.toFixed(1)} ms (target < 50 ms)\n`);
    process.stdout.write(`list of ${LIST_OBJECTS} pods: ${listMs.toFixed(0)} ms (target < 300 ms)\n`);
    process.stdout.write(
      `${WATCHERS} node-pinned watchers: creates ×64 ${ops(pinned.create64)}/s (${(pinned.create64 / ktsSqliteRow.create64).toFixed(2)}× of without watchers), event latency p50 ${pinned.p50.toFixed(1)} ms, p99 ${pinned.p99.toFixed(1)} ms\n`,
    );
    process.stdout.write(`${WATCHERS} watchers receiving every event: fan-out latency p50 ${broadcast.p50.toFixed(1)} ms, p99 ${broadcast.p99.toFixed(1)} ms (${BROADCAST_WRITES} creates × ${WATCHERS})\n`);
    process.stdout.write(`kts server RSS: ${idleRss.toFixed(0)} MiB idle (target < 100 MB), ${loadedRss.toFixed(0)} MiB after the load\n`);
  } finally {
    floor.kill();
    await Promise.all([ktsSqlite.stop('SIGTERM'), ktsEtcd.stop('SIGTERM')]);
    await stores.sqlite.dispose();
    await stores.etcd.dispose();
    await etcd.stop();
    closeClient();
    rmSync(dir, { recursive: true, force: true });
  }
}
