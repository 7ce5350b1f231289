import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { MemoryLog } from '../../../../storage/drivers/memory/memory-log.js';
import { LogStructuredBackend } from '../../../../storage/logstructured/backend.js';
import { StatusError } from '../../../../util/errors.js';
import { GenericStore } from '../../generic/store.js';
import { statusUpdate } from '../../generic/subresource-update.js';
import { evictPod, PDB_PREFIX, type PodDisruptionBudget } from './eviction.js';
import { podStrategy } from './strategy.js';

const backends: LogStructuredBackend[] = [];
after(async () => {
  for (const backend of backends) await backend.dispose();
});

let backend: LogStructuredBackend;
let pods: GenericStore;

beforeEach(() => {
  backend = new LogStructuredBackend(new MemoryLog());
  backends.push(backend);
  pods = new GenericStore(backend, '/registry/pods/', podStrategy);
});

/** A pod on node n1 in `phase`, Ready when `ready`. */
async function createPod(name: string, phase: string, ready: boolean): Promise<void> {
  await pods.create('default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'x:1' }] } });
  await pods.update('default', name, (o) => ({ ...o, status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }), { subresource: statusUpdate });
}

async function putBudget(name: string, status: PodDisruptionBudget['status'], selector: PodDisruptionBudget['spec'] = { selector: { matchLabels: { app: 'web' } } }): Promise<void> {
  const pdb: PodDisruptionBudget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default', generation: 1 }, spec: selector, status: { observedGeneration: 1, ...status } };
  await backend.create(`${PDB_PREFIX}default/${name}`, Buffer.from(JSON.stringify(pdb)));
}

async function budget(name: string): Promise<PodDisruptionBudget> {
  const { kv } = await backend.get(`${PDB_PREFIX}default/${name}`);
  return JSON.parse(Buffer.from(kv!.value).toString('utf8')) as PodDisruptionBudget;
}

const podExists = async (name: string): Promise<boolean> => (await backend.get(`/registry/pods/default/${name}`)).kv !== undefined;

describe('evictPod', () => {
  test('without a budget the pod is deleted with the eviction delete options', async () => {
    await createPod('p', 'Running', true);
    await evictPod(pods, backend, 'default', 'p', { gracePeriodSeconds: 0 });
    assert.equal(await podExists('p'), false);
  });

  test('a budget with no disruptions allowed refuses with 429 and the DisruptionBudget cause', async () => {
    await createPod('p', 'Running', true);
    await putBudget('pdb', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    await assert.rejects(evictPod(pods, backend, 'default', 'p', { gracePeriodSeconds: 0 }), (err) => {
      assert.ok(err instanceof StatusError);
      assert.equal(err.code, 429);
      assert.equal(err.reason, 'TooManyRequests');
      assert.equal(err.message, "Cannot evict pod as it would violate the pod's disruption budget.");
      assert.deepEqual(err.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget pdb needs 1 healthy pods and has 1 currently' }]);
      return true;
    });
    assert.equal(await podExists('p'), true);
  });

  test('a budget with room is charged and the pod recorded as disrupted', async () => {
    await createPod('p', 'Running', true);
    await putBudget('pdb', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 });
    await evictPod(pods, backend, 'default', 'p', { gracePeriodSeconds: 0 });
    assert.equal(await podExists('p'), false);
    const charged = await budget('pdb');
    assert.equal(charged.status?.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(charged.status?.disruptedPods ?? {}), ['p']);
  });

  test('budgets that do not select the pod, and Pending pods, do not block', async () => {
    await putBudget('other', { disruptionsAllowed: 0 }, { selector: { matchLabels: { app: 'db' } } });
    await putBudget('empty', { disruptionsAllowed: 0 }, { selector: {} });
    await createPod('p', 'Running', true);
    await evictPod(pods, backend, 'default', 'p', { gracePeriodSeconds: 0 });
    await putBudget('pdb', { disruptionsAllowed: 0 });
    await createPod('q', 'Pending', false);
    await evictPod(pods, backend, 'default', 'q', { gracePeriodSeconds: 0 });
    assert.equal(await podExists('q'), false);
  });

  test('an unready pod may go when the budget is healthy', async () => {
    await createPod('p', 'Running', false);
    await putBudget('pdb', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
    await evictPod(pods, backend, 'default', 'p', { gracePeriodSeconds: 0 });
    assert.equal(await podExists('p'), false);
  });

  test('a budget its controller has not seen yet refuses', async () => {
    await createPod('p', 'Running', true);
    await putBudget('pdb', { disruptionsAllowed: 5, observedGeneration: 0 });
    await assert.rejects(evictPod(pods, backend, 'default', 'p', {}), (err) => err instanceof StatusError && err.code === 429 && err.details?.causes?.[0]?.message === 'The disruption budget pdb is still being processed by the server.');
  });

  test('two budgets selecting the pod are an internal error; a missing pod is 404', async () => {
    await createPod('p', 'Running', true);
    await putBudget('a', { disruptionsAllowed: 1 });
    await putBudget('b', { disruptionsAllowed: 1 });
    await assert.rejects(evictPod(pods, backend, 'default', 'p', {}), (err) => err instanceof StatusError && err.code === 500 && /more than one PodDisruptionBudget/.test(err.message));
    await assert.rejects(evictPod(pods, backend, 'default', 'nope', {}), (err) => err instanceof StatusError && err.code === 404 && err.message === 'pods "nope" not found');
  });
});
