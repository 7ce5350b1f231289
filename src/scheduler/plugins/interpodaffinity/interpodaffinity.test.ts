import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelSelector } from '../../../api/labels/index.js';
import type { KubeObjectLike } from '../../../client/object.js';
import type { Pod, PodAffinityTermSpec } from '../../framework/api-types.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Code, isSkip } from '../../framework/status.js';
import { makeNode, makePod, runFilter, runScore, summarize } from '../testing/cycle.js';
import { InterPodAffinity, parseArgs } from './index.js';
import { computePreFilterState, PRE_FILTER_STATE_KEY } from './filtering.js';
import { IncrementalCounts } from './incremental.js';
import type { NamespaceLister } from './namespaces.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTermSpec> = {}): PodAffinityTermSpec => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const antiAffinity = (...terms: PodAffinityTermSpec[]) => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const affinity = (...terms: PodAffinityTermSpec[]) => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });

const nodes = () => [makeNode('n1', { [ZONE]: 'a' }), makeNode('n2', { [ZONE]: 'a' }), makeNode('n3', { [ZONE]: 'b' }), makeNode('n4', {})];

function namespaces(list: { name: string; labels: Record<string, string> }[]): NamespaceLister {
  const objs: KubeObjectLike[] = list.map((n) => ({ metadata: { name: n.name, labels: n.labels } }));
  return {
    get: (_ns, name) => objs.find((o) => o.metadata.name === name),
    list: (selector?: LabelSelector) => objs.filter((o) => (selector ?? LabelSelector.everything()).matches(o.metadata.labels)),
  };
}

function plugin(snapshot: Snapshot, nsLister?: NamespaceLister, args: unknown = undefined): InterPodAffinity {
  return new InterPodAffinity(parseArgs(args), () => snapshot, nsLister);
}

function filter(pods: Pod[], incoming: Pod, nsLister?: NamespaceLister) {
  const snapshot = Snapshot.fromPodsAndNodes(pods, nodes());
  return runFilter(plugin(snapshot, nsLister), incoming, snapshot.list());
}

test('required anti-affinity on hostname: nodes with a matching pod are Unschedulable with upstream reason', () => {
  const web = (name: string, node: string) => makePod(name, { labels: { app: 'web' }, node, spec: antiAffinity(term({ app: 'web' }, HOST)) });
  const run = filter([web('w1', 'n1'), web('w2', 'n2'), makePod('other', { labels: { app: 'db' }, node: 'n3' })], makePod('w3', { labels: { app: 'web' }, spec: antiAffinity(term({ app: 'web' }, HOST)) }));
  const { fits, reasons } = summarize(run);
  assert.deepEqual(fits, ['n3', 'n4']);
  // Both the incoming pod's own anti-affinity and the existing pods' fail on n1, n2; the pod's own comes first.
  assert.deepEqual(reasons, { "node(s) didn't match pod anti-affinity rules": 2 });
  assert.equal(run.statuses.get('n1')!.code, Code.Unschedulable);
});

test("existing pods' anti-affinity by zone rejects every node of the zone", () => {
  const guard = makePod('guard', { labels: { app: 'guard' }, node: 'n1', spec: antiAffinity(term({ app: 'web' }, ZONE)) });
  const run = filter([guard], makePod('w', { labels: { app: 'web' } }));
  const { fits, reasons } = summarize(run);
  assert.deepEqual(fits, ['n3', 'n4']);
  assert.deepEqual(reasons, { "node(s) didn't satisfy existing pods anti-affinity rules": 2 });
  // A pod the guard does not select is not constrained at all: PreFilter skips.
  const other = filter([guard], makePod('x', { labels: { app: 'db' } }));
  assert.ok(isSkip(other.preFilterStatus));
  // A pod in another namespace is not selected by a term without namespaces.
  assert.ok(isSkip(filter([guard], makePod('w', { labels: { app: 'web' }, namespace: 'prod' })).preFilterStatus));
});

test('required affinity: only nodes in a topology with a matching pod, and nodes missing the key are unresolvable', () => {
  const db = makePod('db', { labels: { app: 'db' }, node: 'n3' });
  const run = filter([db], makePod('web', { labels: { app: 'web' }, spec: affinity(term({ app: 'db' }, ZONE)) }));
  const { fits, reasons } = summarize(run);
  assert.deepEqual(fits, ['n3']);
  assert.deepEqual(reasons, { "node(s) didn't match pod affinity rules": 3 });
  assert.equal(run.statuses.get('n1')!.code, Code.UnschedulableAndUnresolvable);
});

