import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StatusError } from '../../../../util/errors.js';
import type { KubeObject } from '../../generic/object.js';
import { ServiceAllocations } from './allocations.js';
import { IpAllocator } from './ip-allocator.js';
import { PortAllocator } from './port-allocator.js';
import { AllocationError } from './range-allocator.js';

const reason = (r: AllocationError['reason']) => (e: unknown) => e instanceof AllocationError && e.reason === r;

describe('IpAllocator', () => {
  test('hands out every address but network, broadcast and the kubernetes service address, then is full', () => {
    const ips = new IpAllocator('10.0.0.0/29'); // .0 network, .7 broadcast, .1 kept
    const got = new Set<string>();
    for (let i = 0; i < 5; i++) got.add(ips.allocateNext());
    assert.deepEqual([...got].sort(), ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    assert.throws(() => ips.allocateNext(), (e: Error) => e.message === 'range is full');
    // The kept address is still given to whoever asks for it by address.
    ips.allocate('10.0.0.1');
    assert.throws(() => ips.allocate('10.0.0.1'), (e: Error) => reason('allocated')(e) && e.message === 'provided IP is already allocated');
  });

  test('refuses addresses outside the range, the network and the broadcast address', () => {
    const ips = new IpAllocator('10.43.0.0/16');
    for (const ip of ['10.44.0.1', '10.43.0.0', '10.43.255.255', 'fd00::1', 'nonsense']) {
      assert.throws(
        () => ips.allocate(ip),
        (e: Error) => reason('not-in-range')(e) && e.message === `the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.43.0.0/16`,
      );
    }
    assert.equal(ips.kubernetesServiceIP, '10.43.0.1');
  });

  test('a released address can be allocated again; dynamic allocation prefers the upper band', () => {
    const ips = new IpAllocator('10.43.0.0/16', () => 0);
    const first = ips.allocateNext();
    assert.equal(first, '10.43.1.1'); // offset 256: above the static band of 256 addresses
    assert.throws(() => ips.allocate(first), reason('allocated'));
    ips.release(first);
    ips.allocate(first);
    assert.equal(ips.used, 1);
  });

  test('falls back to the static band when the upper band is full', () => {
    const ips = new IpAllocator('10.0.0.0/27', () => 0); // 30 usable, static band 16
    const got: string[] = [];
    for (let i = 0; i < 29; i++) got.push(ips.allocateNext());
    assert.equal(got[0], '10.0.0.17');
    assert.ok(got.includes('10.0.0.2'));
    assert.ok(!got.includes('10.0.0.1'));
    assert.throws(() => ips.allocateNext(), reason('full'));
  });
});

describe('PortAllocator', () => {
  test('allocates within the range until full; release makes a port available again', () => {
    const ports = new PortAllocator({ base: 30000, size: 3 });
    const got = [ports.allocateNext(), ports.allocateNext(), ports.allocateNext()].sort();
    assert.deepEqual(got, [30000, 30001, 30002]);
    assert.throws(() => ports.allocateNext(), (e: Error) => reason('full')(e) && e.message === 'range is full');
    ports.release(30001);
    assert.equal(ports.allocateNext(), 30001);
  });

  test("upstream's messages for taken and out-of-range ports", () => {
    const ports = new PortAllocator();
    ports.allocate(30080);
    assert.throws(() => ports.allocate(30080), (e: Error) => e.message === 'provided port is already allocated');
    assert.throws(() => ports.allocate(8080), (e: Error) => e.message === 'provided port is not in the valid range. The range of valid ports is 30000-32767');
  });
});

const svc = (name: string, spec: Record<string, unknown>, created = '2026-01-01T00:00:00Z'): KubeObject => ({
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec: { ipFamilyPolicy: undefined, ...spec },
});

describe('ServiceAllocations', () => {
  const setup = (): ServiceAllocations => new ServiceAllocations(new IpAllocator('10.43.0.0/16'), new PortAllocator());

  test('rebuild takes what stored services hold; a value claimed twice stays with the older service and is reported', () => {
    const allocations = setup();
    allocations.ips.allocate('10.43.9.9'); // stale state from before the rebuild is dropped
    const problems = allocations.rebuild([
      svc('newer', { type: 'NodePort', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 80, nodePort: 30080 }] }, '2026-01-02T00:00:00Z'),
      svc('older', { type: 'NodePort', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 80, nodePort: 30080 }] }, '2026-01-01T00:00:00Z'),
      svc('outside', { type: 'ClusterIP', clusterIP: '10.99.0.1', clusterIPs: ['10.99.0.1'] }),
      svc('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      svc('tcp-and-udp', { type: 'NodePort', clusterIP: '10.43.0.11', clusterIPs: ['10.43.0.11'], ports: [{ port: 53, protocol: 'TCP', nodePort: 30053 }, { port: 53, protocol: 'UDP', nodePort: 30053 }] }),
    ]);
    assert.deepEqual(problems, [
      'the cluster IP 10.99.0.1 for service default/outside is not within the service CIDR 10.43.0.0/16; please recreate',
      'the cluster IP 10.43.0.10 for service default/newer was assigned to multiple services; please recreate service',
      'the node port 30080 for service default/newer was assigned to multiple services; please recreate',
    ]);
    assert.equal(allocations.ips.isAllocated('10.43.9.9'), false);
    assert.equal(allocations.ips.used, 2);
    assert.equal(allocations.nodePorts.used, 2);
  });

  test('create allocates, a failed write gives everything back, and delete releases', () => {
    const allocations = setup();
    const object = svc('a', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true, ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }] });
    const finish = allocations.beginCreate(object);
    const spec = object['spec'] as { clusterIP: string; clusterIPs: string[]; ports: { nodePort: number }[]; healthCheckNodePort: number; ipFamilies: string[]; ipFamilyPolicy: string };
    assert.match(spec.clusterIP, /^10\.43\./);
    assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
    assert.deepEqual([spec.ipFamilyPolicy, spec.ipFamilies], ['SingleStack', ['IPv4']]);
    assert.equal(spec.ports[0]!.nodePort, spec.ports[1]!.nodePort, 'one node port per port number across protocols');
    assert.notEqual(spec.ports[2]!.nodePort, spec.ports[0]!.nodePort);
    assert.ok(spec.healthCheckNodePort >= 30000);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [1, 3]);
    finish(false);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [0, 0]);

    const stored = svc('b', { type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80, nodePort: 30080 }] });
    allocations.beginCreate(stored)(true);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [1, 1]);
    allocations.afterDelete(stored);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [0, 0]);
  });

  test('two creates asking for the same address: the second is refused with 422 and takes nothing', () => {
    const allocations = setup();
    allocations.beginCreate(svc('a', { type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80 }] }));
    const before = allocations.nodePorts.used;
    assert.throws(
      () => allocations.beginCreate(svc('b', { type: 'NodePort', clusterIP: '10.43.0.5', clusterIPs: ['10.43.0.5'], ports: [{ port: 80 }] })),
      (e: StatusError) => e.code === 422 && e.message === 'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.43.0.5"}: failed to allocate IP 10.43.0.5: provided IP is already allocated',
    );
    assert.equal(allocations.nodePorts.used, before);
  });

  test('update: a type change allocates what the new type needs and, once stored, releases what the old held', () => {
    const allocations = setup();
    const old = svc('a', { type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80 }] });
    allocations.beginCreate(old)(true);
    const toExternal = svc('a', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
    allocations.beginUpdate(toExternal, old)(true);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [0, 0]);
    const back = svc('a', { type: 'NodePort', ports: [{ port: 80 }] });
    const finish = allocations.beginUpdate(back, toExternal);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [1, 1]);
    finish(false);
    assert.deepEqual([allocations.ips.used, allocations.nodePorts.used], [0, 0]);
  });

  test('IP families this cluster lacks are refused with upstream messages', () => {
    const allocations = setup();
    assert.throws(
      () => allocations.beginCreate(svc('a', { type: 'ClusterIP', ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] })),
      (e: StatusError) => e.message === 'Service "a" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
    assert.throws(
      () => allocations.beginCreate(svc('a', { type: 'ClusterIP', ipFamilies: ['IPv6'], ports: [{ port: 80 }] })),
      (e: StatusError) => e.message === 'Service "a" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    );
    const headless = svc('h', { type: 'ClusterIP', clusterIP: 'None' });
    allocations.beginCreate(headless)(true);
    assert.deepEqual([(headless['spec'] as { ipFamilyPolicy: string }).ipFamilyPolicy, allocations.ips.used], ['RequireDualStack', 0]);
  });
});
