import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldErrorMessage } from '../../../api/field-errors.js';
import type { KubeObject } from '../generic/object.js';
import { simulateCreate, simulateUpdate } from '../strategy-harness.js';
import { controllerRevisionColumns, controllerRevisionStrategy } from './controllerrevisions/strategy.js';
import { daemonSetColumns, daemonSetStrategy, TEMPLATE_GENERATION } from './daemonsets/strategy.js';
import { deploymentColumns, deploymentStrategy } from './deployments/strategy.js';
import { replicaSetStrategy } from './replicasets/strategy.js';
import { statefulSetColumns, statefulSetStrategy } from './statefulsets/strategy.js';

const template = (labels: Record<string, string>, spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec },
});
const workload = (kind: string, spec: Record<string, unknown>, name = 'web'): KubeObject => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default' }, spec });
const app = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), ...spec });

describe('deployments', () => {
  test('upstream defaults', () => {
    const { object, errors } = simulateCreate(deploymentStrategy, workload('Deployment', app()));
    assert.deepEqual(errors, []);
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['replicas'], 1);
    assert.deepEqual(spec['strategy'], { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.equal(spec['progressDeadlineSeconds'], 600);
    assert.equal((spec['template'] as { spec: { restartPolicy: string } }).spec.restartPolicy, 'Always');
    assert.deepEqual(object['status'], {});
  });

  test('selector rules', () => {
    assert.deepEqual(simulateCreate(deploymentStrategy, workload('Deployment', app({ selector: { matchLabels: { app: 'x' } } }))).errors, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    assert.deepEqual(simulateCreate(deploymentStrategy, workload('Deployment', app({ selector: {} }))).errors, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const missing = simulateCreate(deploymentStrategy, workload('Deployment', { template: template({ app: 'web' }) })).errors;
    assert.equal(missing[0], 'spec.selector: Required value');
  });

  test('counts, strategy and restart policy', () => {
    const errors = simulateCreate(
      deploymentStrategy,
      workload(
        'Deployment',
        app({
          replicas: -1,
          template: template({ app: 'web' }, { restartPolicy: 'Never' }),
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
          minReadySeconds: 700,
        }),
      ),
    ).errors;
    assert.deepEqual(errors, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]);
    assert.deepEqual(simulateCreate(deploymentStrategy, workload('Deployment', app({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'x', maxUnavailable: '150%' } } }))).errors, [
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ]);
    assert.deepEqual(simulateCreate(deploymentStrategy, workload('Deployment', app({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).errors, [
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  test('the selector is immutable; status is kept on updates', () => {
    const old = simulateCreate(deploymentStrategy, workload('Deployment', app())).object;
    old['status'] = { replicas: 2 };
    const changed = workload('Deployment', app({ selector: { matchLabels: { app: 'web', tier: 'x' } }, template: template({ app: 'web', tier: 'x' }) }));
    const { object, errors } = simulateUpdate(deploymentStrategy, changed, old);
    assert.deepEqual(errors, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    assert.deepEqual(object['status'], { replicas: 2 });
  });

  test('status counters (what a status write may set)', () => {
    const old = simulateCreate(deploymentStrategy, workload('Deployment', app())).object;
    old['status'] = { replicas: 2, collisionCount: 3 };
    const written = { ...old, status: { replicas: 2, readyReplicas: 3, availableReplicas: 1, unavailableReplicas: -1, collisionCount: 1 } };
    assert.deepEqual([...deploymentStrategy.validate!(written), ...deploymentStrategy.validateUpdate!(written, old)].map(fieldErrorMessage), [
      'status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0',
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.collisionCount: Invalid value: 1: cannot be decremented',
    ]);
  });

  test('a name that is no DNS label gets a warning', () => {
    assert.deepEqual(deploymentStrategy.warningsOnCreate!(workload('Deployment', app(), 'web.v2')), [
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
    ]);
    assert.deepEqual(deploymentStrategy.warningsOnCreate!(workload('Deployment', app(), 'web')), []);
    assert.equal(statefulSetStrategy.warningsOnCreate, undefined, 'StatefulSet names are DNS labels already');
  });

  test('generation follows spec and annotation changes', () => {
    const old = simulateCreate(deploymentStrategy, workload('Deployment', app())).object;
    const annotated = { ...old, metadata: { ...old.metadata, annotations: { a: 'b' } } };
    assert.equal(deploymentStrategy.specChanged!(annotated, old), true);
    assert.equal(deploymentStrategy.specChanged!({ ...old, metadata: { ...old.metadata, labels: { x: 'y' } } }, old), false);
  });

  test('columns', () => {
    const { object } = simulateCreate(deploymentStrategy, workload('Deployment', app({ replicas: 3 })));
    object['status'] = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 1 };
    const cells = deploymentColumns.map((c) => c.cell(object, Date.now()));
    assert.deepEqual(
      deploymentColumns.map((c) => c.name),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'],
    );
    assert.deepEqual([cells[0], cells[1], cells[2], cells[3], cells[5], cells[6], cells[7]], ['web', '2/3', 3, 1, 'c', 'busybox:1.36', 'app=web']);
  });
});

describe('replicasets', () => {
  test('defaults one replica; selector rules as upstream words them', () => {
    const { object, errors } = simulateCreate(replicaSetStrategy, workload('ReplicaSet', app()));
    assert.deepEqual(errors, []);
    assert.equal((object['spec'] as { replicas: number }).replicas, 1);
    assert.deepEqual(simulateCreate(replicaSetStrategy, workload('ReplicaSet', app({ selector: { matchLabels: {} } }))).errors, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const errors2 = simulateCreate(replicaSetStrategy, workload('ReplicaSet', app({ template: template({ app: 'web' }, { activeDeadlineSeconds: 5 }) }))).errors;
    assert.deepEqual(errors2, ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']);
  });
});

describe('statefulsets', () => {
  const sts = (spec: Record<string, unknown> = {}): KubeObject => workload('StatefulSet', { ...app(), serviceName: 'web', ...spec });

  test('upstream defaults, claim templates included', () => {
    const { object, errors } = simulateCreate(statefulSetStrategy, sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] }));
    assert.deepEqual(errors, []);
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['podManagementPolicy'], 'OrderedReady');
    assert.deepEqual(spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(spec['persistentVolumeClaimRetentionPolicy'], { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.equal(spec['replicas'], 1);
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.deepEqual(spec['volumeClaimTemplates'], [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }]);
    assert.equal(simulateCreate(statefulSetStrategy, workload('StatefulSet', app())).errors.length, 0, 'serviceName is optional');
  });

  test('validation', () => {
    assert.deepEqual(
      simulateCreate(statefulSetStrategy, sts({ podManagementPolicy: 'Random', updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Delete' } })).errors,
      [
        "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
        'spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\'',
        'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
      ],
    );
    assert.deepEqual(simulateCreate(statefulSetStrategy, sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1, maxUnavailable: 0 } } })).errors, [
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0',
    ]);
    assert.deepEqual(simulateCreate(statefulSetStrategy, sts({ selector: {} })).errors, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ]);
  });

  test('status counters', () => {
    const { object } = simulateCreate(statefulSetStrategy, sts());
    object['status'] = { replicas: 1, readyReplicas: 1, availableReplicas: 2, currentReplicas: -1 };
    assert.deepEqual(statefulSetStrategy.validate!(object).map(fieldErrorMessage), [
      'status.currentReplicas: Invalid value: -1: must be greater than or equal to 0',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas',
    ]);
  });

  test('names are DNS labels', () => {
    assert.deepEqual(statefulSetStrategy.nameRule('db.main'), ['must not contain dots']);
    assert.deepEqual(deploymentStrategy.nameRule('web.main'), []);
  });

  test('only some spec fields may change', () => {
    const old = simulateCreate(statefulSetStrategy, sts()).object;
    assert.deepEqual(simulateUpdate(statefulSetStrategy, { ...old, spec: { ...(old['spec'] as object), replicas: 4, minReadySeconds: 3 } }, old).errors, []);
    assert.deepEqual(simulateUpdate(statefulSetStrategy, { ...old, spec: { ...(old['spec'] as object), serviceName: 'other' } }, old).errors, [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  test('columns', () => {
    const { object } = simulateCreate(statefulSetStrategy, sts({ replicas: 2 }));
    assert.deepEqual(statefulSetColumns.map((c) => c.name), ['Name', 'Ready', 'Age', 'Containers', 'Images']);
    assert.equal(statefulSetColumns[1]!.cell(object, Date.now()), '0/2');
  });
});

describe('daemonsets', () => {
  test('upstream defaults and the template generation', () => {
    const { object, errors } = simulateCreate(daemonSetStrategy, workload('DaemonSet', app()));
    assert.deepEqual(errors, []);
    const spec = object['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.equal(object.metadata.annotations?.[TEMPLATE_GENERATION], '1');
    const changed = simulateUpdate(daemonSetStrategy, { ...object, spec: { ...spec, template: template({ app: 'web', v: '2' }) } }, object).object;
    assert.equal(changed.metadata.annotations?.[TEMPLATE_GENERATION], '2');
    const same = simulateUpdate(daemonSetStrategy, { ...object, metadata: { ...object.metadata, labels: { a: 'b' } } }, object).object;
    assert.equal(same.metadata.annotations?.[TEMPLATE_GENERATION], '1');
  });

  test('validation', () => {
    assert.deepEqual(simulateCreate(daemonSetStrategy, workload('DaemonSet', app({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }))).errors, [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
    assert.deepEqual(simulateCreate(daemonSetStrategy, workload('DaemonSet', app({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))).errors, [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    ]);
    assert.deepEqual(simulateCreate(daemonSetStrategy, workload('DaemonSet', app({ template: template({ app: 'web' }, { restartPolicy: 'OnFailure' }) }))).errors, [
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
    const old = simulateCreate(daemonSetStrategy, workload('DaemonSet', app())).object;
    const moved = simulateUpdate(daemonSetStrategy, workload('DaemonSet', app({ selector: { matchLabels: { app: 'web', x: 'y' } }, template: template({ app: 'web', x: 'y' }) })), old);
    assert.match(moved.errors[0] ?? '', /^spec\.selector: Invalid value: .*: field is immutable$/);
  });

  test('the NODE SELECTOR column', () => {
    const { object } = simulateCreate(daemonSetStrategy, workload('DaemonSet', app({ template: template({ app: 'web' }, { nodeSelector: { zone: 'a', os: 'linux' } }) })));
    assert.equal(daemonSetColumns.find((c) => c.name === 'Node Selector')!.cell(object, 0), 'os=linux,zone=a');
  });
});

describe('controllerrevisions', () => {
  const revision = (data: unknown, revisionNumber = 1): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] },
    ...(data === undefined ? {} : { data }),
    revision: revisionNumber,
  });

  test('data is mandatory and immutable; revision is not negative', () => {
    assert.deepEqual(simulateCreate(controllerRevisionStrategy, revision(undefined, -1)).errors, ['data: Required value: data is mandatory', 'revision: Invalid value: -1: must be greater than or equal to 0']);
    const old = simulateCreate(controllerRevisionStrategy, revision({ a: 1 })).object;
    assert.deepEqual(simulateUpdate(controllerRevisionStrategy, revision({ a: 2 }), old).errors, ['data: Invalid value: {"a":2}: field is immutable']);
  });

  test('the CONTROLLER column', () => {
    assert.equal(controllerRevisionColumns[1]!.cell(revision({}), 0), 'statefulset.apps/web');
    assert.equal(controllerRevisionColumns[1]!.cell({ metadata: { name: 'x' } }, 0), '<none>');
  });
});