test('the first pod of a group with affinity to itself may go anywhere that has the topology key', () => {
  const run = filter([makePod('db', { labels: { app: 'db' }, node: 'n1' })], makePod('web', { labels: { app: 'web' }, spec: affinity(term({ app: 'web' }, ZONE)) }));
  assert.deepEqual(summarize(run).fits, ['n1', 'n2', 'n3']);
  // Not when it does not match its own term.
  const run2 = filter([], makePod('web', { labels: { app: 'web' }, spec: affinity(term({ app: 'db' }, ZONE)) }));
  assert.deepEqual(summarize(run2).fits, []);
});

test('namespaces and namespaceSelector select pods in other namespaces', () => {
  const pods = [makePod('a', { labels: { app: 'db' }, namespace: 'team-a', node: 'n1' }), makePod('b', { labels: { app: 'db' }, namespace: 'team-b', node: 'n3' })];
  const ns = namespaces([
    { name: 'team-a', labels: { team: 'a' } },
    { name: 'team-b', labels: { team: 'b' } },
    { name: 'default', labels: {} },
  ]);
  const bySelector = filter(pods, makePod('w', { spec: antiAffinity(term({ app: 'db' }, HOST, { namespaceSelector: { matchLabels: { team: 'b' } } })) }), ns);
  assert.deepEqual(summarize(bySelector).fits, ['n1', 'n2', 'n4']);
  const byList = filter(pods, makePod('w', { spec: antiAffinity(term({ app: 'db' }, HOST, { namespaces: ['team-a'] })) }), ns);
  assert.deepEqual(summarize(byList).fits, ['n2', 'n3', 'n4']);
  const all = filter(pods, makePod('w', { spec: antiAffinity(term({ app: 'db' }, HOST, { namespaceSelector: {} })) }), ns);
  assert.deepEqual(summarize(all).fits, ['n2', 'n4']);
  // An existing pod's term with a namespaceSelector matches the incoming pod through its namespace's labels.
  const guard = makePod('guard', { namespace: 'team-b', node: 'n2', spec: antiAffinity(term({ app: 'web' }, HOST, { namespaceSelector: { matchLabels: { team: 'a' } } })) });
  const incoming = makePod('w', { labels: { app: 'web' }, namespace: 'team-a' });
  assert.deepEqual(summarize(filter([guard], incoming, ns)).fits, ['n1', 'n3', 'n4']);
});

test('AddPod/RemovePod update a cloned state the way preemption uses it', () => {
  const victim = makePod('v', { labels: { app: 'web' }, node: 'n1', spec: antiAffinity(term({ app: 'web' }, HOST)) });
  const snapshot = Snapshot.fromPodsAndNodes([victim], nodes());
  const p = plugin(snapshot);
  const incoming = makePod('w', { labels: { app: 'web' }, spec: antiAffinity(term({ app: 'web' }, HOST)) });
  const run = runFilter(p, incoming, snapshot.list());
  assert.notEqual(run.statuses.get('n1'), null);
  const copy = run.state.clone();
  const n1 = snapshot.get('n1')!.clone();
  n1.removePod(victim);
  assert.equal(p.removePod(copy, incoming, new PodInfo(victim), n1), null);
  assert.equal(p.filter(copy, incoming, n1), null);
  assert.equal(copy.read(PRE_FILTER_STATE_KEY)!.antiAffinityCounts.size, 0);
  assert.notEqual(p.filter(run.state, incoming, snapshot.get('n1')!), null, 'the original state is untouched');
  p.addPod(copy, incoming, new PodInfo(victim), n1);
  assert.equal(p.filter(copy, incoming, n1)!.message(), "node(s) didn't match pod anti-affinity rules");
  // A pod added on n3 whose own anti-affinity selects the incoming pod blocks n3 (existing anti-affinity).
  const n3 = snapshot.get('n3')!.clone();
  p.addPod(copy, incoming, new PodInfo(makePod('g', { node: 'n3', spec: antiAffinity(term({ app: 'web' }, ZONE)) })), n3);
  assert.equal(p.filter(copy, incoming, n3)!.message(), "node(s) didn't satisfy existing pods anti-affinity rules");
  // Even a what-if on the original state copies the counts it shares with the plugin's cache.
  p.removePod(run.state, incoming, new PodInfo(victim), n1);
  assert.notEqual(runFilter(p, incoming, snapshot.list()).statuses.get('n1'), null, 'the next cycle still sees the victim');
});

