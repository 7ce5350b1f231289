import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceEnvVars, visibleServices } from './service-env.js';
import type { ServiceLike, ServicePortLike } from './sources.js';

function svc(namespace: string, name: string, clusterIP: string, ports: ServicePortLike[] = []): ServiceLike {
  return { metadata: { name, namespace }, spec: { clusterIP, ports } };
}

test('a service yields host, ports, named ports and Docker link variables', () => {
  const env = serviceEnvVars([
    svc('ns', 'my-svc', '10.43.0.7', [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'dns-udp', port: 53, protocol: 'UDP' },
    ]),
  ]);
  assert.deepEqual([...env], [
    ['MY_SVC_SERVICE_HOST', '10.43.0.7'],
    ['MY_SVC_SERVICE_PORT', '80'],
    ['MY_SVC_SERVICE_PORT_HTTP', '80'],
    ['MY_SVC_SERVICE_PORT_DNS_UDP', '53'],
    ['MY_SVC_PORT', 'tcp://10.43.0.7:80'],
    ['MY_SVC_PORT_80_TCP', 'tcp://10.43.0.7:80'],
    ['MY_SVC_PORT_80_TCP_PROTO', 'tcp'],
    ['MY_SVC_PORT_80_TCP_PORT', '80'],
    ['MY_SVC_PORT_80_TCP_ADDR', '10.43.0.7'],
    ['MY_SVC_PORT_53_UDP', 'udp://10.43.0.7:53'],
    ['MY_SVC_PORT_53_UDP_PROTO', 'udp'],
    ['MY_SVC_PORT_53_UDP_PORT', '53'],
    ['MY_SVC_PORT_53_UDP_ADDR', '10.43.0.7'],
  ]);
});

test('an unnamed port without protocol is TCP; IPv6 addresses are bracketed in URLs', () => {
  const env = serviceEnvVars([svc('ns', 'v6', 'fd00::1', [{ port: 443 }])]);
  assert.equal(env.get('V6_SERVICE_PORT'), '443');
  assert.equal(env.get('V6_PORT'), 'tcp://[fd00::1]:443');
  assert.equal(env.get('V6_PORT_443_TCP_ADDR'), 'fd00::1');
});

test('headless and IP-less services give no variables', () => {
  assert.equal(serviceEnvVars([svc('ns', 'headless', 'None', [{ port: 80 }]), svc('ns', 'ext', '', [])]).size, 0);
});

test('the kubernetes service of default is always visible; own services only with service links', () => {
  const master = svc('default', 'kubernetes', '10.43.0.1', [{ name: 'https', port: 443 }]);
  const own = [svc('app', 'web', '10.43.0.9', [{ port: 80 }]), svc('app', 'db', 'None', [{ port: 5432 }])];
  const names = (list: ServiceLike[]): string[] => list.map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`);
  assert.deepEqual(names(visibleServices('app', true, own, [master, svc('default', 'other', '10.43.0.2', [{ port: 1 }])])), ['default/kubernetes', 'app/web']);
  assert.deepEqual(names(visibleServices('app', false, own, [master])), ['default/kubernetes']);
});

test('a service named kubernetes in the pod namespace replaces the master one', () => {
  const master = svc('default', 'kubernetes', '10.43.0.1', [{ port: 443 }]);
  const local = svc('app', 'kubernetes', '10.43.0.50', [{ port: 8443 }]);
  assert.deepEqual(visibleServices('app', true, [local], [master]), [local]);
  assert.deepEqual(visibleServices('default', true, [master], [master]), [master]);
});
