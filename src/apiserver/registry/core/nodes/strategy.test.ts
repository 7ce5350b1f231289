import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateMessage } from '../../../../api/field-errors.js';
import type { KubeObject } from '../../generic/object.js';
import { nodeRoles, nodeStatusText, nodeStrategy } from './strategy.js';

const node = (spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject => ({ metadata: { name: 'n' }, spec, ...extra });
const message = (o: KubeObject): string => aggregateMessage(nodeStrategy.validate!(o));

describe('node strategy', () => {
  test("STATUS as upstream's printNode", () => {
    assert.equal(nodeStatusText(node({})), 'Unknown');
    assert.equal(nodeStatusText(node({ unschedulable: true }, { status: { conditions: [{ type: 'Ready', status: 'True' }] } })), 'Ready,SchedulingDisabled');
    assert.equal(nodeStatusText(node({}, { status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'Unknown' }] } })), 'NotReady');
    assert.equal(nodeStatusText(node({ unschedulable: true })), 'Unknown,SchedulingDisabled');
  });

  test('ROLES from node-role.kubernetes.io/* and kubernetes.io/role labels, sorted', () => {
    assert.equal(nodeRoles({ metadata: {} }), '<none>');
    assert.equal(nodeRoles({ metadata: { labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': 'x', 'node-role.kubernetes.io/control-plane': 'true' } } }), 'control-plane,edge,worker');
  });

  test('taints: key, value, effect and key+effect uniqueness, at metadata.taints as upstream', () => {
    assert.equal(message(node({ taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }] })), '');
    assert.equal(message(node({ taints: [{ key: 'a' }] })), 'metadata.taints[0].effect: Required value');
    assert.equal(
      message(node({ taints: [{ key: 'a', value: 'b', effect: 'NoSchedule' }, { key: 'a', value: 'c', effect: 'NoSchedule' }] })),
      'metadata.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"c", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
    );
    assert.match(message(node({ taints: [{ key: 'a', value: '-x', effect: 'NoSchedule' }] })), /^metadata\.taints\[0\]\.value: Invalid value: "-x": a valid label must be/);
  });

  test('podCIDRs: valid CIDRs, one per family, fixed once set', () => {
    assert.equal(message(node({ podCIDRs: ['10.42.0.0/24', '10.42.1.0/24'] })), 'spec.podCIDRs: Invalid value: []string{"10.42.0.0/24", "10.42.1.0/24"}: may specify no more than one CIDR for each IP family');
    assert.equal(message(node({ podCIDRs: ['10.42.0.0/24', 'fd00::/64'] })), '');
    const withCIDR = node({ podCIDR: '10.42.0.0/24' });
    nodeStrategy.applyDefaults!(withCIDR);
    assert.deepEqual(withCIDR['spec'], { podCIDR: '10.42.0.0/24', podCIDRs: ['10.42.0.0/24'] });
    assert.equal(aggregateMessage(nodeStrategy.validateUpdate!(node({ podCIDRs: ['10.42.9.0/24'] }), withCIDR)), 'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid');
    assert.equal(aggregateMessage(nodeStrategy.validateUpdate!(withCIDR, node({}))), '');
  });
});
