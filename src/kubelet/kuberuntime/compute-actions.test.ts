import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computePodActions, NO_PROBE_KILLS } from './compute-actions.js';
import { container, pod, sandbox } from '../testing/fixtures.js';
import type { RuntimePod } from './runtime-pod.js';

const none = NO_PROBE_KILLS;
const names = (cs: { name: string }[]): string[] => cs.map((c) => c.name);

function rp(...parts: Partial<RuntimePod>[]): RuntimePod {
  return Object.assign({ uid: 'u1', sandboxes: [], containers: [] }, ...parts);
}

test('a new pod gets a sandbox and all its containers', () => {
  const p = pod({ containers: [{ name: 'a' }, { name: 'b' }] });
  const actions = computePodActions(p, rp(), none);
  assert.equal(actions.createSandbox, true);
  assert.equal(actions.killPod, false);
  assert.equal(actions.sandboxAttempt, 0);
  assert.deepEqual(names(actions.containersToStart), ['a', 'b']);
});

test('init containers start one at a time, in order, before app containers', () => {
  const p = pod({ initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] });
  assert.equal(computePodActions(p, rp(), none).nextInitContainer?.name, 'i1');
  const s = sandbox();
  const i1Running = container(p, 'i1');
  assert.equal(computePodActions(p, rp({ sandboxes: [s], containers: [i1Running] }), none).nextInitContainer, undefined);
  const i1Done = container(p, 'i1', { state: 'exited', exitCode: 0 });
  const next = computePodActions(p, rp({ sandboxes: [s], containers: [i1Done] }), none);
  assert.equal(next.nextInitContainer?.name, 'i2');
  assert.deepEqual(next.containersToStart, []);
  const i2Done = container(p, 'i2', { state: 'exited', exitCode: 0 });
  assert.deepEqual(names(computePodActions(p, rp({ sandboxes: [s], containers: [i2Done, i1Done] }), none).containersToStart), ['a']);
});

test('a failed init container is retried, except under restartPolicy Never where the pod is killed', () => {
  const p = pod({ initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] });
  const failed = container(p, 'i1', { state: 'exited', exitCode: 1 });
  const state = rp({ sandboxes: [sandbox()], containers: [failed] });
  assert.equal(computePodActions(p, state, none).nextInitContainer?.name, 'i1');
  const never = computePodActions({ ...p, spec: { ...p.spec, restartPolicy: 'Never' } }, state, none);
  assert.equal(never.killPod, true);
  assert.equal(never.nextInitContainer, undefined);
});

test('restartPolicy decides which exited containers start again', () => {
  for (const [policy, exitCode, restarts] of [
    ['Always', 0, true],
    ['Always', 1, true],
    ['OnFailure', 0, false],
    ['OnFailure', 2, true],
    ['Never', 1, false],
  ] as const) {
    const p = pod({ restartPolicy: policy });
    const exited = container(p, 'c', { state: 'exited', exitCode });
    const actions = computePodActions(p, rp({ sandboxes: [sandbox()], containers: [exited] }), none);
    assert.equal(actions.containersToStart.length === 1, restarts, `${policy} exit ${exitCode}`);
    assert.equal(actions.killPod, !restarts, `${policy} exit ${exitCode}: the finished pod releases its sandbox`);
  }
});

test('a running container is left alone unless its probe failed or its spec changed', () => {
  const p = pod();
  const running = container(p, 'c');
  const state = rp({ sandboxes: [sandbox()], containers: [running] });
  const quiet = computePodActions(p, state, none);
  assert.deepEqual([quiet.containersToStart, quiet.containersToKill, quiet.killPod], [[], [], false]);

  const probed = computePodActions(p, state, (c, id, restarts) => (id === running.id && restarts ? { reason: 'LivenessProbe', message: `Container ${c.name} failed liveness probe, will be restarted` } : undefined));
  assert.deepEqual(probed.containersToKill, [{ containerId: running.id, name: 'c', message: 'Container c failed liveness probe, will be restarted' }]);
  assert.deepEqual(names(probed.containersToStart), ['c']);

  const changed = computePodActions(pod({ containers: [{ name: 'c', image: 'busybox:1.37' }] }), state, none);
  assert.equal(changed.containersToKill[0]?.message, 'Container c definition changed, will be restarted');
});

test('a dead sandbox is replaced with the next attempt; a Never pod that ran is not restarted', () => {
  const p = pod();
  const dead = sandbox({ state: 'notready', attempt: 2 });
  const exited = container(p, 'c', { state: 'exited', exitCode: 137 });
  const again = computePodActions(p, rp({ sandboxes: [dead], containers: [exited] }), none);
  assert.deepEqual([again.createSandbox, again.killPod, again.sandboxAttempt], [true, true, 3]);
  const never = computePodActions({ ...p, spec: { ...p.spec, restartPolicy: 'Never' } }, rp({ sandboxes: [dead], containers: [exited] }), none);
  assert.deepEqual([never.createSandbox, never.killPod], [false, true]);
});
