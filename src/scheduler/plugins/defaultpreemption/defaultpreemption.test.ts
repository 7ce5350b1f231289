import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodAffinityTermSpec } from '../../framework/api-types.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Code, Status } from '../../framework/status.js';
import { FitError, newDiagnosis, NodeToStatus } from '../../framework/types.js';
import { pino } from 'pino';
import * as fit from '../noderesources/fit.js';
import { InterPodAffinity, parseArgs as parseAffinityArgs } from '../interpodaffinity/index.js';
import { makeNode, makePod } from '../testing/cycle.js';
import { calculateNumCandidates, parseArgs } from './args.js';
import { NO_VICTIMS_REASON, pickOneNodeForPreemption, podEligibleToPreemptOthers, selectVictimsOnNode, type Candidate, type PreemptionRunner } from './candidates.js';
import { DefaultPreemption } from './index.js';
import type { PodDisruptionBudget } from './pdb.js';

type Plugin = PreFilterPlugin & FilterPlugin;

/** A framework stand-in running real Filter plugins (NodeResourcesFit, InterPodAffinity). */
function framework(snapshot: Snapshot): { plugins: Plugin[]; runner: PreemptionRunner; preFilter(pod: Pod): CycleState } {
  const plugins: Plugin[] = [fit.create(undefined, undefined as never), new InterPodAffinity(parseAffinityArgs(undefined), () => snapshot, undefined)];
  const active = (state: CycleState) => plugins.filter((p) => !state.skipFilterPlugins.has(p.name));
  const runner: PreemptionRunner = {
    runFilterPluginsWithNominatedPods: (state, pod, nodeInfo) => {
      for (const p of active(state)) {
        const s = p.filter(state, pod, nodeInfo);
        if (s) return s.withPlugin(p.name);
      }
      return null;
    },
    runPreFilterExtensionAddPod: (state, pod, info: PodInfo, nodeInfo: NodeInfo) => {
      for (const p of active(state)) p.preFilterExtensions()?.addPod(state, pod, info, nodeInfo);
      return null;
    },
    runPreFilterExtensionRemovePod: (state, pod, info: PodInfo, nodeInfo: NodeInfo) => {
      for (const p of active(state)) p.preFilterExtensions()?.removePod(state, pod, info, nodeInfo);
      return null;
    },
  };
  return {
    plugins,
    runner,
    preFilter(pod) {
      const state = new CycleState();
      for (const p of plugins) {
        const [, s] = p.preFilter(state, pod, snapshot.list());
        if (s?.code === Code.Skip) state.skipFilterPlugins.add(p.name);
      }
      return state;
    },
  };
}

/** Runs Filter everywhere and returns the statuses of the rejected nodes, as the cycle would. */
function filterAll(fw: ReturnType<typeof framework>, snapshot: Snapshot, pod: Pod, state: CycleState): NodeToStatus {
  const m = new NodeToStatus();
  for (const n of snapshot.list()) {
    const s = fw.runner.runFilterPluginsWithNominatedPods(state, pod, n);
    if (s) m.set(n.name, s);
  }
  return m;
}

const NOW = Date.parse('2024-06-01T00:00:00Z');
const low = (name: string, node: string, priority: number, cpu = '1', extra: Parameters<typeof makePod>[1] = {}) => makePod(name, { node, priority, cpu, startTime: '2024-05-01T00:00:00Z', ...extra });

