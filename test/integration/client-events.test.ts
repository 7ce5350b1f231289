/**
 * The event recorder (src/client/events) against a real `kts server` through the REST client:
 * an event about a ConfigMap is created, three repeats patch it to count 4, a cluster-scoped
 * object's event lands in `default`, `kubectl describe cm` lists the event, and a repeat of a
 * deleted Event creates it anew.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventBroadcaster, RestEventSink, type CoreEvent, type EventRecorder } from '../../src/client/events/index.js';
import type { KubeObjectLike } from '../../src/client/object.js';
import { loadKubeconfig, RestClient } from '../../src/client/rest/index.js';
import { useCluster } from '../support/cluster.js';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

describe('event recorder against kts server', () => {
  const { server, kubectl } = useCluster();
  let client: RestClient;
  let broadcaster: EventBroadcaster;
  let recorder: EventRecorder;
  before(async () => {
    client = new RestClient({ ...loadKubeconfig(server.kubeconfig).config, qps: 100, burst: 100 });
    await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'recorded' } });
    broadcaster = new EventBroadcaster({ sink: new RestEventSink(client), retryIntervalMs: 100 });
    recorder = broadcaster.newRecorder({ component: 'kts-test-controller', host: 'test-host' });
  });
  after(async () => {
    await broadcaster.dispose();
    client.close();
  });

  test('four identical events become one Event with count 4 that kubectl describe shows', async () => {
    const cm = await client.resource(CONFIGMAPS).namespace('recorded').create({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' },
    });
    recorder.event(cm, 'Normal', 'Synced', 'ConfigMap synced to the cache');
    await broadcaster.whenIdle();
    const first = await client.resource<CoreEvent>(EVENTS).namespace('recorded').list();
    assert.equal(first.items.length, 1);
    const created = first.items[0];
    assert.match(created?.metadata.name ?? '', /^settings\.[0-9a-f]{16}$/);
    assert.equal(created?.count, 1);
    assert.deepEqual(created?.involvedObject, {
      kind: 'ConfigMap', namespace: 'recorded', name: 'settings', uid: cm.metadata.uid,
      apiVersion: 'v1', resourceVersion: cm.metadata.resourceVersion,
    });
    assert.deepEqual(created?.source, { component: 'kts-test-controller', host: 'test-host' });

    for (let i = 0; i < 3; i++) recorder.event(cm, 'Normal', 'Synced', 'ConfigMap synced to the cache');
    await broadcaster.whenIdle();
    const events = await client.resource<CoreEvent>(EVENTS).namespace('recorded').list();
    assert.equal(events.items.length, 1);
    const event = events.items[0];
    assert.equal(event?.metadata.name, created?.metadata.name);
    assert.equal(event?.count, 4);
    assert.equal(event?.firstTimestamp, created?.firstTimestamp);
    assert.equal(event?.type, 'Normal');

    const described = await kubectl().ok(['describe', 'configmap', 'settings', '-n', 'recorded']);
    const section = described.slice(described.indexOf('Events:'));
    assert.match(section, /Type\s+Reason\s+Age\s+From\s+Message/);
    assert.match(section, /Normal\s+Synced\s+\S+ \(x4 over \S+\)\s+kts-test-controller\s+ConfigMap synced to the cache/);

    // The Event is deleted on the server: the next repeat's patch gets 404 and it is created anew.
    await client.resource(EVENTS).namespace('recorded').delete(event?.metadata.name ?? '');
    recorder.event(cm, 'Normal', 'Synced', 'ConfigMap synced to the cache');
    await broadcaster.whenIdle();
    const recreated = await client.resource<CoreEvent>(EVENTS).namespace('recorded').get(event?.metadata.name ?? '');
    assert.equal(recreated.count, 5);
    assert.notEqual(recreated.metadata.uid, event?.metadata.uid);
  });

  test('an event about a cluster-scoped object goes to the default namespace; eventf formats', async () => {
    const ns = await client.resource<KubeObjectLike>(NAMESPACES).get('recorded');
    recorder.eventf(ns, 'Warning', 'Checked', 'namespace %s checked %d times', 'recorded', 2);
    await broadcaster.whenIdle();
    const events = await client.resource<CoreEvent>(EVENTS).namespace('default').list();
    const event = events.items.find((e) => e.involvedObject.kind === 'Namespace');
    assert.ok(event, 'the Namespace event exists in default');
    assert.equal(event.involvedObject.name, 'recorded');
    assert.equal(event.message, 'namespace recorded checked 2 times');
    assert.equal(event.type, 'Warning');
  });
});
