import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObjectLike } from '../../../client/object.js';
import type { Pod, TopologySpreadConstraint } from '../../framework/api-types.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Code, isSkip } from '../../framework/status.js';
import { makeNode, makePod, runFilter, runScore, summarize } from '../testing/cycle.js';
import type { ObjectLister, WorkloadListers } from './default-selector.js';
import { CriticalPaths } from './filtering.js';
import { parseArgs, PodTopologySpread } from './index.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const spread = (topologyKey: string, maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});
const web = (name: string, node?: string, constraints: TopologySpreadConstraint[] = [], labels: Record<string, string> = {}): Pod =>
  makePod(name, { labels: { app: 'web', ...labels }, ...(node ? { node } : {}), spec: { topologySpreadConstraints: constraints } });

const nodes = () => [makeNode('a1', { [ZONE]: 'a' }), makeNode('a2', { [ZONE]: 'a' }), makeNode('b1', { [ZONE]: 'b' }), makeNode('x', {})];

function lister(objs: KubeObjectLike[]): ObjectLister {
  return {
    get: (ns, name) => objs.find((o) => o.metadata.namespace === ns && o.metadata.name === name),
    listNamespace: (ns) => objs.filter((o) => o.metadata.namespace === ns),
  };
}
const noWorkloads = (): WorkloadListers => ({ services: lister([]), replicationControllers: lister([]), replicaSets: lister([]), statefulSets: lister([]) });

function plugin(snapshot: Snapshot, listers: WorkloadListers = noWorkloads(), args?: unknown): PodTopologySpread {
  return new PodTopologySpread(parseArgs(args), () => snapshot, listers);
}

function filter(pods: Pod[], incoming: Pod, nodeList = nodes()) {
  const snapshot = Snapshot.fromPodsAndNodes(pods, nodeList);
  return runFilter(plugin(snapshot), incoming, snapshot.list());
}

test('DoNotSchedule on zones with maxSkew 1: only the emptier zone fits; a node without the key is unresolvable', () => {
  const run = filter([web('w1', 'a1'), web('w2', 'a2'), web('w3', 'b1'), makePod('other', { node: 'b1' })], web('new', undefined, [spread(ZONE, 1)]));
  const { fits, reasons } = summarize(run);
  assert.deepEqual(fits, ['b1']);
  assert.deepEqual(reasons, { "node(s) didn't match pod topology spread constraints": 2, "node(s) didn't match pod topology spread constraints (missing required label)": 1 });
  assert.equal(run.statuses.get('x')!.code, Code.UnschedulableAndUnresolvable);
  assert.equal(run.statuses.get('a1')!.code, Code.Unschedulable);
});

