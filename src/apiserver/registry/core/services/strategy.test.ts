import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateMessage } from '../../../../api/field-errors.js';
import type { KubeObject } from '../../generic/object.js';
import { portsText, serviceColumns, serviceStrategy } from './strategy.js';

const svc = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({ metadata: { name: 's', namespace: 'default' }, spec, ...(status ? { status } : {}) });

/** Defaults, prepares and validates as the store does on create; returns the object and the message. */
function create(spec: Record<string, unknown>): { object: KubeObject; message: string } {
  const object = svc(structuredClone(spec));
  serviceStrategy.applyDefaults!(object);
  serviceStrategy.prepareForCreate!(object);
  return { object, message: aggregateMessage(serviceStrategy.validate!(object)) };
}

function update(oldSpec: Record<string, unknown>, spec: Record<string, unknown>): { object: KubeObject; message: string } {
  const old = svc(structuredClone(oldSpec));
  const object = svc(structuredClone(spec));
  serviceStrategy.applyDefaults!(object);
  serviceStrategy.prepareForUpdate!(object, old);
  return { object, message: aggregateMessage([...serviceStrategy.validate!(object), ...serviceStrategy.validateUpdate!(object, old)]) };
}

const cell = (name: string, object: KubeObject): unknown => serviceColumns.find((c) => c.name === name)!.cell(object, Date.now());

describe('service strategy', () => {
  test('defaults as upstream SetDefaults_Service', () => {
    const { object, message } = create({ type: 'LoadBalancer', ports: [{ port: 80 }], sessionAffinity: 'ClientIP' });
    assert.equal(message, '');
    assert.deepEqual(object['spec'], {
      type: 'LoadBalancer',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
    assert.deepEqual(object['status'], { loadBalancer: {} });
    const external = create({ type: 'ExternalName', externalName: 'example.com.' });
    assert.equal(external.message, '');
    assert.equal((external.object['spec'] as Record<string, unknown>)['internalTrafficPolicy'], undefined);
  });

  test('clusterIP alone fills clusterIPs; a mismatch is refused', () => {
    assert.deepEqual((create({ clusterIP: '10.43.0.9', ports: [{ port: 80 }] }).object['spec'] as { clusterIPs: string[] }).clusterIPs, ['10.43.0.9']);
    assert.equal(
      create({ clusterIP: '10.43.0.9', clusterIPs: ['10.43.0.8'], ports: [{ port: 80 }] }).message,
      'spec.clusterIPs: Invalid value: []string{"10.43.0.8"}: first value must match `clusterIP`',
    );
  });

  test('upstream messages for bad ports, types and combinations', () => {
    assert.equal(create({ ports: [] }).message, 'spec.ports: Required value');
    assert.equal(create({ clusterIP: 'None' }).message, '', 'headless services need no ports');
    assert.equal(
      create({ ports: [{ port: 80 }, { port: 80 }] }).message,
      '[spec.ports[0].name: Required value, spec.ports[1].name: Required value, spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}]',
    );
    assert.equal(
      create({ ports: [{ port: 80, targetPort: 'Bad--Name' }] }).message,
      '[spec.ports[0].targetPort: Invalid value: "Bad--Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.ports[0].targetPort: Invalid value: "Bad--Name": must not contain consecutive hyphens]',
    );
    assert.equal(create({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }).message, `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`);
    assert.equal(create({ type: 'LoadBalancer', ports: [{ port: 10250 }] }).message, 'spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet');
    assert.equal(create({ type: 'ExternalName', externalName: 'x.example', clusterIP: '10.43.0.9' }).message, 'spec.clusterIPs: Forbidden: may not be set for ExternalName services');
    assert.equal(create({ type: 'ExternalName' }).message, 'spec.externalName: Required value');
    assert.equal(create({ type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }, { name: 'b', port: 81, nodePort: 30001 }] }).message, '[spec.ports[0].name: Required value, spec.ports[1].nodePort: Duplicate value: 30001]');
    assert.equal(create({ externalIPs: ['127.0.0.1'], ports: [{ port: 80 }] }).message, 'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)');
    assert.equal(create({ sessionAffinity: 'Sticky', ports: [{ port: 80 }] }).message, 'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"');
    assert.equal(create({ healthCheckNodePort: 30000, ports: [{ port: 80 }] }).message, "spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  });

  test('updates keep allocated values left out, and refuse a changed cluster IP', () => {
    const stored = { type: 'NodePort', clusterIP: '10.43.0.9', clusterIPs: ['10.43.0.9'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }], sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' };
    const replaced = update(stored, { type: 'NodePort', ports: [{ name: 'http', port: 80 }] });
    assert.equal(replaced.message, '');
    const spec = replaced.object['spec'] as { clusterIP: string; ports: { nodePort: number }[] };
    assert.deepEqual([spec.clusterIP, spec.ports[0]!.nodePort], ['10.43.0.9', 30080]);
    assert.equal(update(stored, { ...stored, clusterIP: '10.43.0.10' }).message, 'spec.clusterIPs[0]: Invalid value: []string{"10.43.0.10"}: may not change once set');
  });

  test('a type change drops what no longer applies, unless the user changed it', () => {
    const stored = { type: 'NodePort', clusterIP: '10.43.0.9', clusterIPs: ['10.43.0.9'], ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }], sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' };
    const toClusterIP = update(stored, { ...structuredClone(stored), type: 'ClusterIP' });
    assert.equal(toClusterIP.message, '');
    assert.deepEqual((toClusterIP.object['spec'] as { ports: unknown[] }).ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    assert.equal((toClusterIP.object['spec'] as Record<string, unknown>)['externalTrafficPolicy'], undefined);
    const toExternal = update(stored, { ...structuredClone(stored), type: 'ExternalName', externalName: 'example.com' });
    const spec = toExternal.object['spec'] as Record<string, unknown>;
    assert.deepEqual([spec['clusterIP'], spec['clusterIPs'], spec['ipFamilies'], spec['ipFamilyPolicy']], [undefined, undefined, undefined, undefined]);
  });

  test("columns print as upstream's printService", () => {
    assert.equal(portsText(svc({ ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP', nodePort: 30053 }] })), '80/TCP,53:30053/UDP');
    assert.equal(portsText(svc({})), '<none>');
    assert.equal(cell('External-IP', svc({ type: 'LoadBalancer' })), '<pending>');
    assert.equal(cell('External-IP', svc({ type: 'LoadBalancer', externalIPs: ['1.2.3.4'] }, { loadBalancer: { ingress: [{ hostname: 'lb.example' }, { ip: '5.6.7.8' }] } })), '5.6.7.8,lb.example,1.2.3.4');
    assert.equal(cell('External-IP', svc({ type: 'ExternalName', externalName: 'example.com' })), 'example.com');
    assert.equal(cell('External-IP', svc({ type: 'ClusterIP' })), '<none>');
    assert.equal(cell('Cluster-IP', svc({ type: 'ExternalName' })), '<none>');
    assert.equal(cell('Selector', svc({ selector: { b: '2', a: '1' } })), 'a=1,b=2');
  });
});
