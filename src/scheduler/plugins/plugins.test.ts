import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import { Snapshot } from '../framework/snapshot.js';
import { Code, isSkip, type Status } from '../framework/status.js';
import type { NodeScore } from '../framework/types.js';
import type { Pod } from '../framework/api-types.js';
import * as imageLocality from './imagelocality/index.js';
import * as nodeAffinity from './nodeaffinity/index.js';
import * as nodeName from './nodename/index.js';
import * as nodePorts from './nodeports/index.js';
import * as balanced from './noderesources/balanced-allocation.js';
import * as fit from './noderesources/fit.js';
import * as nodeUnschedulable from './nodeunschedulable/index.js';
import * as prioritySort from './prioritysort/index.js';
import * as schedulingGates from './schedulinggates/index.js';
import * as taintToleration from './tainttoleration/index.js';
import { handleFor, makeNode, makePod, withRequests } from './testing.js';
import { podInfoOf } from '../framework/pod-info.js';

type AnyPlugin = Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin>;

/** Runs PreFilter (Skip → not filtered) then Filter on every node; node name → status message or 'ok'. */
function filterAll(plugin: AnyPlugin, pod: Pod, snapshot: Snapshot): Record<string, string> {
  const state = new CycleState();
  if (plugin.preFilter) {
    const [, s] = plugin.preFilter(state, pod, snapshot.list());
    if (isSkip(s)) return Object.fromEntries(snapshot.list().map((n) => [n.name, 'ok']));
    if (s) return Object.fromEntries(snapshot.list().map((n) => [n.name, `${Code[s.code]}: ${s.message()}`]));
  }
  return Object.fromEntries(snapshot.list().map((n) => [n.name, describe(plugin.filter!(state, pod, n))]));
}

function describe(s: Status | null): string {
  return s ? `${Code[s.code]}: ${s.message()}` : 'ok';
}

/** PreScore, Score and NormalizeScore over every node. */
function scoreAll(plugin: AnyPlugin, pod: Pod, snapshot: Snapshot): Record<string, number> | 'skip' {
  const state = new CycleState();
  if (plugin.preScore && isSkip(plugin.preScore(state, pod, snapshot.list()))) return 'skip';
  const scores: NodeScore[] = snapshot.list().map((n: NodeInfo) => ({ name: n.name, score: plugin.score!(state, pod, n)[0] }));
  plugin.scoreExtensions!()?.normalizeScore(state, pod, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

test('NodeResourcesFit: upstream reasons, init containers counted, pod count', () => {
  const busy = withRequests({ ...makePod('busy'), spec: { ...makePod('busy').spec, nodeName: 'a' } }, { cpu: '3', memory: '1Gi' });
  const snapshot = Snapshot.fromPodsAndNodes([busy], [makeNode('a', { cpu: '4' }), makeNode('b', { cpu: '4', pods: '0' }), makeNode('c', { cpu: '1', memory: '1Gi' })]);
  const plugin = fit.create(undefined, handleFor(snapshot));
  const pod = withRequests(makePod('p'), { cpu: '2', memory: '2Gi' });
  assert.deepEqual(filterAll(plugin, pod, snapshot), {
    a: 'Unschedulable: Insufficient cpu',
    b: 'Unschedulable: Too many pods',
    c: 'Unschedulable: Insufficient cpu, Insufficient memory',
  });
  const init: Pod = { ...pod, spec: { ...pod.spec, containers: [{ name: 'c' }], initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }] } };
  assert.equal(filterAll(plugin, init, snapshot)['a'], 'Unschedulable: Insufficient cpu');
  assert.equal(filterAll(plugin, withRequests(makePod('small'), { cpu: '1' }), snapshot)['a'], 'ok');
});

test('NodeResourcesFit scoring: LeastAllocated prefers empty nodes, MostAllocated full ones', () => {
  const used = withRequests({ ...makePod('u'), spec: { ...makePod('u').spec, nodeName: 'full' } }, { cpu: '3', memory: '6Gi' });
  const snapshot = Snapshot.fromPodsAndNodes([used], [makeNode('empty'), makeNode('full')]);
  const pod = withRequests(makePod('p'), { cpu: '1', memory: '2Gi' });
  // empty: cpu (4000-1000)*100/4000 = 75, memory (8-2)/8 = 75 → 75; full: cpu 0, memory 0 → 0
  assert.deepEqual(scoreAll(fit.create(undefined, handleFor(snapshot)), pod, snapshot), { empty: 75, full: 0 });
  assert.deepEqual(scoreAll(fit.create({ scoringStrategy: { type: 'MostAllocated' } }, handleFor(snapshot)), pod, snapshot), { empty: 25, full: 100 });
  const ratio = fit.create({ scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } }, handleFor(snapshot));
  assert.deepEqual(scoreAll(ratio, pod, snapshot), { empty: 25, full: 100 });
  assert.throws(() => fit.create({ scoringStrategy: { type: 'Fancy' } }, handleFor(snapshot)), /NodeResourcesFitArgs\.scoringStrategy\.type: Unsupported value: "Fancy"/);
  assert.throws(() => fit.create({ scoringStrategy: { resources: [{ name: 'cpu', weight: 0 }] } }, handleFor(snapshot)), /resources\[0\]\.weight/);
});