test('hostname spreading with maxSkew 1 fills nodes evenly; pods of other namespaces and terminating pods do not count', () => {
  const ns = [makeNode('n1'), makeNode('n2'), makeNode('n3')];
  const other = makePod('o', { labels: { app: 'web' }, namespace: 'other', node: 'n2' });
  const terminating = { ...web('t', 'n3'), metadata: { ...web('t', 'n3').metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  const run = filter([web('w1', 'n1'), other, terminating], web('new', undefined, [spread(HOST, 1)]), ns);
  assert.deepEqual(summarize(run).fits, ['n2', 'n3']);
});

test('minDomains: fewer domains than minDomains makes the global minimum 0', () => {
  const pods = [web('w1', 'a1'), web('w2', 'b1')];
  assert.deepEqual(summarize(filter(pods, web('new', undefined, [spread(ZONE, 1)]))).fits, ['a1', 'a2', 'b1']);
  assert.deepEqual(summarize(filter(pods, web('new', undefined, [spread(ZONE, 1, { minDomains: 3 })]))).fits, []);
});

test('nodeAffinityPolicy and nodeTaintsPolicy decide which nodes count', () => {
  const pods = [web('w1', 'a1'), web('w2', 'b1')];
  // The pod may only go to zone a: with Honor (default) zone b is not a domain, so zone a's 1 is the minimum.
  const selectZoneA = (c: TopologySpreadConstraint): Pod => ({ ...web('new', undefined, [c]), spec: { ...web('new', undefined, [c]).spec, nodeSelector: { [ZONE]: 'a' } } });
  assert.deepEqual(summarize(filter(pods, selectZoneA(spread(ZONE, 1)))).fits, ['a1', 'a2', 'b1']);
  // With Ignore, zone b counts, both zones have 1: still fits (skew 1).
  assert.deepEqual(summarize(filter([...pods, web('w3', 'a2')], selectZoneA(spread(ZONE, 1, { nodeAffinityPolicy: 'Ignore' })))).fits, ['b1']);
  // A tainted zone-b node counts by default (Ignore) but not with Honor.
  const tainted = [makeNode('a1', { [ZONE]: 'a' }), makeNode('b1', { [ZONE]: 'b' }, { taints: [{ key: 'k', effect: 'NoSchedule' }] })];
  assert.deepEqual(summarize(filter([web('w1', 'a1')], web('new', undefined, [spread(ZONE, 1)]), tainted)).fits, ['b1']);
  assert.deepEqual(summarize(filter([web('w1', 'a1')], web('new', undefined, [spread(ZONE, 1, { nodeTaintsPolicy: 'Honor' })]), tainted)).fits, ['a1', 'b1']);
});

test('matchLabelKeys narrows the selector to pods with the same values', () => {
  const pods = [web('old1', 'a1', [], { hash: 'v1' }), web('old2', 'a2', [], { hash: 'v1' })];
  const incoming = web('new', undefined, [spread(ZONE, 1, { matchLabelKeys: ['hash'] })], { hash: 'v2' });
  assert.deepEqual(summarize(filter(pods, incoming)).fits, ['a1', 'a2', 'b1']);
  const same = web('new', undefined, [spread(ZONE, 1, { matchLabelKeys: ['hash'] })], { hash: 'v1' });
  assert.deepEqual(summarize(filter(pods, same)).fits, ['b1']);
});

test('AddPod/RemovePod move the counts and the critical paths', () => {
  const victim = web('w1', 'a1');
  const snapshot = Snapshot.fromPodsAndNodes([victim, web('w2', 'a1'), web('w5', 'b1')], nodes());
  const p = plugin(snapshot);
  const incoming = web('new', undefined, [spread(ZONE, 1)]);
  const run = runFilter(p, incoming, snapshot.list());
  const a1 = snapshot.get('a1')!;
  assert.notEqual(run.statuses.get('a1'), null);
  const copy = run.state.clone();
  p.removePod(copy, incoming, new PodInfo(victim), a1);
  assert.equal(p.filter(copy, incoming, a1), null);
  p.addPod(copy, incoming, new PodInfo(web('w3', 'b1')), snapshot.get('b1')!);
  p.addPod(copy, incoming, new PodInfo(web('w4', 'b1')), snapshot.get('b1')!);
  assert.equal(p.filter(copy, incoming, snapshot.get('b1')!)?.message(), "node(s) didn't match pod topology spread constraints");
  assert.notEqual(p.filter(run.state, incoming, a1), null, 'the original state is untouched');
});

test('critical paths keep the minimum first', () => {
  const p = new CriticalPaths();
  for (const [v, n] of [['a', 3], ['b', 1], ['c', 2]] as const) p.update(v, n);
  assert.deepEqual(p.paths, [{ value: 'b', num: 1 }, { value: 'c', num: 2 }]);
  p.update('b', 5);
  assert.deepEqual(p.paths, [{ value: 'c', num: 2 }, { value: 'b', num: 5 }]);
  p.update('a', 0);
  assert.deepEqual(p.paths, [{ value: 'a', num: 0 }, { value: 'c', num: 2 }]);
});

test('ScheduleAnyway scores nodes with fewer matching pods higher', () => {
  const ns = [makeNode('n1'), makeNode('n2'), makeNode('n3')];
  const snapshot = Snapshot.fromPodsAndNodes([web('w1', 'n1'), web('w2', 'n1'), web('w3', 'n2')], ns);
  const incoming = web('new', undefined, [spread(HOST, 1, { whenUnsatisfiable: 'ScheduleAnyway' })]);
  // Raw: count * log(3 + 2) + 0 → n1 3, n2 2, n3 0 (rounded); reversed: 100 * (3 + 0 - s) / 3.
  assert.deepEqual(runScore(plugin(snapshot), incoming, snapshot.list()), { n1: 0, n2: 33, n3: 100 });
  // No soft constraints: Skip (and no hard ones: PreFilter skips).
  assert.equal(runScore(plugin(snapshot), web('plain'), snapshot.list()), undefined);
  assert.ok(isSkip(runFilter(plugin(snapshot), web('plain'), snapshot.list()).preFilterStatus));
});

test('system default constraints apply to pods of a ReplicaSet or Service, by their selector', () => {
  const ns = [makeNode('n1', { [ZONE]: 'a' }), makeNode('n2', { [ZONE]: 'a' }), makeNode('n3', {})];
  const owned = (name: string, node?: string): Pod => {
    const p = makePod(name, { labels: { app: 'web' }, ...(node ? { node } : {}) });
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', controller: true, uid: 'rs' } as never];
    return p;
  };
  const snapshot = Snapshot.fromPodsAndNodes([owned('p1', 'n1'), owned('p2', 'n1'), owned('p3', 'n2')], ns);
  const rs = { metadata: { name: 'rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } } };
  const listers = { ...noWorkloads(), replicaSets: lister([rs]) };
  const scores = runScore(plugin(snapshot, listers), owned('new'), snapshot.list())!;
  assert.ok(scores['n3']! > scores['n2']! && scores['n2']! > scores['n1']!, JSON.stringify(scores));
  // Without the ReplicaSet (and no Service), there is nothing to spread by.
  assert.equal(runScore(plugin(snapshot), owned('new'), snapshot.list()), undefined);
  // A Service selecting the pod gives the same selector.
  const svc = { metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 'web' } } };
  const byService = runScore(plugin(snapshot, { ...noWorkloads(), services: lister([svc]) }), makePod('new', { labels: { app: 'web' } }), snapshot.list())!;
  assert.deepEqual(byService, scores);
  // defaultingType List with no constraints: no defaults.
  assert.equal(runScore(plugin(snapshot, listers, { defaultingType: 'List' }), owned('new'), snapshot.list()), undefined);
});

test('args are validated with the field named', () => {
  assert.throws(() => parseArgs({ defaultConstraints: [{ maxSkew: 1, topologyKey: 'k', whenUnsatisfiable: 'DoNotSchedule' }] }), /defaultConstraints: .*must be empty/);
  assert.throws(() => parseArgs({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 0, topologyKey: 'k', whenUnsatisfiable: 'DoNotSchedule' }] }), /defaultConstraints\[0\]\.maxSkew/);
  assert.throws(() => parseArgs({ defaultingType: 'Other' }), /defaultingType: Unsupported value/);
  assert.deepEqual(parseArgs({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'k', whenUnsatisfiable: 'ScheduleAnyway' }] }).defaultConstraints.length, 1);
});