test('selectVictimsOnNode removes all lower-priority pods, then reprieves the most important that still fit', () => {
  const snapshot = Snapshot.fromPodsAndNodes([low('a', 'n1', 100), low('b', 'n1', 50), makePod('same', { node: 'n1', priority: 1000, cpu: '500m' })], [makeNode('n1', {}, { cpu: '3' })]);
  const fw = framework(snapshot);
  const pod = makePod('hi', { priority: 1000, cpu: '1' });
  const state = fw.preFilter(pod);
  const [victims, violations, status] = selectVictimsOnNode(fw.runner, state.clone(), pod, snapshot.get('n1')!.clone(), [], NOW);
  assert.equal(status, null);
  assert.deepEqual(victims.map((p) => p.metadata.name), ['b']);
  assert.equal(violations, 0);
  assert.equal(snapshot.get('n1')!.pods.length, 3, 'the snapshot is untouched');

  // Nothing of lower priority on the node.
  const [, , none] = selectVictimsOnNode(fw.runner, state.clone(), makePod('eq', { priority: 50, cpu: '1' }), snapshot.get('n1')!.clone(), [], NOW);
  assert.equal(none!.code, Code.UnschedulableAndUnresolvable);
  assert.equal(none!.message(), NO_VICTIMS_REASON);
  // Too big even on an emptied node: the Filter status.
  const huge = makePod('huge', { priority: 1000, cpu: '3' });
  const [, , tooBig] = selectVictimsOnNode(fw.runner, fw.preFilter(huge), huge, snapshot.get('n1')!.clone(), [], NOW);
  assert.equal(tooBig!.message(), 'Insufficient cpu');
});

test('PDB-violating victims are reprieved first and counted', () => {
  const pods = [low('a', 'n1', 100, '1', { labels: { app: 'guarded' } }), low('b', 'n1', 100, '1', { labels: { app: 'free' }, startTime: '2024-04-01T00:00:00Z' })];
  const snapshot = Snapshot.fromPodsAndNodes(pods, [makeNode('n1', {}, { cpu: '2' })]);
  const fw = framework(snapshot);
  const pod = makePod('hi', { priority: 1000, cpu: '1' });
  const pdb: PodDisruptionBudget = { metadata: { name: 'pdb', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'guarded' } } }, status: { disruptionsAllowed: 0 } };
  // Without the PDB, b (earlier start, so more important) is reprieved and a is the victim.
  assert.deepEqual(selectVictimsOnNode(fw.runner, fw.preFilter(pod), pod, snapshot.get('n1')!.clone(), [], NOW)[0].map((p) => p.metadata.name), ['a']);
  const [victims, violations] = selectVictimsOnNode(fw.runner, fw.preFilter(pod), pod, snapshot.get('n1')!.clone(), [pdb], NOW);
  assert.deepEqual(victims.map((p) => p.metadata.name), ['b']);
  assert.equal(violations, 0);
  // Needing both: the guarded one violates its PDB.
  const big = makePod('big', { priority: 1000, cpu: '2' });
  const [both, v2] = selectVictimsOnNode(fw.runner, fw.preFilter(big), big, snapshot.get('n1')!.clone(), [pdb], NOW);
  assert.equal(both.length, 2);
  assert.equal(v2, 1);
});

test('pickOneNodeForPreemption: PDB violations, highest victim priority, priority sum, victim count, latest start', () => {
  const v = (name: string, priority: number, start = '2024-05-01T00:00:00Z') => low(name, 'x', priority, '1', { startTime: start });
  const pick = (cs: Candidate[]) => pickOneNodeForPreemption(cs, NOW)!.name;
  assert.equal(pick([{ name: 'a', victims: [v('1', 1)], numPDBViolations: 1 }, { name: 'b', victims: [v('2', 5)], numPDBViolations: 0 }]), 'b');
  assert.equal(pick([{ name: 'a', victims: [v('1', 10)], numPDBViolations: 0 }, { name: 'b', victims: [v('2', 5), v('3', 5)], numPDBViolations: 0 }]), 'b');
  assert.equal(pick([{ name: 'a', victims: [v('1', 5), v('2', 5)], numPDBViolations: 0 }, { name: 'b', victims: [v('3', 5), v('4', 1)], numPDBViolations: 0 }]), 'b');
  assert.equal(pick([{ name: 'a', victims: [v('1', -5), v('2', -5)], numPDBViolations: 0 }, { name: 'b', victims: [v('3', -5)], numPDBViolations: 0 }]), 'b');
  assert.equal(pick([{ name: 'a', victims: [v('1', 5, '2024-01-01T00:00:00Z')], numPDBViolations: 0 }, { name: 'b', victims: [v('2', 5, '2024-02-01T00:00:00Z')], numPDBViolations: 0 }]), 'b');
  assert.equal(pick([{ name: 'a', victims: [v('1', 5)], numPDBViolations: 0 }, { name: 'b', victims: [v('2', 5)], numPDBViolations: 0 }]), 'a');
});

