/**
 * `npm run bench -- storage`: store throughput and latency, every driver side by side in one run
 * on this machine, with raw etcd3 client calls against the same etcd as the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBackend } from '../src/storage/open-backend.js';
import { createLogger } from '../src/util/logging.js';
import { startEtcd, type EtcdServer } from '../test/support/etcd-server.js';
import { bestTime, markdownTable, percentile, progress, throughput } from './measure.js';
import { backendSubject, rawEtcdSubject, type StorageSubject } from './storage-subjects.js';

const PHASE_MS = Number(process.env['KTS_BENCH_PHASE_MS'] ?? 1500);
/** Every subject is measured once per round, rounds interleaved; each figure is the best round's. */
const ROUNDS = Number(process.env['KTS_BENCH_ROUNDS'] ?? 3);
const VALUE = new Uint8Array(512).fill(120); // about a small Kubernetes object
const LIST_KEYS = 10_000;
const WATCHERS = 100;
const WATCHED_WRITES = 300;

interface Row {
  subject: string;
  create1: number;
  create64: number;
  update1: number;
  update64: number;
  gets: number;
  listMs: number;
  watchP50: number;
  watchP99: number;
}

/** Fills the keys that every round lists. */
async function loadListKeys(subject: StorageSubject): Promise<void> {
  progress(`${subject.name}: loading ${LIST_KEYS} keys to list`);
  await Promise.all(
    Array.from({ length: 64 }, async (_, w) => {
      for (let n = w; n < LIST_KEYS; n += 64) await subject.create(`/bench/list/${String(n).padStart(6, '0')}`, VALUE);
    }),
  );
}

/** One round of every measurement; `round` keeps each round's keys apart. */
async function measure(subject: StorageSubject, round: number): Promise<Row> {
  const step = (what: string): void => progress(`round ${round}, ${subject.name}: ${what}`);
  const keys: string[][] = [];
  const creates = async (concurrency: number): Promise<number> => {
    step(`creates, ${concurrency} writer(s)`);
    keys.length = 0;
    return throughput(concurrency, PHASE_MS, async (w, i) => {
      const key = `/bench/r${round}/c${concurrency}/${w}/${i}`;
      await subject.create(key, VALUE);
      (keys[w] ??= []).push(key);
    });
  };
  const updates = async (concurrency: number): Promise<number> => {
    step(`updates, ${concurrency} writer(s)`);
    return throughput(concurrency, PHASE_MS, (w, i) => {
      const own = keys[w]!;
      return subject.update(own[i % own.length]!, VALUE);
    });
  };
  const create1 = await creates(1);
  const update1 = await updates(1);
  const create64 = await creates(64);
  const update64 = await updates(64);
  step('gets, 64 readers');
  const gets = await throughput(64, PHASE_MS, (w, i) => subject.get(keys[w]![i % keys[w]!.length]!));
  step(`list of ${LIST_KEYS} keys`);
  let listed = 0;
  const listMs = await bestTime(3, async () => (listed = await subject.list('/bench/list/')));
  if (listed !== LIST_KEYS) throw new Error(`${subject.name} listed ${listed} keys, expected ${LIST_KEYS}`);
  step(`watch delivery to ${WATCHERS} watchers`);
  const { p50, p99 } = await watchLatency(subject, `/bench/r${round}/watch/`);
  return { subject: subject.name, create1, create64, update1, update64, gets, listMs, watchP50: p50, watchP99: p99 };
}

/** The best of several rounds, figure by figure. */
function best(rows: Row[]): Row {
  const max = (f: (r: Row) => number): number => Math.max(...rows.map(f));
  const min = (f: (r: Row) => number): number => Math.min(...rows.map(f));
  return {
    subject: rows[0]!.subject,
    create1: max((r) => r.create1),
    create64: max((r) => r.create64),
    update1: max((r) => r.update1),
    update64: max((r) => r.update64),
    gets: max((r) => r.gets),
    listMs: min((r) => r.listMs),
    watchP50: min((r) => r.watchP50),
    watchP99: min((r) => r.watchP99),
  };
}

