import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../../../util/errors.js';
import { requireNode, resolveContainer } from './streaming.js';
import type { Pod } from './types.js';

const pod = (containers: string[], nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { initContainers: [{ name: 'init', image: 'x' }], containers: containers.map((name) => ({ name, image: 'x' })), ...(nodeName ? { nodeName } : {}) },
});

const badRequest = (message: string) => (err: unknown) => err instanceof StatusError && err.code === 400 && err.message === message;

test('resolveContainer: the named one, or the only one; otherwise upstream 400s', () => {
  assert.equal(resolveContainer(pod(['a']), ''), 'a');
  assert.equal(resolveContainer(pod(['a', 'b']), 'init'), 'init');
  assert.throws(() => resolveContainer(pod(['a']), 'z'), badRequest('container z is not valid for pod p'));
  assert.throws(() => resolveContainer(pod(['a', 'b']), ''), badRequest('a container name must be specified for pod p, choose one of: [init a b]'));
});

test('requireNode: a pod without a node has no host', () => {
  assert.equal(requireNode(pod(['a'], 'n1')), 'n1');
  assert.throws(() => requireNode(pod(['a'])), badRequest('pod p does not have a host assigned'));
});
