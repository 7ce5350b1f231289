import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StatusError } from '../../../../util/errors.js';
import { BEHAVIOR_ANNOTATION, CONDITIONS_ANNOTATION, CURRENT_METRICS_ANNOTATION, hpaV1ToV2, hpaV2ToV1, METRICS_ANNOTATION } from './conversion.js';
import type { HPAv1, HPAv2 } from './types.js';

const meta = { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '12', annotations: { team: 'a' } };

/** A v2 object with every metric kind, statuses, conditions and a behavior. */
const richV2: HPAv2 = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta,
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
      { type: 'Pods', pods: { metric: { name: 'qps', selector: { matchLabels: { a: 'b' } } }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'rps' }, target: { type: 'Value', value: '2k' } } },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } },
  },
  status: {
    observedGeneration: 3,
    lastScaleTime: '2026-01-01T00:00:00Z',
    currentReplicas: 3,
    desiredReplicas: 4,
    currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42, averageValue: '120m' } } },
      { type: 'External', external: { metric: { name: 'queue' }, current: { value: '7' } } },
    ],
    conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'ReadyForNewScale', message: 'ok' }],
  },
};

describe('autoscaling v1 ↔ v2 conversion', () => {
  test('v2 → v1 keeps the CPU target in v1 fields and the rest in annotations', () => {
    const v1 = hpaV2ToV1(richV2);
    assert.equal(v1.apiVersion, 'autoscaling/v1');
    assert.deepEqual(v1.spec, { scaleTargetRef: richV2.spec!.scaleTargetRef, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 50 });
    assert.deepEqual(v1.status, { observedGeneration: 3, lastScaleTime: '2026-01-01T00:00:00Z', currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 42 });
    const annotations = v1.metadata.annotations!;
    assert.equal(annotations['team'], 'a');
    const others = JSON.parse(annotations[METRICS_ANNOTATION]!) as unknown[];
    assert.equal(others.length, 5, 'every metric but the CPU utilization one');
    assert.deepEqual(others[0], { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } });
    assert.deepEqual(others[2], { type: 'Object', object: { target: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metricName: 'rps', targetValue: '2k' } });
    assert.deepEqual(JSON.parse(annotations[CURRENT_METRICS_ANNOTATION]!)[0], { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 42, currentAverageValue: '120m' } });
    assert.deepEqual(JSON.parse(annotations[CONDITIONS_ANNOTATION]!), richV2.status!.conditions);
    assert.deepEqual(JSON.parse(annotations[BEHAVIOR_ANNOTATION]!), richV2.spec!.behavior);
    assert.deepEqual(richV2.metadata.annotations, { team: 'a' }, 'the input is not mutated');
  });

  test('v2 → v1 → v2 loses nothing (the CPU metric moves last, as upstream)', () => {
    const back = hpaV1ToV2(hpaV2ToV1(richV2));
    const metrics = richV2.spec!.metrics!;
    assert.deepEqual(back, { ...richV2, spec: { ...richV2.spec, metrics: [...metrics.slice(0, 5), metrics[5]] } });
    const cpuFirst: HPAv2 = { ...richV2, spec: { ...richV2.spec, metrics: [metrics[5]!, metrics[0]!] } };
    assert.deepEqual(hpaV1ToV2(hpaV2ToV1(cpuFirst)).spec!.metrics, [metrics[0], metrics[5]]);
  });

  test('v1 → v2 → v1 loses nothing', () => {
    const v1: HPAv1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default', labels: { a: 'b' } },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 },
      status: { currentReplicas: 1, desiredReplicas: 2, currentCPUUtilizationPercentage: 12 },
    };
    const v2 = hpaV1ToV2(v1);
    assert.deepEqual(v2.spec!.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    assert.deepEqual(v2.status!.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }]);
    // As upstream, v1 always carries the raw status metrics in an annotation (the CPU one included).
    const { annotations, ...metadata } = hpaV2ToV1(v2).metadata;
    assert.deepEqual({ ...hpaV2ToV1(v2), metadata }, v1);
    assert.deepEqual(Object.keys(annotations ?? {}), [CURRENT_METRICS_ANNOTATION]);
    assert.deepEqual(hpaV2ToV1(hpaV1ToV2(hpaV2ToV1(v2))), hpaV2ToV1(v2));
    const annotated = hpaV2ToV1(richV2);
    assert.deepEqual(hpaV2ToV1(hpaV1ToV2(annotated)), annotated);
  });

  test('a v1 object with no target gets the CPU 80% default', () => {
    const v2 = hpaV1ToV2({ metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 2 } });
    assert.deepEqual(v2.spec!.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    assert.equal(v2.metadata.annotations, undefined);
  });

  test('stale round-trip annotations are replaced on the way to v1; bad ones are a 400 on the way to v2', () => {
    const stale: HPAv2 = { ...richV2, metadata: { ...meta, annotations: { [METRICS_ANNOTATION]: '[]', [CONDITIONS_ANNOTATION]: 'junk' } }, status: {} };
    const v1 = hpaV2ToV1(stale);
    assert.equal(v1.metadata.annotations?.[CONDITIONS_ANNOTATION], undefined);
    assert.equal((JSON.parse(v1.metadata.annotations![METRICS_ANNOTATION]!) as unknown[]).length, 5);
    assert.throws(
      () => hpaV1ToV2({ metadata: { name: 'x', annotations: { [METRICS_ANNOTATION]: '{not json' } }, spec: {} }),
      (err: StatusError) => err.code === 400 && err.message.includes(METRICS_ANNOTATION),
    );
  });
});
