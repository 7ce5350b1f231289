import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ContainerLike } from '../../api/validation/pod/shapes.js';
import type { ObjectReference } from '../../client/events/types.js';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { HostExecRunner } from './host-exec.testing.js';
import { probeKillFor } from './kill.js';
import { ProbeManager } from './manager.js';
import type { ResultUpdate } from './results.js';
import type { ProbePod, ProbePodStatus } from './types.js';

const START = Date.parse('2025-01-01T00:00:00Z');

interface Recorded {
  ref: ObjectReference;
  type: string;
  reason: string;
  message: string;
}

describe('ProbeManager and its workers (FakeClock, host processes as exec)', () => {
  let dir: string;
  let clock: FakeClock;
  let runner: HostExecRunner;
  let events: Recorded[];
  let statuses: Map<string, ProbePodStatus>;
  let manager: ProbeManager;
  let updates: { type: string; update: ResultUpdate }[];

  const file = (name: string): string => join(dir, name);
  const touch = (name: string): void => writeFileSync(file(name), '');
  const rm = (name: string): void => unlinkSync(file(name));
  const check = (name: string): string[] => ['sh', '-c', `test -e ${file(name)}`];
  const execCount = (name: string): number => runner.calls.filter((c) => c.cmd[2]?.endsWith(`/${name}`)).length;

  function makeManager(random = 0): ProbeManager {
    const m = new ProbeManager({
      runner,
      recorder: { event: (ref, type, reason, message) => void events.push({ ref: ref as ObjectReference, type, reason, message }) },
      statusProvider: { podStatus: (uid) => statuses.get(uid) },
      clock,
      random: () => random,
    });
    for (const type of ['liveness', 'readiness', 'startup'] as const) {
      m.resultsFor(type).onUpdate((update) => updates.push({ type, update }));
    }
    return m;
  }

  function pod(container: ContainerLike, extra: Partial<ProbePod['metadata']> = {}, restartPolicy = 'Always'): ProbePod {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', uid: 'uid1', resourceVersion: '7', ...extra },
      spec: { containers: [{ name: 'app', ...container }], restartPolicy },
    };
  }

  function running(containerID: string, startedAt = START): ProbePodStatus {
    return {
      phase: 'Running',
      podIP: '127.0.0.1',
      containerStatuses: [{ name: 'app', containerID, state: { running: { startedAt: new Date(startedAt).toISOString() } } }],
    };
  }

  /** Advances the fake clock and waits for the probes it started. */
  async function tick(ms: number): Promise<void> {
    clock.step(ms);
    await manager.idle();
  }

  const resultsOf = (type: string): string[] => updates.filter((u) => u.type === type).map((u) => `${u.update.containerID}=${u.update.result}`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kts-prober-'));
    clock = new FakeClock(START);
    runner = new HostExecRunner(new Set(['c1', 'c2']));
    events = [];
    statuses = new Map();
    updates = [];
    manager = makeManager();
  });

  afterEach(async () => {
    await manager.dispose();
    assert.equal(manager.workerCount(), 0);
    assert.equal(clock.pendingTimers(), 0, 'no timers left');
    assert.equal(runner.runningCount(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('readiness: starts Failure, follows thresholds, fills ready, triggers a probe without a result', async () => {
    const p = pod({ readinessProbe: { exec: { command: check('ready') }, periodSeconds: 10, failureThreshold: 3, successThreshold: 1 } });
    statuses.set('uid1', running('process://c1'));
    manager.addPod(p);
    await tick(0);
    assert.deepEqual(resultsOf('readiness'), ['process://c1=Failure']);
    assert.deepEqual(events.map((e) => [e.type, e.reason, e.message, e.ref.fieldPath]), [
      ['Warning', 'Unhealthy', 'Readiness probe failed: ', 'spec.containers{app}'],
    ]);

    const status = running('process://c1');
    manager.updatePodStatus(p, status);
    assert.equal(status.containerStatuses![0]!.started, true);
    assert.equal(status.containerStatuses![0]!.ready, false);
    await manager.idle();
    assert.equal(execCount('ready'), 2, 'updatePodStatus triggered a probe at once');

    touch('ready');
    await tick(10_000);
    assert.deepEqual(resultsOf('readiness'), ['process://c1=Failure', 'process://c1=Success']);
    manager.updatePodStatus(p, status);
    assert.equal(status.containerStatuses![0]!.ready, true);

    rm('ready');
    await tick(10_000);
    await tick(10_000);
    assert.equal(manager.readiness.get('process://c1'), 'Success', 'two failures stay below the threshold');
    await tick(10_000);
    assert.equal(manager.readiness.get('process://c1'), 'Failure');

    manager.removePod(p);
    await manager.idle();
    assert.equal(manager.workerCount(), 0);
    assert.equal(manager.readiness.get('process://c1'), undefined, 'results of a removed worker are dropped');
    assert.equal(clock.pendingTimers(), 0);
  });

  test('startup gates liveness; a liveness failure holds until the container is replaced', async () => {
    const p = pod({
      startupProbe: { exec: { command: check('started') }, periodSeconds: 5, failureThreshold: 30 },
      livenessProbe: { exec: { command: check('live') }, periodSeconds: 10, failureThreshold: 1, terminationGracePeriodSeconds: 3 },
    });
    statuses.set('uid1', running('process://c1'));
    manager.addPod(p);
    await tick(0);
    assert.equal(execCount('started'), 1);
    assert.equal(execCount('live'), 0, 'liveness waits for startup');
    assert.equal(manager.startup.get('process://c1'), 'Unknown');
    assert.equal(manager.liveness.get('process://c1'), 'Success');
    const status = running('process://c1');
    manager.updatePodStatus(p, status);
    assert.deepEqual([status.containerStatuses![0]!.started, status.containerStatuses![0]!.ready], [false, false]);

    touch('started');
    await tick(5_000);
    assert.equal(manager.startup.get('process://c1'), 'Success');
    manager.updatePodStatus(p, status);
    assert.deepEqual([status.containerStatuses![0]!.started, status.containerStatuses![0]!.ready], [true, true]);

    await tick(5_000); // t=10: liveness probes and fails
    assert.equal(execCount('live'), 1);
    assert.equal(manager.liveness.get('process://c1'), 'Failure');
    assert.deepEqual(events.at(-1), {
      ref: { kind: 'Pod', apiVersion: 'v1', namespace: 'ns', name: 'p', uid: 'uid1', resourceVersion: '7', fieldPath: 'spec.containers{app}' },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Liveness probe failed: ',
    });
    assert.deepEqual(probeKillFor(p.spec!.containers![0]!, 'process://c1', manager, true), {
      reason: 'LivenessProbe',
      message: 'Container app failed liveness probe, will be restarted',
      gracePeriodSeconds: 3,
    });
    const startupExecs = execCount('started');
    await tick(5_000);
    await tick(5_000);
    assert.equal(execCount('live'), 1, 'on hold: no probe of the failed container');
    assert.equal(execCount('started'), startupExecs, 'a started container is not startup-probed');

    // The kubelet restarts the container: a new id resets results and probing resumes.
    touch('live');
    statuses.set('uid1', running('process://c2', clock.now()));
    await tick(5_000);
    await tick(5_000);
    assert.equal(manager.liveness.get('process://c1'), undefined);
    assert.equal(manager.startup.get('process://c2'), 'Success');
    assert.equal(manager.liveness.get('process://c2'), 'Success');
    assert.equal(execCount('live'), 2);
    assert.ok(runner.calls.some((c) => c.containerId === 'c2'), 'the new container is probed by its own id');
    assert.equal(probeKillFor(p.spec!.containers![0]!, 'process://c2', manager, true), undefined);
  });

  test('a failed startup probe asks for a restart', async () => {
    const p = pod({ startupProbe: { exec: { command: check('never') }, periodSeconds: 1, failureThreshold: 2 } });
    statuses.set('uid1', running('process://c1'));
    manager.addPod(p);
    await tick(0);
    await tick(1_000);
    assert.equal(manager.startup.get('process://c1'), 'Failure');
    assert.deepEqual(resultsOf('startup'), ['process://c1=Unknown', 'process://c1=Failure']);
    assert.equal(probeKillFor(p.spec!.containers![0]!, 'process://c1', manager, false)?.message, 'Container app failed startup probe');
    assert.deepEqual(events.map((e) => e.message), ['Startup probe failed: ', 'Startup probe failed: ']);
  });

  test('the first probe is jittered within a period after the manager starts; initialDelaySeconds holds probes', async () => {
    await manager.dispose();
    manager = makeManager(0.5);
    const p = pod({ readinessProbe: { exec: { command: check('ready') }, periodSeconds: 10, initialDelaySeconds: 12 } });
    statuses.set('uid1', running('process://c1'));
    touch('ready');
    manager.addPod(p);
    await tick(4_999);
    assert.deepEqual(resultsOf('readiness'), []);
    await tick(1); // t=5s: first round, inside the initial delay
    assert.deepEqual(resultsOf('readiness'), ['process://c1=Failure']);
    assert.equal(execCount('ready'), 0);
    await tick(10_000); // t=15s
    assert.equal(execCount('ready'), 1);
    assert.equal(manager.readiness.get('process://c1'), 'Success');

    // Long after the manager started, a new pod is probed at once.
    const later = pod({ readinessProbe: { exec: { command: check('ready') }, periodSeconds: 10 } }, { uid: 'uid2' });
    statuses.set('uid2', running('process://c2'));
    manager.addPod(later);
    await tick(0);
    assert.equal(manager.readiness.get('process://c2'), 'Success');
  });

  test('workers end when the pod finished, the container will not restart, or the pod is deleted', async () => {
    statuses.set('uid1', { ...running('process://c1'), phase: 'Succeeded' });
    manager.addPod(pod({ readinessProbe: { exec: { command: check('x') } } }));
    await tick(0);
    assert.equal(manager.workerCount(), 0);

    statuses.set('uid1', {
      phase: 'Running',
      containerStatuses: [{ name: 'app', containerID: 'process://c1', state: { terminated: { exitCode: 1 } } }],
    });
    manager.addPod(pod({ readinessProbe: { exec: { command: check('x') } } }, {}, 'Never'));
    await tick(0);
    assert.equal(manager.workerCount(), 0);
    assert.deepEqual(resultsOf('readiness'), ['process://c1=Failure']);

    statuses.set('uid1', running('process://c1'));
    manager.addPod(pod({ livenessProbe: { exec: { command: check('x') } } }, { deletionTimestamp: '2025-01-01T00:00:00Z' }));
    await tick(0);
    assert.equal(manager.workerCount(), 0);
    assert.equal(execCount('x'), 0);

    manager.addPod(pod({ readinessProbe: { exec: { command: check('x') } } }));
    manager.cleanupPods(['other']);
    await tick(0);
    assert.equal(manager.workerCount(), 0);
  });

  test('no status or no container id yet: the worker waits', async () => {
    manager.addPod(pod({ readinessProbe: { exec: { command: check('ready') }, periodSeconds: 10 } }));
    await tick(0);
    statuses.set('uid1', { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] });
    await tick(10_000);
    assert.deepEqual(resultsOf('readiness'), []);
    assert.equal(manager.workerCount(), 1);
    statuses.set('uid1', running('process://c1'));
    touch('ready');
    await tick(10_000);
    assert.equal(manager.readiness.get('process://c1'), 'Success');
  });
});
