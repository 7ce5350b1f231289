/**
 * `npm run bench -- kubelet` (sim part): `kts sim` with 1,000 and 5,000 hollow nodes against a
 * kts server running in this process (sqlite store in a temp dir). The simulator runs in its own
 * child process so its RSS is its own. Per size: time until every node is registered (process
 * start included), the simulator's RSS (steady and peak), and the API writes it causes at steady
 * state, counted from the server's apiserver_request_total over a window.
 *
 * Expected steady write rate: one lease renewal per node per 10 s plus one status report per
 * node per 5 min, i.e. nodes × (1/10 + 1/300) per second.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServer } from '../src/cli/server.js';
import { createLogger } from '../src/util/logging.js';
import { KtsProcess } from '../test/support/kts-process.js';
import { freePorts } from '../test/support/ports.js';
import { markdownTable, progress } from './measure.js';

const WINDOW_MS = Number(process.env['KTS_BENCH_SIM_WINDOW_MS'] ?? 30_000);
const SIZES = (process.env['KTS_BENCH_SIM_NODES'] ?? '1000,5000').split(',').map(Number);
const WRITE_VERBS = new Set(['CREATE', 'UPDATE', 'PATCH', 'DELETE', 'APPLY']);

export interface SimRow {
  nodes: number;
  registerMs: number;
  rssMiB: number;
  peakRssMiB: number;
  writesPerSec: number;
  expectedWritesPerSec: number;
  serverRssMiB: number;
}

function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/** Sum of apiserver_request_total over the write verbs. */
async function writeCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^apiserver_request_total\{verb="([A-Z]+)".*\} (\d+(?:\.\d+)?)$/.exec(line);
    if (match && WRITE_VERBS.has(match[1]!)) total += Number(match[2]);
  }
  return total;
}

async function waitReady(url: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    if (signal.aborted) throw new Error('server stopped before it was ready');
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One size: a fresh in-process server, the simulator as a child process, the measurements. */
export async function measureSim(nodes: number, windowMs = WINDOW_MS): Promise<SimRow> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-sim-'));
  const [port] = (await freePorts(1)) as [number];
  const url = `http://127.0.0.1:${port}`;
  const stop = new AbortController();
  const logger = createLogger('bench-server').child({}, { level: 'warn' });
  const server = runServer({ dataDir: dir, datastoreEndpoint: `sqlite://${join(dir, 'state.db')}`, bindAddress: '127.0.0.1', port, compactionIntervalMs: 5 * 60_000 }, logger, stop.signal);
  let sim: KtsProcess | undefined;
  try {
    await Promise.race([waitReady(url, stop.signal), server.then(() => Promise.reject(new Error('server exited')))]);
    progress(`kts sim --nodes ${nodes}: registering`);
    const started = performance.now();
    sim = new KtsProcess(['sim', '--nodes', String(nodes), '--server', url]);
    await sim.waitForLog(/kts sim ready/, 600_000);
    const registerMs = performance.now() - started;
    // Let the registration burst settle into the heartbeat rhythm (one full lease period), then count.
    progress(`kts sim --nodes ${nodes}: registered in ${(registerMs / 1000).toFixed(1)} s; settling 10 s, then counting writes for ${windowMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const before = await writeCount(url);
    const windowStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const writes = (await writeCount(url)) - before;
    const writesPerSec = writes / ((performance.now() - windowStart) / 1000);
    return {
      nodes,
      registerMs,
      rssMiB: procStatusMiB(sim.pid, 'VmRSS'),
      peakRssMiB: procStatusMiB(sim.pid, 'VmHWM'),
      writesPerSec,
      expectedWritesPerSec: nodes * (1 / 10 + 1 / 300),
      serverRssMiB: process.memoryUsage().rss / 1024 / 1024,
    };
  } finally {
    const result = await sim?.stop('SIGTERM', 30_000);
    if (result && result.code !== 0) process.stderr.write(`kts sim exited ${result.code}:\n${result.stderr.slice(-2000)}\n`);
    stop.abort();
    await server.catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the simulator table; returns the rows for callers that compare further. */
export async function runKubeletSimBenchmark(): Promise<SimRow[]> {
  const rows: SimRow[] = [];
  for (const nodes of SIZES) rows.push(await measureSim(nodes));
  process.stdout.write(`\nkts sim benchmark: in-process kts server (sqlite), simulator in a child process, writes counted over ${WINDOW_MS / 1000} s at steady state, ${new Date().toISOString().slice(0, 10)}\n\n`);
  process.stdout.write(
    `${markdownTable(
      ['nodes', 'register all (s)', 'sim RSS (MiB)', 'sim peak RSS (MiB)', 'API writes/s', 'expected writes/s', 'server+bench RSS (MiB)'],
      rows.map((r) => [
        r.nodes.toLocaleString('en-US'),
        (r.registerMs / 1000).toFixed(1),
        r.rssMiB.toFixed(0),
        r.peakRssMiB.toFixed(0),
        r.writesPerSec.toFixed(0),
        r.expectedWritesPerSec.toFixed(0),
        r.serverRssMiB.toFixed(0),
      ]),
    )}\n\n`,
  );
  const largest = rows.reduce((a, b) => (b.nodes > a.nodes ? b : a));
  process.stdout.write(`${largest.nodes.toLocaleString('en-US')} simulated nodes: sim peak RSS ${largest.peakRssMiB.toFixed(0)} MiB (target < 1024 MiB)\n`);
  return rows;
}
