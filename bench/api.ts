/**
 * `npm run bench -- api`: the API server over HTTP on the sqlite store, side by side with a floor
 * (a minimal Node HTTP server that only parses and inserts into SQLite), both loaded by the same
 * keep-alive client in this process: creates/s and p99 latency with 1 and 64 concurrent clients,
 * gets/s, a list of 10,000 objects, and the server's RSS idle and after the load. ConfigMaps are
 * the objects until pods are served.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KtsProcess } from '../test/support/kts-process.js';
import { freePorts } from '../test/support/ports.js';
import { bestTime, markdownTable, percentile, progress, throughput } from './measure.js';

const PHASE_MS = Number(process.env['KTS_BENCH_PHASE_MS'] ?? 3000);
const LIST_OBJECTS = 10_000;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(port: number, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const configMap = (name: string): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'bench' } }, data: { 'config.yaml': 'x'.repeat(400) } });

interface Row {
  server: string;
  create1: number;
  create64: number;
  p99: number;
  gets: number;
}

async function load(name: string, port: number, createPath: string, getPath?: (n: string) => string): Promise<Row> {
  let n = 0;
  const latencies: number[] = [];
  const create = async (): Promise<void> => {
    const started = performance.now();
    const res = await call(port, 'POST', createPath, configMap(`${name.replace(/\W/g, '')}-${n++}`));
    latencies.push(performance.now() - started);
    if (res.status !== 201) throw new Error(`${name}: create answered ${res.status}: ${res.text.slice(0, 200)}`);
  };
  progress(`${name}: creates, 1 client`);
  const create1 = await throughput(1, PHASE_MS, create);
  latencies.length = 0;
  progress(`${name}: creates, 64 clients`);
  const create64 = await throughput(64, PHASE_MS, create);
  const p99 = percentile(latencies, 99);
  let gets = Number.NaN;
  if (getPath) {
    progress(`${name}: gets, 64 clients`);
    const total = n;
    gets = await throughput(64, PHASE_MS, async (w, i) => {
      const res = await call(port, 'GET', getPath(`${name.replace(/\W/g, '')}-${(w * 997 + i) % total}`));
      if (res.status !== 200) throw new Error(`${name}: get answered ${res.status}`);
    });
  }
  return { server: name, create1, create64, p99, gets };
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

export async function runApiBenchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-api-'));
  const [ktsPort, floorPort] = (await freePorts(2)) as [number, number];
  progress('starting kts server (sqlite) and the floor server');
  const kts = new KtsProcess(['server', '--data-dir', join(dir, 'kts'), '--port', String(ktsPort)]);
  const floorScript = fileURLToPath(new URL('./floor-server.js', import.meta.url));
  const floor: ChildProcess = spawn(process.execPath, [floorScript, join(dir, 'floor.db'), String(floorPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await kts.waitForLog(/kts server ready/);
    await new Promise<void>((resolve) => floor.stdout!.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = rssMiB(kts.pid);
    const floorRow = await load('floor (HTTP + SQLite insert)', floorPort, '/');
    const ktsRow = await load('kts server, sqlite', ktsPort, '/api/v1/namespaces/default/configmaps', (n) => `/api/v1/namespaces/default/configmaps/${n}`);
    progress(`filling to ${LIST_OBJECTS} objects for the list`);
    await call(ktsPort, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'listed' } }));
    await Promise.all(
      Array.from({ length: 64 }, async (_, w) => {
        for (let i = w; i < LIST_OBJECTS; i += 64) await call(ktsPort, 'POST', '/api/v1/namespaces/listed/configmaps', configMap(`item-${i}`));
      }),
    );
    let listed = 0;
    const listMs = await bestTime(3, async () => {
      listed = (JSON.parse((await call(ktsPort, 'GET', '/api/v1/namespaces/listed/configmaps')).text) as { items: unknown[] }).items.length;
    });
    if (listed !== LIST_OBJECTS) throw new Error(`listed ${listed} objects, expected ${LIST_OBJECTS}`);
    const loadedRss = rssMiB(kts.pid);

    const ops = (x: number): string => (Number.isNaN(x) ? '-' : Math.round(x).toLocaleString('en-US'));
    process.stdout.write(`\nAPI benchmark: ${PHASE_MS} ms phases, ConfigMaps of ~0.5 KB, keep-alive HTTP client in the bench process, ${new Date().toISOString().slice(0, 10)}\n\n`);
    process.stdout.write(
      `${markdownTable(
        ['server', 'creates/s ×1', 'creates/s ×64', 'create p99 ×64 (ms)', 'gets/s ×64'],
        [floorRow, ktsRow].map((r) => [r.server, ops(r.create1), ops(r.create64), r.p99.toFixed(1), ops(r.gets)]),
      )}\n\n`,
    );
    process.stdout.write(`kts creates ×64 vs floor: ${(ktsRow.create64 / floorRow.create64).toFixed(2)}× (target ≥ 0.5×); create p99 ${ktsRow.p99.toFixed(1)} ms (target < 50 ms)\n`);
    process.stdout.write(`list of ${LIST_OBJECTS} ConfigMaps: ${listMs.toFixed(0)} ms (target < 300 ms for pods)\n`);
    process.stdout.write(`kts server RSS: ${idleRss.toFixed(0)} MiB idle (target < 100 MB), ${loadedRss.toFixed(0)} MiB after the load\n`);
  } finally {
    floor.kill();
    await kts.stop('SIGTERM');
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
