import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandContainerCommandAndArgs, expandSubPathExpr } from './command.js';

const env = [
  { name: 'GREETING', value: 'hello' },
  { name: 'EMPTY', value: '' },
  { name: 'POD', value: 'web-1' },
];

test('command and args expand defined variables and keep the rest', () => {
  const out = expandContainerCommandAndArgs({ name: 'c', command: ['sh', '-c', 'echo $(GREETING) $(NOPE) $$(GREETING)'], args: ['$(POD)', '$(EMPTY)x'] }, env);
  assert.deepEqual(out, { command: ['sh', '-c', 'echo hello $(NOPE) $(GREETING)'], args: ['web-1', 'x'] });
  assert.deepEqual(expandContainerCommandAndArgs({ name: 'c' }, env), { command: [], args: [] });
});

test('subPathExpr needs every referenced variable to be set and non-empty', () => {
  assert.equal(expandSubPathExpr('logs/$(POD)', env), 'logs/web-1');
  assert.throws(() => expandSubPathExpr('$(NOPE)/$(EMPTY)/$(POD)', env), { message: 'missing value for EMPTY, NOPE' });
});
