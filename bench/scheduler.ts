/**
 * `npm run bench -- scheduler`: scheduling throughput and latency on `kts sim` nodes, with the
 * workloads of upstream's scheduler_perf (SchedulingBasic, SchedulingNodeAffinity,
 * SchedulingPodAntiAffinity, TopologySpreading, PreemptionBasic).
 *
 * Per case, on a fresh `kts server` (memory store; no local agent, no controllers, no built-in
 * scheduler) and a fresh `kts sim --nodes N` (hollow nodes of 4 CPUs, 32Gi, 110 pods, as
 * upstream's node-default.yaml):
 * 1. a `kts scheduler` (default-scheduler) schedules the case's init pods, as scheduler_perf's
 *    initPods;
 * 2. the measured pods are created for a second scheduler (`schedulerName: kts-bench`) that is not
 *    running yet, so creating them costs the measurement nothing; the default scheduler is stopped
 *    (one scheduler runs during the measurement, as in scheduler_perf); then `kts scheduler --name
 *    kts-bench` starts, and throughput = (measured pods − 1) / (last bind − first bind), binds seen
 *    on a pod watch;
 * 3. latency: more pods are created one after another, each waiting for its bind; create → bound
 *    p50/p99 (API write, watch, queue, scheduling cycle, binding write, watch).
 * What runs meanwhile, unlike scheduler_perf (whose nodes are bare API objects and whose pods stay
 * Pending after binding): hollow nodes heartbeat (a Lease renewal per node every 10 s) and report
 * every bound pod Running (a pods/status write per pod), and the scheduler writes one `Scheduled`
 * Event per pod; all of it goes through the one API server process.
 *
 * Every process shares this machine's cores (and, on a shared machine, other load: the table gives
 * the 1-minute load average when each case started). So besides pods/s the table gives the CPU
 * time each process spent per measured pod between the first and the last bind (from
 * /proc/<pid>/stat; Linux only): the cost that does not depend on what else runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KtsProcess } from '../test/support/kts-process.js';
import { freePorts } from '../test/support/ports.js';
import { call, closeClient, expectStatus } from './http-client.js';
import { markdownTable, percentile, progress } from './measure.js';

const BENCH_SCHEDULER = 'kts-bench';
const CREATE_CONCURRENCY = 32;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

interface Case {
  workload: Workload;
  nodes: number;
  initPods: number;
  measurePods: number;
  latencyPods: number;
  /** The target in pods/s, when there is one. */
  target?: number;
}

interface Workload {
  name: string;
  /** Zones to label the nodes with, round-robin (0: no zone labels). */
  zones: number;
  initPod(i: number): PodSpecPart;
  measurePod(i: number): PodSpecPart;
}

interface PodSpecPart {
  labels?: Record<string, string>;
  priorityClassName?: string;
  spec: Record<string, unknown>;
}

const container = (cpu: string, memory: string) => ({
  name: 'app',
  image: 'registry.k8s.io/pause:3.10',
  resources: { requests: { cpu, memory }, limits: { cpu, memory } },
});
const defaultPod: PodSpecPart = { spec: { containers: [container('100m', '500Mi')] } };

const WORKLOADS: Record<string, Workload> = {
  basic: { name: 'SchedulingBasic', zones: 0, initPod: () => defaultPod, measurePod: () => defaultPod },
  nodeaffinity: {
    name: 'SchedulingNodeAffinity',
    zones: 1,
    initPod: () => defaultPod,
    measurePod: () => ({
      spec: {
        ...defaultPod.spec,
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: ['zone-0'] }] }] } } },
      },
    }),
  },
  antiaffinity: {
    name: 'SchedulingPodAntiAffinity',
    zones: 0,
    initPod: () => antiAffinityPod,
    measurePod: () => antiAffinityPod,
  },
  spreading: {
    name: 'TopologySpreading',
    zones: 3,
    initPod: () => defaultPod,
    measurePod: () => ({
      labels: { color: 'blue' },
      spec: { ...defaultPod.spec, topologySpreadConstraints: [{ maxSkew: 5, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { color: 'blue' } } }] },
    }),
  },
  preemption: {
    name: 'PreemptionBasic',
    zones: 0,
    // Four low-priority pods of 900m fill a 4-CPU node; a high-priority pod of 3 CPUs needs three of them gone.
    initPod: () => ({ priorityClassName: 'bench-low', spec: { containers: [container('900m', '500Mi')] } }),
    measurePod: () => ({ priorityClassName: 'bench-high', spec: { containers: [container('3', '500Mi')] } }),
  },
};

