import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from '../../../../api/field-errors.js';
import { toTable } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import { formatLabels, podTemplateColumns, podTemplateStrategy } from './strategy.js';

const template = (spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PodTemplate',
  metadata: { name: 't' },
  template: { ...(labels ? { metadata: { labels } } : {}), spec },
});

test('formatLabels: sorted pairs, <none> when empty', () => {
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels(undefined), '<none>');
});

test('columns: NAME CONTAINERS IMAGES POD LABELS', () => {
  const t = template({ containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y' }] }, { app: 'web' });
  const table = toTable(podTemplateColumns, [t], {}, 'None') as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
  assert.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Containers', 'Images', 'Pod Labels']);
  assert.deepEqual(table.rows[0]!.cells, ['t', 'a,b', 'x:1,y', 'app=web']);
});

test('the template is defaulted and validated under template.', () => {
  const t = template({ containers: [{ name: 'a' }] });
  podTemplateStrategy.applyDefaults!(t);
  assert.equal((t['template'] as { spec: { restartPolicy: string } }).spec.restartPolicy, 'Always');
  assert.deepEqual(podTemplateStrategy.validate!(t).map(fieldErrorMessage), ['template.spec.containers[0].image: Required value']);
});
