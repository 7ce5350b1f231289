import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../client/flowcontrol/clock.js';
import type { RestClient } from '../client/rest/index.js';
import { SharedInformerFactory } from '../client/cache/index.js';
import { createLogger } from '../util/logging.js';
import { SchedulerCache } from './cache/cache.js';
import { configFromObject } from './config/parse.js';
import { FitError } from './framework/types.js';
import { Nominator } from './queue/nominator.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { inTreeRegistry } from './plugins/registry.js';
import { less } from './plugins/prioritysort/index.js';
import { makeNode, makePod, withRequests } from './plugins/testing.js';
import { Framework } from './runtime/framework.js';
import { NoNodesError, SchedulerCore, numFeasibleNodesToFind } from './schedule-one.js';
import type { Pod } from './framework/api-types.js';

test('numFeasibleNodesToFind: all below 100 nodes, adaptive percentage, at least 100', () => {
  assert.equal(numFeasibleNodesToFind(0, 50), 50);
  assert.equal(numFeasibleNodesToFind(0, 500), 230); // 50 - 4 = 46%
  assert.equal(numFeasibleNodesToFind(0, 5000), 500); // 50 - 40 = 10%
  assert.equal(numFeasibleNodesToFind(0, 10000), 500); // min 5%
  assert.equal(numFeasibleNodesToFind(0, 150), 100);
  assert.equal(numFeasibleNodesToFind(30, 1000), 300);
});

function core(nodes: ReturnType<typeof makeNode>[], pods: Pod[] = []): { core: SchedulerCore; fwk: Framework } {
  const registry = inTreeRegistry();
  const config = configFromObject({}, registry);
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) cache.addPod(p);
  const nominator = new Nominator();
  const holder: { core?: SchedulerCore } = {};
  const fwk = new Framework(registry, config.profiles[0]!, {
    client: {} as RestClient,
    recorder: { event: () => undefined, eventf: () => undefined },
    // Plugins ask for informers in create(); none is started in this test.
    informerFactory: new SharedInformerFactory(() => ({}) as never),
    snapshot: () => holder.core!.snapshot,
    nominator,
    logger: createLogger('test'),
  });
  const queue = new SchedulingQueue({ less, preEnqueue: () => null, pluginEvents: new Map(), clock: new FakeClock() });
  const c = new SchedulerCore({ cache, queue, frameworks: new Map([['default-scheduler', fwk]]), podLister: { get: () => undefined } as never, percentageOfNodesToScore: 0, logger: createLogger('test'), clock: new FakeClock(), patchPodStatus: async () => undefined, random: () => 0 });
  holder.core = c;
  cache.updateSnapshot(c.snapshot);
  return { core: c, fwk };
}

test('schedulePod: filters, then picks the best score', () => {
  const busy: Pod = { ...withRequests(makePod('busy'), { cpu: '3', memory: '6Gi' }), spec: { ...withRequests(makePod('busy'), { cpu: '3', memory: '6Gi' }).spec, nodeName: 'b' } };
  const { core: c, fwk } = core([makeNode('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), makeNode('b'), makeNode('c')], [busy]);
  const result = c.schedulePod(fwk, fwk.newCycleState(), withRequests(makePod('p'), { cpu: '500m', memory: '1Gi' }));
  assert.equal(result.suggestedHost, 'c', 'a is tainted, b is busier');
  assert.equal(result.feasibleNodes, 2);
});

test('schedulePod: FitError with upstream\'s message; no nodes', () => {
  const { core: c, fwk } = core([makeNode('a', { cpu: '1' }), makeNode('b', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }), makeNode('c', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] })]);
  assert.throws(
    () => c.schedulePod(fwk, fwk.newCycleState(), withRequests(makePod('p'), { cpu: '2' })),
    (err: unknown) => err instanceof FitError && err.message === '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}.',
  );
  const selector = makePod('s', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } });
  assert.throws(
    () => c.schedulePod(fwk, fwk.newCycleState(), withRequests(selector, { cpu: '2' })),
    (err: unknown) => err instanceof FitError && err.message === "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].",
  );
  const empty = core([]);
  assert.throws(() => empty.core.schedulePod(empty.fwk, empty.fwk.newCycleState(), makePod('p')), NoNodesError);
});