test('preferred terms score by topology and normalize to [0, 100]; existing pods score the incoming pod too', () => {
  const pods = [makePod('db1', { labels: { app: 'db' }, node: 'n1' }), makePod('db2', { labels: { app: 'db' }, node: 'n3' }), makePod('cache', { labels: { app: 'cache' }, node: 'n3' })];
  const snapshot = Snapshot.fromPodsAndNodes(pods, nodes());
  const incoming = makePod('web', {
    labels: { app: 'web' },
    spec: {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'db' }, ZONE) }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'cache' }, HOST) }] },
      },
    },
  });
  // Raw: n1 10, n2 10, n3 10 - 5 = 5, n4 0 → normalized by (s - 0) / 10.
  assert.deepEqual(runScore(plugin(snapshot), incoming, snapshot.list()), { n1: 100, n2: 100, n3: 50, n4: 0 });

  // Existing pod with required affinity for the incoming pod: hardPodAffinityWeight per match.
  const lover = makePod('lover', { node: 'n4', spec: affinity(term({ app: 'web' }, HOST)) });
  const snap2 = Snapshot.fromPodsAndNodes([lover], nodes());
  assert.deepEqual(runScore(plugin(snap2), makePod('web', { labels: { app: 'web' } }), snap2.list()), { n1: 0, n2: 0, n3: 0, n4: 100 });
  assert.equal(runScore(plugin(snap2, undefined, { hardPodAffinityWeight: 0 }), makePod('web', { labels: { app: 'web' } }), snap2.list()), undefined);
  // No terms anywhere: Skip.
  assert.equal(runScore(plugin(snapshot), makePod('plain'), snapshot.list()), undefined);
});

test('args are validated with the field named', () => {
  assert.deepEqual(parseArgs(undefined), { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });
  assert.throws(() => parseArgs({ hardPodAffinityWeight: 101 }), /hardPodAffinityWeight: .*not in valid range \[0, 100\]/);
});

test('PreFilter at 5,000 nodes with 10,000 anti-affinity pods walks only pod lists once (sanity, not a timing test)', () => {
  const ns = [];
  for (let i = 0; i < 5000; i++) ns.push(makeNode(`n${i}`, { [ZONE]: `z${i % 10}` }));
  const pods: Pod[] = [];
  for (let i = 0; i < 10000; i++) pods.push(makePod(`p${i}`, { labels: { app: `a${i % 2}` }, node: `n${i % 5000}`, spec: antiAffinity(term({ app: `a${i % 2}` }, HOST)) }));
  const snapshot = Snapshot.fromPodsAndNodes(pods, ns);
  const run = runFilter(plugin(snapshot), makePod('new', { labels: { app: 'a0' }, spec: antiAffinity(term({ app: 'a0' }, HOST)) }), snapshot.list());
  // a0 pods are the even ones, on the even nodes.
  const { fits } = summarize(run);
  assert.equal(fits.length, 2500);
  assert.ok(fits.every((n) => Number(n.slice(1)) % 2 === 1));
});

test('counts kept across cycles equal counts from scratch as nodes change, leave and come back', () => {
  const snapshotOf = (infos: NodeInfo[]): Snapshot => {
    const s = new Snapshot();
    for (const i of infos) s.nodeInfoMap.set(i.name, i);
    s.nodeInfoList = infos;
    s.rebuildAffinityLists();
    return s;
  };
  const green = (name: string, node?: string) => makePod(name, { labels: { color: 'green' }, ...(node ? { node } : {}), spec: antiAffinity(term({ color: 'green' }, HOST), term({ color: 'green' }, ZONE)) });
  let snapshot = Snapshot.fromPodsAndNodes([green('g1', 'n1'), makePod('red', { labels: { color: 'red' }, node: 'n2' })], nodes());
  const cache = new IncrementalCounts();
  const compare = (incoming: Pod): void => {
    const info = new PodInfo(incoming);
    const list = snapshot.list();
    const withAnti = snapshot.havePodsWithRequiredAntiAffinityList();
    const kept = computePreFilterState(info, list, withAnti, undefined, cache);
    const fresh = computePreFilterState(info, list, withAnti, undefined);
    const rows = (s: typeof kept) => (s ? [s.existingAntiAffinityCounts, s.affinityCounts, s.antiAffinityCounts].map((c) => c.entries().sort()) : undefined);
    assert.deepEqual(rows(kept), rows(fresh));
  };
  compare(green('new'));
  // n3 gets a green pod (a new generation), n4 leaves the snapshot, the others are reused.
  const n3 = snapshot.get('n3')!.clone();
  n3.addPodInfo(new PodInfo(green('g2', 'n3')));
  snapshot = snapshotOf([snapshot.get('n1')!, snapshot.get('n2')!, n3]);
  compare(green('new2'));
  compare(makePod('plain', { labels: { color: 'green' } }));
  // n1 loses its pod; n4 comes back.
  const n1 = snapshot.get('n1')!.clone();
  n1.removePod(green('g1', 'n1'));
  snapshot = snapshotOf([n1, snapshot.get('n2')!, n3, new NodeInfo(makeNode('n4', {}))]);
  compare(green('new3'));
  compare(makePod('affine', { labels: { color: 'blue' }, spec: affinity(term({ color: 'green' }, ZONE)) }));
});
