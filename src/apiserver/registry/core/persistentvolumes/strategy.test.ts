import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateMessage } from '../../../../api/field-errors.js';
import type { KubeObject } from '../../generic/object.js';
import { persistentVolumeClaimStrategy } from '../persistentvolumeclaims/strategy.js';
import { accessModesText } from './common.js';
import { persistentVolumeStrategy } from './strategy.js';

const object = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({ metadata: { name: 'v', namespace: 'default' }, spec, ...(status ? { status } : {}) });
const pv = (spec: Record<string, unknown>): string => aggregateMessage(persistentVolumeStrategy.validate!(object(spec)));
const pvcUpdate = (old: KubeObject, updated: KubeObject): string =>
  aggregateMessage([...persistentVolumeClaimStrategy.validate!(updated), ...persistentVolumeClaimStrategy.validateUpdate!(updated, old)]);

const good = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } };

describe('persistent volumes and claims', () => {
  test('access modes print in upstream order, each once', () => {
    assert.equal(accessModesText(['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce', 'ReadOnlyMany']), 'RWO,ROX,RWX,RWOP');
    assert.equal(accessModesText(undefined), '');
  });

  test('volume validation: capacity, access modes, exactly one source, source fields', () => {
    assert.equal(pv(good), '');
    assert.equal(pv({ ...good, capacity: { storage: '-1Gi' } }), 'spec.capacity[storage]: Invalid value: "-1Gi": must be greater than zero');
    assert.equal(pv({ ...good, capacity: undefined }), '[spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"]');
    assert.equal(pv({ ...good, accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }), 'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes');
    assert.equal(pv({ ...good, nfs: { server: 'nfs', path: '/x' } }), 'spec.nfs: Forbidden: may not specify more than 1 volume type');
    assert.equal(pv({ ...good, hostPath: { path: '' } }), 'spec.hostPath.path: Required value');
    assert.equal(pv({ ...good, hostPath: { path: '/a/../b' } }), `spec.hostPath.path: Invalid value: "/a/../b": must not contain '..'`);
    assert.equal(pv({ ...good, hostPath: undefined, local: { path: '/mnt' } }), 'spec.nodeAffinity: Required value: Local volumes require node affinity');
    assert.equal(pv({ ...good, persistentVolumeReclaimPolicy: 'Keep' }), 'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"');
  });

  test('volume defaults: Retain, Filesystem, hostPath type "", status Pending', () => {
    const volume = object(structuredClone(good));
    persistentVolumeStrategy.applyDefaults!(volume);
    persistentVolumeStrategy.prepareForCreate!(volume);
    const spec = volume['spec'] as Record<string, unknown>;
    assert.deepEqual([spec['persistentVolumeReclaimPolicy'], spec['volumeMode'], (spec['hostPath'] as { type: string }).type], ['Retain', 'Filesystem', '']);
    assert.equal((volume['status'] as { phase: string }).phase, 'Pending');
  });

  test('claims: the spec is fixed except volumeName once and a bound claim resizing above its capacity', () => {
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' };
    const claim = object(spec, { phase: 'Pending' });
    assert.equal(pvcUpdate(claim, object({ ...spec, volumeName: 'pv1' }, { phase: 'Pending' })), '');
    assert.match(pvcUpdate(claim, object({ ...spec, resources: { requests: { storage: '2Gi' } } }, { phase: 'Pending' })), /^spec: Forbidden: spec is immutable after creation except resources\.requests and volumeAttributesClassName for bound claims\n- resources/);
    const bound = object({ ...spec, volumeName: 'pv1' }, { phase: 'Bound', capacity: { storage: '1Gi' } });
    assert.equal(pvcUpdate(bound, object({ ...spec, volumeName: 'pv1', resources: { requests: { storage: '2Gi' } } }, { phase: 'Bound', capacity: { storage: '1Gi' } })), '');
    assert.equal(
      pvcUpdate(bound, object({ ...spec, volumeName: 'pv1', resources: { requests: { storage: '512Mi' } } }, { phase: 'Bound', capacity: { storage: '1Gi' } })),
      'spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    );
    assert.match(pvcUpdate(bound, object({ ...spec, volumeName: 'pv2' }, { phase: 'Bound' })), /^spec: Forbidden: spec is immutable/);
  });
});