const antiAffinityPod: PodSpecPart = {
  labels: { color: 'green' },
  spec: {
    ...defaultPod.spec,
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' }] } },
  },
};

const CASES: Case[] = [
  { workload: WORKLOADS['basic']!, nodes: 500, initPods: 500, measurePods: 1000, latencyPods: 200 },
  { workload: WORKLOADS['basic']!, nodes: 5000, initPods: 1000, measurePods: 1000, latencyPods: 200, target: 1500 },
  { workload: WORKLOADS['basic']!, nodes: 5000, initPods: 1000, measurePods: 10000, latencyPods: 200, target: 1500 },
  { workload: WORKLOADS['nodeaffinity']!, nodes: 500, initPods: 500, measurePods: 1000, latencyPods: 200 },
  { workload: WORKLOADS['nodeaffinity']!, nodes: 5000, initPods: 1000, measurePods: 1000, latencyPods: 200 },
  { workload: WORKLOADS['antiaffinity']!, nodes: 500, initPods: 100, measurePods: 300, latencyPods: 50 },
  { workload: WORKLOADS['antiaffinity']!, nodes: 5000, initPods: 1000, measurePods: 1000, latencyPods: 200, target: 200 },
  { workload: WORKLOADS['spreading']!, nodes: 500, initPods: 1000, measurePods: 1000, latencyPods: 200 },
  { workload: WORKLOADS['spreading']!, nodes: 5000, initPods: 1000, measurePods: 1000, latencyPods: 200 },
  { workload: WORKLOADS['preemption']!, nodes: 500, initPods: 2000, measurePods: 500, latencyPods: 0 },
];

/** CPU time (user + system, ms) a process has used so far; undefined where /proc is not there. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100;

/** Watches pods and resolves, per pod name, when it is first seen bound to a node. */
class BindWatch {
  private readonly bound = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly req;
  /** Called with the pod name each time a pod is first seen bound (synchronously, in the watch handler). */
  onBound: ((name: string) => void) | undefined;

  constructor(port: number, resourceVersion: string) {
    this.req = request({ host: '127.0.0.1', port, path: `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${resourceVersion}`, agent: false });
    this.req.on('response', (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const event = JSON.parse(buffer.slice(0, nl)) as { object: { metadata: { name: string }; spec?: { nodeName?: string } } };
          buffer = buffer.slice(nl + 1);
          const name = event.object.metadata.name;
          if (!event.object.spec?.nodeName || this.bound.has(name)) continue;
          this.bound.set(name, at);
          this.onBound?.(name);
          this.waiters.get(name)?.(at);
        }
      });
    });
    this.req.on('error', () => undefined);
    this.req.end();
  }

  boundAt(name: string): Promise<number> {
    const at = this.bound.get(name);
    return at !== undefined ? Promise.resolve(at) : new Promise((resolve) => this.waiters.set(name, resolve));
  }

  stop(): void {
    this.req.destroy();
  }
}

function podBody(name: string, part: PodSpecPart, schedulerName: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: part.labels ?? {} },
    spec: { ...part.spec, schedulerName, terminationGracePeriodSeconds: 0, ...(part.priorityClassName ? { priorityClassName: part.priorityClassName } : {}) },
  });
}

async function createPods(port: number, prefix: string, count: number, part: (i: number) => PodSpecPart, schedulerName: string): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) {
        await expectStatus(port, 'POST', '/api/v1/namespaces/default/pods', 201, podBody(names[i]!, part(i), schedulerName));
      }
    }),
  );
  return names;
}

