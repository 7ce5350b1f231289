import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enabledControllers } from './controller-manager.js';
import type { ControllerDescriptor } from './shared/controller.js';

const table: ControllerDescriptor[] = ['a', 'b', 'c'].map((name) => ({ name, workers: 1, create: () => ({ run: async () => undefined }) }));
const names = (spec: string[]) => enabledControllers(spec, table).map((d) => d.name);

test('--controllers: * enables all, -name disables, names enable one by one', () => {
  assert.deepEqual(names(['*']), ['a', 'b', 'c']);
  assert.deepEqual(names(['*', '-b']), ['a', 'c']);
  assert.deepEqual(names(['c', 'a']), ['a', 'c']);
  assert.deepEqual(names([]), []);
});

test('--controllers: unknown names are refused with the known list', () => {
  assert.throws(() => names(['*', '-nope']), /unknown controller "nope"; known controllers: a, b, c/);
});
