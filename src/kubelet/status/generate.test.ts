import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuntimePod } from '../kuberuntime/runtime-pod.js';
import type { ContainerStateWaiting, Pod, PodCondition, PodStatus } from '../pod.js';
import { container, pod, sandbox } from '../testing/fixtures.js';
import { ALWAYS_READY, generatePodStatus, stampTransitions, type StatusInputs } from './generate.js';

function generate(p: Pod, runtime: Partial<RuntimePod>, extra: Partial<StatusInputs> = {}): PodStatus {
  return generatePodStatus({
    pod: p,
    runtime: { uid: 'u1', sandboxes: [], containers: [], ...runtime },
    waitingReasons: new Map<string, ContainerStateWaiting>(),
    probes: ALWAYS_READY,
    runtimeName: 'process',
    hostIP: '192.0.2.1',
    podIsTerminal: false,
    now: Date.parse('2026-12-05T10:00:00Z'),
    ...extra,
  });
}

const condition = (s: PodStatus, type: string) => s.conditions?.find((c) => c.type === type);

test('a pod not started yet is Pending with ContainerCreating', () => {
  const s = generate(pod(), {});
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: 'ContainerCreating' } });
  assert.equal(condition(s, 'PodReadyToStartContainers')?.status, 'False');
  assert.deepEqual(condition(s, 'Ready'), { type: 'Ready', status: 'False', lastProbeTime: null, reason: 'ContainersNotReady', message: 'containers with unready status: [c]' });
  assert.equal(condition(s, 'PodScheduled')?.status, 'True');
  assert.equal(s.startTime, '2026-12-05T10:00:00Z');
  assert.equal(s.qosClass, 'BestEffort');
  assert.equal(s.hostIP, '192.0.2.1');
});

test('a running container makes the pod Running and Ready, with the sandbox IP', () => {
  const p = pod();
  const c = container(p, 'c', { startedAt: Date.parse('2026-12-05T10:00:01Z') });
  const s = generate(p, { sandboxes: [sandbox()], containers: [c] });
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.0.0.1');
  assert.deepEqual(s.podIPs, [{ ip: '10.0.0.1' }]);
  const cs = s.containerStatuses?.[0];
  assert.deepEqual(cs?.state, { running: { startedAt: '2026-12-05T10:00:01Z' } });
  assert.equal(cs?.ready, true);
  assert.equal(cs?.started, true);
  assert.equal(cs?.containerID, `process://${c.id}`);
  for (const type of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']) assert.equal(condition(s, type)?.status, 'True', type);
});

test('an unready probe keeps Ready False while the pod runs', () => {
  const p = pod();
  const s = generate(p, { sandboxes: [sandbox()], containers: [container(p, 'c')] }, { probes: (_p, st) => st.containerStatuses?.forEach((c) => ((c.started = true), (c.ready = false))) });
  assert.equal(s.phase, 'Running');
  assert.equal(condition(s, 'ContainersReady')?.status, 'False');
  assert.equal(s.containerStatuses?.[0]?.ready, false);
});

test('completed containers: Succeeded under Never, Running (restarting) under Always; PodCompleted conditions', () => {
  const p = pod({ restartPolicy: 'Never' });
  const done = container(p, 'c', { state: 'exited', exitCode: 0, reason: 'Completed', finishedAt: Date.parse('2026-12-05T10:00:02Z') });
  const s = generate(p, { sandboxes: [sandbox()], containers: [done] });
  assert.equal(s.phase, 'Succeeded');
  assert.equal(s.containerStatuses?.[0]?.state.terminated?.reason, 'Completed');
  assert.equal(s.containerStatuses?.[0]?.state.terminated?.finishedAt, '2026-12-05T10:00:02Z');
  assert.equal(condition(s, 'Ready')?.reason, 'PodCompleted');
  const failed = generate(p, { sandboxes: [sandbox()], containers: [{ ...done, exitCode: 1, reason: 'Error' }] });
  assert.equal(failed.phase, 'Failed');
  assert.equal(condition(failed, 'Ready')?.reason, 'PodFailed');
  assert.equal(generate(pod(), { sandboxes: [sandbox()], containers: [done] }).phase, 'Running');
});

test('a crash-looping container shows CrashLoopBackOff with the last run as lastState and its restart count', () => {
  const p = pod();
  const last = container(p, 'c', { state: 'exited', exitCode: 2, reason: 'Error', attempt: 3 });
  const earlier = container(p, 'c', { state: 'exited', exitCode: 2, reason: 'Error', attempt: 2 });
  const waiting = new Map([['c', { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=c pod=p_ns(u1)' }]]);
  const s = generate(p, { sandboxes: [sandbox()], containers: [last, earlier] }, { waitingReasons: waiting });
  const cs = s.containerStatuses?.[0];
  assert.equal(cs?.restartCount, 3);
  assert.deepEqual(cs?.state, { waiting: waiting.get('c') });
  assert.equal(cs?.lastState.terminated?.exitCode, 2);
  assert.equal(cs?.lastState.terminated?.containerID, `process://${last.id}`);
  assert.equal(s.phase, 'Running');
});

test('init containers: Pending with Initialized False until they succeed; a failure under Never fails the pod', () => {
  const p = pod({ initContainers: [{ name: 'i1' }, { name: 'i2' }] });
  const i1 = container(p, 'i1', { state: 'exited', exitCode: 0 });
  const i2 = container(p, 'i2');
  const s = generate(p, { sandboxes: [sandbox()], containers: [i2, i1] });
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(condition(s, 'Initialized'), { type: 'Initialized', status: 'False', lastProbeTime: null, reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [i2]' });
  assert.equal(s.initContainerStatuses?.[0]?.ready, true);
  assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: 'PodInitializing' } });
  const never = { ...p, spec: { ...p.spec, restartPolicy: 'Never' } };
  assert.equal(generate(never, { sandboxes: [sandbox()], containers: [{ ...i2, state: 'exited', exitCode: 1 }, i1] }).phase, 'Failed');
});

test('a terminal phase never changes back', () => {
  const p = { ...pod(), status: { phase: 'Succeeded' as const } };
  assert.equal(generate(p, { sandboxes: [sandbox()], containers: [container(p, 'c')] }).phase, 'Succeeded');
});

test('pod-level failure (deadline) sets phase, reason and message', () => {
  const s = generate(pod(), {}, { failure: { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' } });
  assert.deepEqual([s.phase, s.reason], ['Failed', 'DeadlineExceeded']);
});

test('conditions keep their transition time while their status holds', () => {
  const before = [{ type: 'Ready', status: 'False' as const, lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }];
  const same: PodCondition[] = [{ type: 'Ready', status: 'False', lastProbeTime: null }];
  stampTransitions(before, same, '2026-12-05T00:00:00Z');
  assert.equal(same[0]?.lastTransitionTime, '2026-01-01T00:00:00Z');
  const flipped: PodCondition[] = [{ type: 'Ready', status: 'True', lastProbeTime: null }];
  stampTransitions(before, flipped, '2026-12-05T00:00:00Z');
  assert.equal(flipped[0]?.lastTransitionTime, '2026-12-05T00:00:00Z');
});