async function labelZones(port: number, nodes: number, prefix: string, zones: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      for (let i = next++; i < nodes; i = next++) {
        const patch = JSON.stringify({ metadata: { labels: { [ZONE_LABEL]: `zone-${i % zones}` } } });
        const answer = await call(port, 'PATCH', `/api/v1/nodes/${prefix}${i}`, patch, 'application/merge-patch+json');
        if (answer.status !== 200) throw new Error(`labelling node ${prefix}${i}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }),
  );
}

async function listRevision(port: number): Promise<string> {
  const list = JSON.parse((await expectStatus(port, 'GET', '/api/v1/namespaces/default/pods?limit=1', 200)).text) as { metadata: { resourceVersion: string } };
  return list.metadata.resourceVersion;
}

interface Result {
  podsPerSec: number;
  p50: number;
  p99: number;
  /** CPU ms per measured pod: API server, kts sim, the measured scheduler (undefined off Linux). */
  cpuPerPod: { server?: number; sim?: number; scheduler?: number };
  /** Scheduled events the measured scheduler had written when the case ended. */
  scheduledEvents: number;
  loadAverage: number;
}

async function runCase(c: Case, dir: string): Promise<Result> {
  const [port] = (await freePorts(1)) as [number];
  const url = `http://127.0.0.1:${port}`;
  const processes: KtsProcess[] = [];
  const start = (args: string[]): KtsProcess => {
    const p = new KtsProcess(args);
    processes.push(p);
    return p;
  };
  const label = `${c.workload.name} ${c.nodes} nodes`;
  const loadAverage = loadavg()[0]!;
  try {
    const server = start(['server', '--data-dir', join(dir, `server-${port}`), '--datastore-endpoint', 'memory://', '--port', String(port), '--disable-agent', '--disable-controllers', '--disable-scheduler']);
    await server.waitForLog(/"msg":"kts server ready/);
    progress(`${label}: registering nodes`);
    const sim = start(['sim', '--nodes', String(c.nodes), '--server', url, '--cpu', '4', '--memory', '32Gi', '--pods', '110']);
    await sim.waitForLog(/kts sim ready/, 600_000);
    if (c.workload.zones > 0) await labelZones(port, c.nodes, 'sim-', c.workload.zones);
    for (const [name, value] of [['bench-low', 100], ['bench-high', 1000]] as const) {
      await expectStatus(port, 'POST', '/apis/scheduling.k8s.io/v1/priorityclasses', 201, JSON.stringify({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value }));
    }
    const watch = new BindWatch(port, await listRevision(port));
    try {
      // 1. init pods, through the default scheduler
      const initScheduler = start(['scheduler', '--server', url, '--leader-elect=false']);
      await initScheduler.waitForLog(/"msg":"scheduler started/, 60_000);
      progress(`${label}: ${c.initPods} init pods`);
      const init = await createPods(port, 'init', c.initPods, c.workload.initPod, 'default-scheduler');
      await Promise.all(init.map((n) => watch.boundAt(n)));
      await initScheduler.stop('SIGTERM');
      // 2. measured pods, created before their scheduler runs
      progress(`${label}: creating ${c.measurePods} measured pods`);
      const measured = await createPods(port, 'measure', c.measurePods, c.workload.measurePod, BENCH_SCHEDULER);
      progress(`${label}: scheduling them`);
      const scheduler = start(['scheduler', '--server', url, '--name', BENCH_SCHEDULER, '--leader-elect=false']);
      const measuredProcesses = [server, sim, scheduler];
      let cpuAtFirstBind: (number | undefined)[] | undefined;
      watch.onBound = (name) => {
        if (!cpuAtFirstBind && name.startsWith('measure-')) cpuAtFirstBind = measuredProcesses.map((p) => cpuMs(p.pid));
      };
      const times = await Promise.all(measured.map((n) => watch.boundAt(n)));
      const cpuAtLastBind = measuredProcesses.map((p) => cpuMs(p.pid));
      watch.onBound = undefined;
      const perPod = (i: number): number | undefined => {
        const [a, b] = [cpuAtFirstBind?.[i], cpuAtLastBind[i]];
        return a === undefined || b === undefined ? undefined : (b - a) / (c.measurePods - 1);
      };
      const cpuPerPod = { server: perPod(0), sim: perPod(1), scheduler: perPod(2) };
      const podsPerSec = (c.measurePods - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
      // 3. latency, one pod at a time
      const latencies: number[] = [];
      for (let i = 0; i < c.latencyPods; i++) {
        const name = `latency-${i}`;
        const started = performance.now();
        await expectStatus(port, 'POST', '/api/v1/namespaces/default/pods', 201, podBody(name, c.workload.measurePod(i), BENCH_SCHEDULER));
        latencies.push((await watch.boundAt(name)) - started);
      }
      const events = JSON.parse((await expectStatus(port, 'GET', '/api/v1/namespaces/default/events', 200)).text) as { items: { reason?: string; source?: { component?: string } }[] };
      const scheduledEvents = events.items.filter((e) => e.reason === 'Scheduled' && e.source?.component === BENCH_SCHEDULER).length;
      return { podsPerSec, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerPod, scheduledEvents, loadAverage };
    } finally {
      watch.stop();
    }
  } finally {
    closeClient();
    for (const p of processes.reverse()) await p.stop('SIGTERM');
  }
}

export async function runSchedulerBenchmark(): Promise<void> {
  const only = process.env['KTS_BENCH_SCHED_CASES']?.split(',');
  const cases = CASES.filter((c) => !only || only.some((o) => `${c.workload.name}/${c.nodes}/${c.measurePods}`.toLowerCase().includes(o.toLowerCase())));
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-scheduler-'));
  const rows: string[][] = [];
  try {
    for (const c of cases) {
      let r: Result;
      try {
        r = await runCase(c, dir);
      } catch (err) {
        // One failing case still leaves the others' figures (and says why it has none).
        progress(`${c.workload.name} ${c.nodes} nodes: failed: ${(err as Error).message.split('\n')[0]}`);
        rows.push([c.workload.name, String(c.nodes), `${c.initPods}+${c.measurePods}`, `failed: ${(err as Error).message.split('\n')[0]!.slice(0, 120)}`, '', '', '', '']);
        continue;
      }
      const met = c.target === undefined ? '' : r.podsPerSec >= c.target ? ` (target ≥ ${c.target}: met)` : ` (target ≥ ${c.target}: MISSED)`;
      const ms = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(2));
      rows.push([
        c.workload.name,
        String(c.nodes),
        `${c.initPods}+${c.measurePods}`,
        `${r.podsPerSec.toFixed(0)}${met}`,
        c.latencyPods > 0 ? `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}` : '–',
        `${ms(r.cpuPerPod.scheduler)} / ${ms(r.cpuPerPod.server)} / ${ms(r.cpuPerPod.sim)}`,
        `${r.scheduledEvents}/${c.measurePods + c.latencyPods}`,
        r.loadAverage.toFixed(1),
      ]);
      progress(`${c.workload.name} ${c.nodes} nodes: ${r.podsPerSec.toFixed(0)} pods/s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    '\nScheduling on kts sim nodes: pods/s from the first to the last bind of the measured pods (one scheduler, client QPS unlimited); ' +
      'latency create → bound, one pod at a time (ms); CPU ms per measured pod of the scheduler / API server / kts sim; ' +
      'Scheduled events written of those recorded. The API server also carries the hollow nodes\' heartbeats and a Running status write per pod.\n\n',
  );
  process.stdout.write(`${markdownTable(['workload', 'nodes', 'init+measured pods', 'pods/s', 'latency p50 / p99', 'CPU ms/pod sched / server / sim', 'Scheduled events', 'load avg'], rows)}\n`);
}