test('eligibility: preemptionPolicy Never, and waiting for victims terminating on the nominated node', () => {
  assert.deepEqual(podEligibleToPreemptOthers(makePod('p', { spec: { preemptionPolicy: 'Never' } }), undefined, undefined), [false, 'not eligible due to preemptionPolicy=Never.']);
  const terminating = low('v', 'n1', 1);
  terminating.metadata.deletionTimestamp = '2024-06-01T00:00:00Z';
  terminating.status = { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] };
  const snapshot = Snapshot.fromPodsAndNodes([terminating], [makeNode('n1')]);
  const nominated = { ...makePod('p', { priority: 10 }), status: { nominatedNodeName: 'n1' } };
  assert.deepEqual(podEligibleToPreemptOthers(nominated, snapshot.get('n1'), Status.unschedulable('x')), [false, 'not eligible due to a terminating pod on the nominated node.']);
  assert.deepEqual(podEligibleToPreemptOthers(nominated, snapshot.get('n1'), Status.unresolvable('x')), [true, '']);
});

test('args and the number of candidates', () => {
  assert.deepEqual(parseArgs(undefined), { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
  assert.equal(calculateNumCandidates(5000, parseArgs(undefined)), 500);
  assert.equal(calculateNumCandidates(50, parseArgs(undefined)), 50);
  assert.equal(calculateNumCandidates(500, parseArgs(undefined)), 100);
  assert.throws(() => parseArgs({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 }), /cannot be zero/);
  assert.throws(() => parseArgs({ minCandidateNodesPercentage: 101 }), /minCandidateNodesPercentage: .*\[0, 100\]/);
});

interface Calls {
  patches: { name: string; body: unknown }[];
  deletes: string[];
  events: { name: string; reason: string; message: string }[];
}

function plugin(snapshot: Snapshot, pods: Pod[], nominated: Pod[] = []): { plugin: DefaultPreemption; calls: Calls; fw: ReturnType<typeof framework> } {
  const calls: Calls = { patches: [], deletes: [], events: [] };
  const fw = framework(snapshot);
  const client = {
    namespace: () => ({
      patch: async (name: string, _type: string, body: unknown) => void calls.patches.push({ name, body }),
      delete: async (name: string) => void calls.deletes.push(name),
    }),
  };
  const p = new DefaultPreemption(parseArgs(undefined), {
    runner: fw.runner,
    snapshot: () => snapshot,
    nominator: { nominatedPodsForNode: (node) => nominated.filter((n) => n.status?.nominatedNodeName === node).map((pod) => ({ pod }) as PodInfo) },
    getPod: (ns, name) => pods.find((x) => x.metadata.namespace === ns && x.metadata.name === name),
    listPDBs: () => [],
    pods: () => client as never,
    recorder: { event: (obj, _type, reason, message) => void calls.events.push({ name: String((obj as Pod).metadata.name), reason, message }), eventf: () => undefined },
    getWaitingPod: () => undefined,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    random: () => 0,
  });
  return { plugin: p, calls, fw };
}

test('postFilter evicts the victims of the best node (DisruptionTarget, delete, Preempted event) and nominates it', async () => {
  const pods = [low('v1', 'n1', 100), low('v2', 'n1', 100), low('w1', 'n2', 100), low('x1', 'n2', 500)];
  const snapshot = Snapshot.fromPodsAndNodes(pods, [makeNode('n1', {}, { cpu: '2' }), makeNode('n2', {}, { cpu: '2' })]);
  const incoming = makePod('hi', { priority: 1000, cpu: '1', spec: { schedulerName: 'default-scheduler' } });
  const lowerNominated = { ...makePod('other', { priority: 10 }), status: { nominatedNodeName: 'n1' } };
  const { plugin: p, calls, fw } = plugin(snapshot, [...pods, incoming], [lowerNominated]);
  const state = fw.preFilter(incoming);
  const [result, status] = await p.postFilter(state, incoming, filterAll(fw, snapshot, incoming, state));
  assert.equal(status?.code, Code.Success);
  // n2 keeps x1 (priority 500, reprieved first) and loses w1; n1 loses one of v1/v2: one victim of
  // priority 100 on each node, so every rule ties and the first candidate (offset 0 → n1) wins.
  assert.deepEqual(result, { nominatingInfo: { nominatedNodeName: 'n1', nominatingMode: 'Override' } });
  assert.equal(calls.deletes.length, 1);
  const victim = calls.deletes[0]!;
  assert.ok(['v1', 'v2'].includes(victim));
  const conditionPatch = calls.patches.find((x) => x.name === victim)!.body as { status: { conditions: { type: string; reason: string; message: string }[] } };
  assert.equal(conditionPatch.status.conditions[0]!.type, 'DisruptionTarget');
  assert.equal(conditionPatch.status.conditions[0]!.reason, 'PreemptionByScheduler');
  assert.equal(conditionPatch.status.conditions[0]!.message, 'default-scheduler: preempting to accommodate a higher priority pod');
  assert.deepEqual(calls.events, [{ name: victim, reason: 'Preempted', message: 'Preempted by pod uid-hi on node n1' }]);
  // The lower-priority pod nominated to n1 loses its nomination.
  assert.deepEqual(calls.patches.find((x) => x.name === 'other')!.body, { status: { nominatedNodeName: null } });
});

test("postFilter with no victims anywhere gives upstream's message and clears the nomination", async () => {
  const anti = (labels: Record<string, string>): { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: PodAffinityTermSpec[] } } } => ({
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' }] } },
  });
  const pods = ['n1', 'n2', 'n3'].map((n) => makePod(`web-${n}`, { node: n, labels: { app: 'web' }, spec: anti({ app: 'web' }) }));
  const snapshot = Snapshot.fromPodsAndNodes(pods, [makeNode('n1'), makeNode('n2'), makeNode('n3')]);
  const incoming = makePod('web-4', { labels: { app: 'web' }, spec: anti({ app: 'web' }) });
  const { plugin: p, fw } = plugin(snapshot, [...pods, incoming]);
  const state = fw.preFilter(incoming);
  const m = filterAll(fw, snapshot, incoming, state);
  const [result, status] = await p.postFilter(state, incoming, m);
  assert.equal(status?.code, Code.Unschedulable);
  assert.equal(status?.message(), 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
  assert.deepEqual(result, { nominatingInfo: { nominatedNodeName: '', nominatingMode: 'Override' } });
  // The whole FailedScheduling message, as the cycle builds it.
  const diagnosis = newDiagnosis();
  diagnosis.nodeToStatus = m;
  diagnosis.postFilterMsg = status!.message();
  assert.equal(new FitError(incoming, 3, diagnosis).message, "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..");

  // Only unresolvable rejections: preemption cannot help.
  const m2 = new NodeToStatus();
  for (const n of ['n1', 'n2', 'n3']) m2.set(n, Status.unresolvable("node(s) didn't match Pod's node affinity/selector"));
  const [, s2] = await p.postFilter(state, incoming, m2);
  assert.equal(s2?.message(), 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  // Never-preempting pods.
  const never = makePod('never', { spec: { preemptionPolicy: 'Never' } });
  const { plugin: p3 } = plugin(snapshot, [never]);
  const [, s3] = await p3.postFilter(state, never, m);
  assert.equal(s3?.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
});
