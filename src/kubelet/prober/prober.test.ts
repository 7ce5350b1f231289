import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObjectReference } from '../../client/events/types.js';
import { expand, expandCommandOnlyStatic } from './expand.js';
import { HostExecRunner } from './host-exec.testing.js';
import { Prober } from './prober.js';
import { httpServer } from './servers.testing.js';
import type { ProbePod } from './types.js';

function setup() {
  const runner = new HostExecRunner(new Set(['c1']));
  const events: { ref: ObjectReference; reason: string; message: string }[] = [];
  const prober = new Prober(runner, { event: (ref, _type, reason, message) => void events.push({ ref: ref as ObjectReference, reason, message }) });
  return { runner, events, prober };
}

const pod: ProbePod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
  spec: { initContainers: [{ name: 'side', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
};
const status = { podIP: '127.0.0.1' };

test('exec probes expand $(VAR) from static env values and report the output', async () => {
  const { prober, events, runner } = setup();
  const container = {
    name: 'app',
    env: [{ name: 'MSG', value: 'hi' }, { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    livenessProbe: { exec: { command: ['sh', '-c', "printf '%s' '$(MSG)[$(SECRET)]$(NOPE) $$(MSG)'; exit 1"] }, timeoutSeconds: 5 },
  };
  assert.deepEqual(await prober.probe('liveness', pod, status, container, 'process://c1'), { result: 'Failure' });
  assert.deepEqual(runner.calls[0]?.cmd, ['sh', '-c', "printf '%s' 'hi[]$(NOPE) $(MSG)'; exit 1"]);
  assert.equal(runner.calls[0]?.timeoutMs, 5000);
  assert.deepEqual(events, [{
    ref: { kind: 'Pod', apiVersion: 'v1', namespace: 'ns', name: 'p', uid: 'u1', fieldPath: 'spec.containers{app}' },
    reason: 'Unhealthy',
    message: 'Liveness probe failed: hi[]$(NOPE) $(MSG)',
  }]);
});

test('a probe that cannot run is retried three times and reported as errored', async () => {
  const { prober, events, runner } = setup();
  const container = { name: 'side', readinessProbe: { exec: { command: ['true'] } } };
  const outcome = await prober.probe('readiness', pod, status, container, 'process://gone');
  assert.equal(outcome.result, 'Failure');
  assert.equal(outcome.error?.message, 'container "gone" not found');
  assert.equal(runner.calls.length, 3);
  assert.deepEqual(events.map((e) => [e.reason, e.message, e.ref.fieldPath]), [
    ['Unhealthy', 'Readiness probe errored and resulted in unknown state: container "gone" not found', 'spec.initContainers{side}'],
  ]);
});

test('a bad port is an error; a missing handler is an error', async () => {
  const { prober, events } = setup();
  const bad = await prober.probe('startup', pod, status, { name: 'app', startupProbe: { httpGet: { port: 'nope' } } }, 'process://c1');
  assert.equal(bad.error?.message, 'strconv.Atoi: parsing "nope": invalid syntax');
  const none = await prober.probe('startup', pod, status, { name: 'app', startupProbe: { periodSeconds: 1 } }, 'process://c1');
  assert.equal(none.error?.message, 'missing probe handler for p_ns(u1):app');
  assert.deepEqual(events.map((e) => e.message), [
    'Startup probe errored and resulted in unknown state: strconv.Atoi: parsing "nope": invalid syntax',
    'Startup probe errored and resulted in unknown state: missing probe handler for p_ns(u1):app',
  ]);
});

test('httpGet probes the pod IP; a redirect elsewhere is a warning that counts as success', async () => {
  const server = await httpServer((req, res) => {
    if (req.url === '/away') res.writeHead(302, { location: 'http://localhost:1/' }).end('bye');
    else res.writeHead(503).end();
  });
  try {
    const { prober, events } = setup();
    const away = { name: 'app', readinessProbe: { httpGet: { port: server.port, path: '/away' } } };
    assert.deepEqual(await prober.probe('readiness', pod, status, away, 'process://c1'), { result: 'Success' });
    const down = { name: 'app', livenessProbe: { httpGet: { port: server.port, path: '/' } } };
    assert.deepEqual(await prober.probe('liveness', pod, status, down, 'process://c1'), { result: 'Failure' });
    assert.deepEqual(events.map((e) => [e.reason, e.message]), [
      ['ProbeWarning', 'Readiness probe warning: Probe terminated redirects, Response body: bye'],
      ['Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 503'],
    ]);
  } finally {
    await server.close();
  }
});

test('expansion follows upstream: escapes, unknown and unterminated references', () => {
  const map = (n: string): string => (n === 'A' ? 'x' : `$(${n})`);
  assert.equal(expand('$(A)$(B)$$(A)$A$(', map), 'x$(B)$(A)$A$(');
  assert.equal(expand('a$', map), 'a$');
  assert.deepEqual(expandCommandOnlyStatic(['$(A)'], undefined), ['$(A)']);
});
