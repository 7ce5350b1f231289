import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, service } from './fixtures.testing.js';
import { findPort, isEndpointIP, podIPs, servicesSelecting, servicesToUpdateOnPodChange, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
import { formatRFC3339Nano, TriggerTimeTracker } from './trigger-time.js';

test('shouldPodBeInEndpoints: terminal, IP-less and (unless included) terminating pods are out', () => {
  assert.equal(shouldPodBeInEndpoints(pod('a'), false), true);
  assert.equal(shouldPodBeInEndpoints(pod('a', { phase: 'Succeeded' }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', { phase: 'Failed' }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', { ip: '' }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', { terminating: true }), false), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', { terminating: true }), true), true);
});

test('podIPs: addresses the API refuses for endpoints (loopback, link-local, unspecified) are left out', () => {
  assert.deepEqual(podIPs(pod('a', { ips: ['127.0.0.1'] })), []);
  assert.deepEqual(podIPs(pod('a', { ips: ['169.254.1.1', '10.42.0.3', 'fe80::1', 'fd00::1'] })), ['10.42.0.3', 'fd00::1']);
  assert.equal(isEndpointIP('0.0.0.0'), false);
  assert.equal(isEndpointIP('::1'), false);
});

test('findPort: numbers as is, names from container ports with the same protocol, else none', () => {
  const p = pod('a', { ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
  assert.equal(findPort(p, { port: 80, targetPort: 9000 }), 9000);
  assert.equal(findPort(p, { port: 80, targetPort: 'web', protocol: 'TCP' }), 8080);
  assert.equal(findPort(p, { port: 53, targetPort: 'dns', protocol: 'TCP' }), undefined);
  assert.equal(findPort(p, { port: 53, targetPort: 'dns', protocol: 'UDP' }), 53);
  assert.equal(findPort(p, { port: 80, targetPort: 'missing' }), undefined);
  const sidecar = { ...p, spec: { ...p.spec, initContainers: [{ name: 's', restartPolicy: 'Always', ports: [{ name: 'side', containerPort: 7000 }] }, { name: 'i', ports: [{ name: 'init', containerPort: 7001 }] }] } };
  assert.equal(findPort(sidecar, { port: 1, targetPort: 'side' }), 7000);
  assert.equal(findPort(sidecar, { port: 1, targetPort: 'init' }), undefined);
});

test('shouldSetHostname: hostname and subdomain naming the service in its namespace', () => {
  const svc = service('db');
  assert.equal(shouldSetHostname(pod('a', { hostname: 'h', subdomain: 'db' }), svc), true);
  assert.equal(shouldSetHostname(pod('a', { hostname: 'h', subdomain: 'other' }), svc), false);
  assert.equal(shouldSetHostname(pod('a', { subdomain: 'db' }), svc), false);
});

test('service membership: nil selectors select nothing, label changes update gained and lost services', () => {
  const web = service('web');
  const api = service('api', { selector: { app: 'api' } });
  const manual = service('manual', { selector: null });
  const all = [web, api, manual];
  assert.deepEqual([...servicesSelecting(all, { app: 'web' })], ['ns/web']);
  const before = pod('p', { rv: '1' });
  // resync: nothing
  assert.deepEqual([...servicesToUpdateOnPodChange(all, before, before)], []);
  // irrelevant change (same readiness, labels, IPs)
  assert.deepEqual([...servicesToUpdateOnPodChange(all, before, pod('p', { rv: '2' }))], []);
  // readiness change
  assert.deepEqual([...servicesToUpdateOnPodChange(all, before, pod('p', { rv: '2', ready: false }))], ['ns/web']);
  // label move: both the lost and the gained service
  assert.deepEqual([...servicesToUpdateOnPodChange(all, before, pod('p', { rv: '2', labels: { app: 'api' } }))].sort(), ['ns/api', 'ns/web']);
});

test('trigger time: creation on first sync, then the earliest new Ready transition, else none', () => {
  const tracker = new TriggerTimeTracker();
  const svc = service('web');
  assert.equal(tracker.compute('ns', svc, [pod('a')]), Date.parse('2025-01-01T00:00:00Z'));
  assert.equal(tracker.compute('ns', svc, [pod('a')]), undefined);
  const b = pod('b');
  b.status!.conditions![0]!.lastTransitionTime = '2025-01-01T00:02:00Z';
  assert.equal(tracker.compute('ns', svc, [pod('a'), b]), Date.parse('2025-01-01T00:02:00Z'));
  assert.equal(formatRFC3339Nano(Date.parse('2025-01-01T00:02:00Z')), '2025-01-01T00:02:00Z');
  assert.equal(formatRFC3339Nano(Date.parse('2025-01-01T00:02:00.120Z')), '2025-01-01T00:02:00.12Z');
});
