import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { Snapshot } from '../framework/snapshot.js';
import type { Pod } from '../framework/api-types.js';
import { makeNode, makePod, withRequests } from '../plugins/testing.js';
import { SchedulerCache } from './cache.js';

const on = (pod: Pod, node: string): Pod => ({ ...pod, spec: { ...pod.spec, nodeName: node } });

test('assume, confirm through the informer, forget, expire', () => {
  const clock = new FakeClock();
  const cache = new SchedulerCache(30_000, clock);
  cache.addNode(makeNode('a'));
  const pod = withRequests(makePod('p'), { cpu: '1' });
  cache.assumePod(on(pod, 'a'));
  assert.equal(cache.nodeInfo('a')!.requested.milliCPU, 1000);
  assert.throws(() => cache.assumePod(on(pod, 'a')), /can't be assumed/);
  cache.forgetPod(on(pod, 'a'));
  assert.equal(cache.nodeInfo('a')!.requested.milliCPU, 0);

  cache.assumePod(on(pod, 'a'));
  cache.finishBinding(on(pod, 'a'));
  cache.addPod(on(pod, 'a'));
  assert.equal(cache.isAssumedPod(pod), false, 'confirmed');
  clock.step(60_000);
  cache.cleanupExpiredAssumedPods();
  assert.equal(cache.nodeInfo('a')!.pods.length, 1, 'a confirmed pod never expires');

  const other = makePod('q');
  cache.assumePod(on(other, 'a'));
  cache.finishBinding(on(other, 'a'));
  clock.step(30_001);
  cache.cleanupExpiredAssumedPods();
  assert.equal(cache.nodeInfo('a')!.pods.length, 1, 'an unconfirmed assumed pod expires');
  cache.removePod(on(pod, 'a'));
  assert.equal(cache.nodeInfo('a')!.pods.length, 0);
});

test('updateSnapshot copies only changed NodeInfos and keeps the snapshot isolated', () => {
  const cache = new SchedulerCache();
  for (const name of ['a', 'b', 'c']) cache.addNode(makeNode(name));
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  assert.deepEqual(snapshot.list().map((n) => n.name), ['a', 'b', 'c']);
  const [a, b, c] = snapshot.list();
  cache.addPod(on(withRequests(makePod('p'), { cpu: '1' }), 'b'));
  assert.equal(snapshot.get('b')!.pods.length, 0, 'the snapshot does not change until updated');
  cache.updateSnapshot(snapshot);
  assert.equal(snapshot.get('a'), a, 'unchanged node kept');
  assert.equal(snapshot.get('c'), c);
  assert.notEqual(snapshot.get('b'), b, 'changed node re-cloned');
  assert.equal(snapshot.list()[1], snapshot.get('b'), 'list and map agree');
  assert.equal(snapshot.get('b')!.requested.milliCPU, 1000);

  cache.removeNode(makeNode('a'));
  cache.addNode(makeNode('d'));
  cache.updateSnapshot(snapshot);
  assert.deepEqual(snapshot.list().map((n) => n.name).sort(), ['b', 'c', 'd']);
  const anti: Pod = on(makePod('x', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] } } }), 'c');
  cache.addPod(anti);
  cache.updateSnapshot(snapshot);
  assert.deepEqual(snapshot.havePodsWithRequiredAntiAffinityList().map((n) => n.name), ['c']);
});

test('nodes of several zones are interleaved', () => {
  const cache = new SchedulerCache();
  for (const [name, zone] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b'], ['b2', 'b']] as const) cache.addNode(makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone } }));
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  assert.deepEqual(snapshot.list().map((n) => n.name), ['a1', 'b1', 'a2', 'b2']);
});