/** Writes keys one at a time; latency = write issued → event received, per watcher. */
async function watchLatency(subject: StorageSubject, prefix: string): Promise<{ p50: number; p99: number }> {
  const issued = new Map<string, number>();
  const samples: number[] = [];
  let received = 0;
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const watches = await Promise.all(
    Array.from({ length: WATCHERS }, () =>
      subject.watch(prefix, (key) => {
        samples.push(performance.now() - issued.get(key)!);
        if (++received === WATCHERS * WATCHED_WRITES) allReceived();
      }),
    ),
  );
  for (let i = 0; i < WATCHED_WRITES; i++) {
    const key = `${prefix}${i}`;
    issued.set(key, performance.now());
    await subject.create(key, VALUE);
  }
  const timeout = setTimeout(allReceived, 30_000);
  await done;
  clearTimeout(timeout);
  await Promise.all(watches.map((w) => w.stop()));
  if (received < WATCHERS * WATCHED_WRITES) throw new Error(`${subject.name}: only ${received} of ${WATCHERS * WATCHED_WRITES} watch events arrived`);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export async function runStorageBenchmark(): Promise<void> {
  const logger = createLogger('bench');
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-'));
  /** Each etcd subject gets a fresh etcd, so neither inherits the other's keys and history. */
  const withEtcd = async (make: (etcd: EtcdServer) => Promise<StorageSubject>): Promise<StorageSubject> => {
    progress('starting etcd');
    const etcd = await startEtcd();
    const subject = await make(etcd);
    return { ...subject, close: async () => { await subject.close(); await etcd.stop(); } };
  };
  const subjects: (() => Promise<StorageSubject>)[] = [
    async () => backendSubject('memory', await openBackend('memory://', { logger })),
    async () => backendSubject('sqlite', await openBackend(`sqlite://${join(dir, 'bench.db')}`, { logger })),
    () => withEtcd(async (etcd) => backendSubject('etcd (kts driver)', await openBackend(etcd.endpoint, { logger }))),
    () => withEtcd(async (etcd) => rawEtcdSubject(etcd.clientUrl, 'put')),
    () => withEtcd(async (etcd) => rawEtcdSubject(etcd.clientUrl, 'txn')),
  ];
  const opened: StorageSubject[] = [];
  const rounds: Row[][] = [];
  try {
    for (const open of subjects) opened.push(await open());
    for (const subject of opened) await loadListKeys(subject);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, subject] of opened.entries()) (rounds[i] ??= []).push(await measure(subject, round));
    }
  } finally {
    for (const subject of opened) await subject.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = rounds.map(best);
  printTable(rows);
}

function printTable(rows: Row[]): void {
  const ops = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ms = (n: number): string => n.toFixed(n < 10 ? 2 : 1);
  const ours = rows.find((r) => r.subject === 'etcd (kts driver)');
  const rawPut = rows.find((r) => r.subject.startsWith('raw etcd3 puts'));
  const rawTxn = rows.find((r) => r.subject.startsWith('raw etcd3 txns'));
  process.stdout.write(
    `\nStorage benchmark: best of ${ROUNDS} interleaved rounds, ${PHASE_MS} ms per phase, 512-byte values, ${new Date().toISOString().slice(0, 10)}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['store', 'creates/s ×1', 'creates/s ×64', 'updates/s ×1', 'updates/s ×64', 'gets/s ×64', `list ${LIST_KEYS / 1000}k (ms)`, `watch p50/p99 (ms), ${WATCHERS} watchers`],
      rows.map((r) => [r.subject, ops(r.create1), ops(r.create64), ops(r.update1), ops(r.update64), ops(r.gets), ms(r.listMs), `${ms(r.watchP50)} / ${ms(r.watchP99)}`]),
    )}\n`,
  );
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  process.stdout.write('\n');
  for (const base of [rawPut, rawTxn]) {
    if (!ours || !base) continue;
    process.stdout.write(
      `kts etcd driver vs ${base.subject}: creates ×1 ${ratio(ours.create1, base.create1)}, ×64 ${ratio(ours.create64, base.create64)}; ` +
        `updates ×1 ${ratio(ours.update1, base.update1)}, ×64 ${ratio(ours.update64, base.update64)}; gets ${ratio(ours.gets, base.gets)}\n`,
    );
  }
  const sqlite = rows.find((r) => r.subject === 'sqlite');
  if (sqlite) process.stdout.write(`sqlite creates with 64 writers: ${ops(sqlite.create64)}/s\n`);
}
