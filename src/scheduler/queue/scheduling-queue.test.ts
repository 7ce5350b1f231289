import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { ActionType } from '../framework/events.js';
import { Status } from '../framework/status.js';
import { less } from '../plugins/prioritysort/index.js';
import { makePod } from '../plugins/testing.js';
import { SchedulingQueue } from './scheduling-queue.js';

function newQueue(clock: FakeClock) {
  return new SchedulingQueue({
    less,
    preEnqueue: (pod) => (pod.spec?.schedulingGates?.length ? Status.unresolvable('gated').withPlugin('SchedulingGates') : null),
    pluginEvents: new Map([
      ['NodeResourcesFit', [{ event: { resource: 'Node', actionType: ActionType.Add } }]],
      ['TaintToleration', [{ event: { resource: 'Node', actionType: ActionType.UpdateNodeTaint } }]],
    ]),
    clock,
  });
}

test('pops by priority, then by arrival', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('low', { priority: 0 }));
  clock.step(1);
  q.add(makePod('high', { priority: 100 }));
  clock.step(1);
  q.add(makePod('low2', { priority: 0 }));
  const names = [];
  for (let i = 0; i < 3; i++) names.push((await q.pop())!.podInfo.pod.metadata.name);
  assert.deepEqual(names, ['high', 'low', 'low2']);
  q.close();
  assert.equal(await q.pop(), undefined);
});

test('unschedulable pods move only on events their rejecting plugins registered, through backoff', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  const qp = (await q.pop())!;
  qp.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(qp, q.cycle, true);
  assert.deepEqual(q.stats(), { active: 0, backoff: 0, unschedulable: 1, inFlight: 0 });
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.UpdateNodeTaint });
  assert.equal(q.stats().unschedulable, 1, 'a taint change does not help a pod NodeResourcesFit rejected');
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add });
  assert.deepEqual(q.stats(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 }, 'still backing off (1 s after one attempt)');
  clock.step(1000);
  q.flushBackoffQCompleted();
  assert.equal(q.stats().active, 1);
  const again = (await q.pop())!;
  assert.equal(again.attempts, 2);
  q.close();
});

test('errors go to backoff, doubling up to the maximum; long-unschedulable pods are flushed after 5 min', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  for (let attempt = 1; attempt <= 5; attempt++) {
    const qp = (await q.pop())!;
    assert.equal(qp.attempts, attempt);
    q.addUnschedulableIfNotPresent(qp, q.cycle, false);
    const expected = Math.min(1000 * 2 ** (attempt - 1), 10_000);
    clock.step(expected - 1);
    q.flushBackoffQCompleted();
    assert.equal(q.stats().active, 0, `attempt ${attempt}: still backing off`);
    clock.step(1);
    q.flushBackoffQCompleted();
    assert.equal(q.stats().active, 1, `attempt ${attempt}: backoff ${expected} ms over`);
  }
  const qp = (await q.pop())!;
  qp.unschedulablePlugins = new Set(['TaintToleration']);
  q.addUnschedulableIfNotPresent(qp, q.cycle, true);
  clock.step(5 * 60_000 + 1);
  q.flushUnschedulablePodsLeftover();
  assert.equal(q.stats().unschedulable, 0);
  q.close();
});

test('gated pods wait until the gate is removed; deleted in-flight pods are not requeued', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  const gated = makePod('g', { schedulingGates: [{ name: 'x' }] });
  q.add(gated);
  assert.deepEqual(q.stats(), { active: 0, backoff: 0, unschedulable: 1, inFlight: 0 });
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add });
  assert.equal(q.stats().unschedulable, 1, 'events do not move gated pods');
  q.update(gated, makePod('g'));
  assert.equal(q.stats().active, 1);
  const qp = (await q.pop())!;
  q.delete(qp.podInfo.pod);
  q.addUnschedulableIfNotPresent(qp, q.cycle, true);
  assert.deepEqual(q.stats(), { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  q.close();
});

test('a move request during a pod\'s cycle sends it to backoff rather than the unschedulable pool', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  const qp = (await q.pop())!;
  const cycle = q.cycle;
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add });
  qp.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(qp, cycle, true);
  assert.deepEqual(q.stats(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
  q.close();
});
