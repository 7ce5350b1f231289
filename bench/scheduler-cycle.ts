/**
 * `npm run bench -- scheduler-cycle`: the scheduling cycle alone, in process, without HTTP: CPU
 * time per pod for cache.updateSnapshot → schedulePod (PreFilter, Filter over the adaptive share
 * of nodes, PreScore, Score, select) → assume → Reserve → finishBinding, with the default
 * profile, on N nodes of 4 CPUs / 32Gi / 110 pods already holding some pods. This is the part of
 * `kts scheduler`'s work that grows with the cluster; the end-to-end figure is `bench scheduler`.
 *
 * CPU time (process.cpuUsage), not wall time, so that other load on the machine disturbs it less;
 * the best and the median of several rounds are reported.
 */
import { FakeClock } from '../src/client/flowcontrol/clock.js';
import { SharedInformerFactory } from '../src/client/cache/index.js';
import type { RestClient } from '../src/client/rest/index.js';
import { createLogger } from '../src/util/logging.js';
import { SchedulerCache } from '../src/scheduler/cache/cache.js';
import { configFromObject } from '../src/scheduler/config/parse.js';
import type { Node, Pod } from '../src/scheduler/framework/api-types.js';
import { Nominator } from '../src/scheduler/queue/nominator.js';
import { SchedulingQueue } from '../src/scheduler/queue/scheduling-queue.js';
import { inTreeRegistry } from '../src/scheduler/plugins/registry.js';
import { less } from '../src/scheduler/plugins/prioritysort/index.js';
import { Framework } from '../src/scheduler/runtime/framework.js';
import { SchedulerCore } from '../src/scheduler/schedule-one.js';
import { markdownTable, percentile, progress } from './measure.js';

const ROUNDS = 6;
const PODS_PER_ROUND = 250;

interface CycleCase {
  name: string;
  nodes: number;
  initPods: number;
  antiAffinity: boolean;
}

const CASES: CycleCase[] = [
  { name: 'SchedulingBasic', nodes: 500, initPods: 500, antiAffinity: false },
  { name: 'SchedulingBasic', nodes: 5000, initPods: 1000, antiAffinity: false },
  { name: 'SchedulingPodAntiAffinity', nodes: 5000, initPods: 1000, antiAffinity: true },
];

function node(i: number): Node {
  const name = `sim-${i}`;
  return {
    metadata: { name, uid: `node-${i}`, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '32Gi', pods: '110' }, capacity: { cpu: '4', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  } as Node;
}

function pod(name: string, antiAffinity: boolean, nodeName?: string): Pod {
  const resources = { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } };
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: antiAffinity ? { color: 'green' } : {} },
    spec: {
      schedulerName: 'default-scheduler',
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources }],
      ...(antiAffinity ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' }] } } } : {}),
      ...(nodeName ? { nodeName } : {}),
    },
    status: { phase: 'Pending' },
  } as Pod;
}

/** A scheduler core over `c.nodes` nodes with the init pods placed; returns "schedule `count` pods, µs CPU per pod". */
function setup(c: CycleCase): (count: number, prefix: string) => number {
  const registry = inTreeRegistry();
  const config = configFromObject({}, registry);
  const cache = new SchedulerCache();
  for (let i = 0; i < c.nodes; i++) cache.addNode(node(i));
  for (let i = 0; i < c.initPods; i++) cache.addPod(pod(`init-${i}`, c.antiAffinity, `sim-${(i * 7) % c.nodes}`));
  const holder: { core?: SchedulerCore } = {};
  // Plugins ask the factory for informers in create(); none is started here.
  const informers = new SharedInformerFactory(() => ({}) as never);
  const fwk = new Framework(registry, config.profiles[0]!, {
    client: {} as RestClient,
    recorder: { event: () => undefined, eventf: () => undefined },
    informerFactory: informers,
    snapshot: () => holder.core!.snapshot,
    nominator: new Nominator(),
    logger: createLogger('bench'),
  });
  const queue = new SchedulingQueue({ less, preEnqueue: () => null, pluginEvents: new Map(), clock: new FakeClock() });
  const core = new SchedulerCore({ cache, queue, frameworks: new Map([['default-scheduler', fwk]]), podLister: { get: () => undefined } as never, percentageOfNodesToScore: 0, logger: createLogger('bench'), clock: new FakeClock(), patchPodStatus: async () => undefined });
  holder.core = core;
  return (count, prefix) => {
    const before = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const p = pod(`${prefix}-${i}`, c.antiAffinity);
      cache.updateSnapshot(core.snapshot);
      const state = fwk.newCycleState();
      const host = core.schedulePod(fwk, state, p).suggestedHost;
      const assumed: Pod = { ...p, spec: { ...p.spec, nodeName: host } };
      cache.assumePod(assumed);
      fwk.runReservePluginsReserve(state, assumed, host);
      cache.finishBinding(assumed);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  };
}

export async function runSchedulerCycleBenchmark(): Promise<void> {
  const rows: string[][] = [];
  for (const c of CASES) {
    progress(`${c.name} ${c.nodes} nodes: scheduling cycles`);
    const run = setup(c);
    run(PODS_PER_ROUND, 'warm');
    const perPod: number[] = [];
    for (let r = 0; r < ROUNDS; r++) perPod.push(run(PODS_PER_ROUND, `round${r}`));
    const best = Math.min(...perPod);
    rows.push([c.name, String(c.nodes), String(c.initPods), best.toFixed(0), percentile(perPod, 50).toFixed(0), (1e6 / best).toFixed(0)]);
  }
  process.stdout.write(`\nScheduling cycle in process, no HTTP (${ROUNDS} rounds of ${PODS_PER_ROUND} pods; µs of CPU per pod)\n\n`);
  process.stdout.write(`${markdownTable(['workload', 'nodes', 'pods placed before', 'best µs/pod', 'median µs/pod', 'pods/s at best (cycle only)'], rows)}\n`);
}
