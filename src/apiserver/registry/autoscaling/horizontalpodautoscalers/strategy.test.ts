import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateMessage } from '../../../../api/field-errors.js';
import { hpaColumns } from './columns.js';
import { defaultHPA, hpaStrategy } from './strategy.js';
import type { HPAv2 } from './types.js';

const hpa = (spec: HPAv2['spec'], status?: HPAv2['status']): HPAv2 => ({ metadata: { name: 'h', creationTimestamp: '2026-01-01T00:00:00Z' }, spec, ...(status ? { status } : {}) });
const messages = (o: HPAv2): string => aggregateMessage(hpaStrategy.validate!(o));
const ref = { kind: 'Deployment', name: 'web' };

describe('HorizontalPodAutoscaler strategy', () => {
  test('defaults: minReplicas 1, CPU 80%, scaling rules filled into a given behavior', () => {
    const o = hpa({ scaleTargetRef: ref, maxReplicas: 3, behavior: { scaleUp: { selectPolicy: 'Min' } } });
    defaultHPA(o);
    assert.equal(o.spec!.minReplicas, 1);
    assert.deepEqual(o.spec!.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    assert.deepEqual(o.spec!.behavior!.scaleUp, { selectPolicy: 'Min', stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
    assert.equal(o.spec!.behavior!.scaleDown!.stabilizationWindowSeconds, 300);
    const none = hpa({ scaleTargetRef: ref, maxReplicas: 3 });
    defaultHPA(none);
    assert.equal(none.spec!.behavior, undefined, 'no behavior is invented');
  });

  test('replica bounds and the scale target', () => {
    assert.equal(messages(hpa({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 3 })), '');
    assert.equal(
      messages(hpa({ scaleTargetRef: { kind: '', name: 'a/b' }, minReplicas: 5, maxReplicas: 3 })),
      "[spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`, spec.scaleTargetRef.kind: Required value, spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/']",
    );
  });

  test('metric specs', () => {
    const errors = messages(
      hpa({
        scaleTargetRef: ref,
        maxReplicas: 3,
        metrics: [
          { type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1', averageValue: '2' } } },
          { type: 'Object', object: { describedObject: ref, metric: { name: 'rps' }, target: { type: 'Bogus' } } },
          { type: 'Resource' },
          { type: 'Resource', resource: { name: 'gpu', target: { type: 'Utilization', averageUtilization: 0 } } },
        ],
        behavior: { scaleUp: { policies: [{ type: 'Pods', value: 0, periodSeconds: 1801 }] }, scaleDown: { selectPolicy: 'Most', policies: [] } },
      }),
    );
    for (const expected of [
      'spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target',
      'spec.metrics[1].object.target.type: Invalid value: "Bogus": must be either Utilization, Value, or AverageValue',
      'spec.metrics[1].object.target.averageValue: Required value: must set either a target value or averageValue',
      'spec.metrics[2].resource: Required value: must populate information for the given metric source',
      'spec.metrics[3].resource.name: Invalid value: "gpu": must be a standard resource for containers',
      'spec.metrics[3].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
      'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Most": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleDown.policies: Required value: must specify at least one Policy',
    ]) {
      assert.ok(errors.includes(expected), `${expected}\nin ${errors}`);
    }
  });

  test('TARGETS column as upstream formats it', () => {
    const targets = hpaColumns.find((c) => c.name === 'Targets')!;
    const o = hpa(
      {
        scaleTargetRef: ref,
        maxReplicas: 3,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        ],
      },
      { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }] },
    );
    assert.equal(targets.cell(o, 0), 'cpu: 12%/50%, memory: <unknown>/1Gi + 1 more...');
    assert.equal(targets.cell(hpa({ scaleTargetRef: ref, maxReplicas: 1 }), 0), '<none>');
  });
});
