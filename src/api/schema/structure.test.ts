import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStructure } from './structure.js';

const DEPLOYMENT = 'k8s.io.api.apps.v1.Deployment';

test('a well-formed object passes', () => {
  const report = checkStructure(DEPLOYMENT, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '1', memory: 1024 } }, ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  assert.deepEqual(report, { unknownFields: [], typeErrors: [] });
});

test('unknown fields are reported by path, at any depth', () => {
  const report = checkStructure(DEPLOYMENT, {
    metadata: { name: 'web', nmae: 'typo' },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'c', imagee: 'busybox' }] } } },
    extra: true,
  });
  assert.deepEqual(report.unknownFields, ['metadata.nmae', 'spec.template.spec.containers[0].imagee', 'extra']);
});

test('wrong JSON types are errors worded as upstream words them', () => {
  const report = checkStructure(DEPLOYMENT, { spec: { replicas: 'three', paused: 1, template: { spec: { containers: {} } } } });
  assert.deepEqual(report.typeErrors, [
    'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    'json: cannot unmarshal number into Go struct field DeploymentSpec.spec.paused of type bool',
    'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
  ]);
});

test('pruning turns nulls into what Go decodes them to', () => {
  const role: Record<string, unknown> = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', namespace: null, labels: { a: null }, finalizers: ['x', null] },
    rules: [null, { verbs: ['get', null], apiGroups: null }],
    bogus: null,
  };
  const report = checkStructure('k8s.io.api.rbac.v1.Role', role, true);
  assert.deepEqual(report, { unknownFields: ['bogus'], typeErrors: [] });
  assert.deepEqual(role, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', labels: { a: '' }, finalizers: ['x', ''] },
    rules: [{}, { verbs: ['get', ''] }],
  });
  // Without pruning, nothing changes.
  const untouched = { metadata: { name: null }, rules: [null] };
  checkStructure('k8s.io.api.rbac.v1.Role', untouched);
  assert.deepEqual(untouched, { metadata: { name: null }, rules: [null] });
});