test('NodeResourcesBalancedAllocation: balanced use scores higher; best-effort pods skip', () => {
  const snapshot = Snapshot.fromPodsAndNodes([], [makeNode('a', { cpu: '4', memory: '4Gi' }), makeNode('b', { cpu: '4', memory: '16Gi' })]);
  const plugin = balanced.create(undefined, handleFor(snapshot));
  const scores = scoreAll(plugin, withRequests(makePod('p'), { cpu: '2', memory: '2Gi' }), snapshot);
  // a: fractions 0.5/0.5 → 100; b: 0.5/0.125 → std 0.1875 → 81
  assert.deepEqual(scores, { a: 100, b: 81 });
  assert.equal(scoreAll(plugin, makePod('be'), snapshot), 'skip');
});

test('NodeAffinity: nodeSelector, required terms, matchFields PreFilterResult, preferred scores, addedAffinity', () => {
  const snapshot = Snapshot.fromPodsAndNodes([], [makeNode('a', { labels: { zone: 'z1', gpu: 'true' } }), makeNode('b', { labels: { zone: 'z2' } })]);
  const plugin = nodeAffinity.create(undefined, handleFor(snapshot));
  assert.deepEqual(filterAll(plugin, makePod('p', { nodeSelector: { zone: 'z1' } }), snapshot), { a: 'ok', b: "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector" });
  const required = makePod('r', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }] } } } });
  assert.deepEqual(filterAll(plugin, required, snapshot), { a: "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector", b: 'ok' });
  const byName = makePod('n', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } });
  const [result] = plugin.preFilter(new CycleState(), byName, snapshot.list());
  assert.deepEqual([...result!.nodeNames!], ['b']);
  assert.equal(isSkip(plugin.preFilter(new CycleState(), makePod('free'), snapshot.list())[1]), true);
  const preferred = makePod('pref', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } }] } } });
  assert.deepEqual(scoreAll(plugin, preferred, snapshot), { a: 0, b: 100 });
  const enforced = nodeAffinity.create({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }] } } }, handleFor(snapshot));
  assert.deepEqual(filterAll(enforced, makePod('any'), snapshot), { a: "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity", b: 'ok' });
});

test('TaintToleration: NoSchedule must be tolerated; PreferNoSchedule lowers the score', () => {
  const snapshot = Snapshot.fromPodsAndNodes([], [
    makeNode('hard', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }),
    makeNode('soft', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] }),
    makeNode('clean'),
  ]);
  const plugin = taintToleration.create(undefined, handleFor(snapshot));
  assert.deepEqual(filterAll(plugin, makePod('p'), snapshot), { hard: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {key: value}', soft: 'ok', clean: 'ok' });
  assert.equal(filterAll(plugin, makePod('t', { tolerations: [{ key: 'key', operator: 'Exists' }] }), snapshot)['hard'], 'ok');
  assert.deepEqual(scoreAll(plugin, makePod('p'), snapshot), { hard: 100, soft: 0, clean: 100 });
});

test('NodeUnschedulable, NodeName, NodePorts', () => {
  const withPort = (name: string, node?: string): Pod => makePod(name, { nodeName: node, containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
  const snapshot = Snapshot.fromPodsAndNodes([withPort('existing', 'a')], [makeNode('a'), makeNode('cordoned', { unschedulable: true })]);
  const unsched = nodeUnschedulable.create(undefined, handleFor(snapshot));
  assert.deepEqual(filterAll(unsched, makePod('p'), snapshot), { a: 'ok', cordoned: 'UnschedulableAndUnresolvable: node(s) were unschedulable' });
  assert.equal(filterAll(unsched, makePod('t', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), snapshot)['cordoned'], 'ok');
  assert.deepEqual(filterAll(nodeName.create(undefined, handleFor(snapshot)), makePod('n', { nodeName: 'cordoned' }), snapshot), { a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name", cordoned: 'ok' });
  const ports = nodePorts.create(undefined, handleFor(snapshot));
  assert.deepEqual(filterAll(ports, withPort('new'), snapshot), { a: "Unschedulable: node(s) didn't have free ports for the requested pod ports", cordoned: 'ok' });
  assert.equal(isSkip(ports.preFilter(new CycleState(), makePod('noports'), snapshot.list())[1]), true);
});

test('ImageLocality favours nodes with the image; PrioritySort; SchedulingGates', () => {
  const image = { names: ['docker.io/library/big:1'], sizeBytes: 500 * 1024 * 1024 };
  const snapshot = Snapshot.fromPodsAndNodes([], [makeNode('has', { images: [image] }), makeNode('lacks')]);
  const pod = makePod('p', { containers: [{ name: 'c', image: 'docker.io/library/big:1' }] });
  const scores = scoreAll(imageLocality.create(undefined, handleFor(snapshot)), pod, snapshot) as Record<string, number>;
  // 500Mi spread over half the nodes = 250Mi; (250-23)/(1000-23) of 100 → 23
  assert.deepEqual(scores, { has: 23, lacks: 0 });
  const q = (name: string, priority: number, timestamp: number) => ({ podInfo: podInfoOf(makePod(name, { priority })), timestamp, attempts: 0, unschedulablePlugins: new Set<string>(), pendingPlugins: new Set<string>() });
  assert.equal(prioritySort.less(q('hi', 10, 2), q('lo', 0, 1)), true);
  assert.equal(prioritySort.less(q('old', 0, 1), q('new', 0, 2)), true);
  assert.equal(schedulingGates.preEnqueue(makePod('g', { schedulingGates: [{ name: 'a' }, { name: 'b' }] }))?.message(), 'waiting for scheduling gates: [a b]');
  assert.equal(schedulingGates.preEnqueue(makePod('free')), null);
});
