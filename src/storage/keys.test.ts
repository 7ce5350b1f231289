import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../util/errors.js';
import { checkKey, keyAfter, prefixEnd } from './keys.js';

test('prefixEnd bounds exactly the keys under a prefix', () => {
  const end = prefixEnd('/registry/pods/');
  assert.equal(end, '/registry/pods0');
  for (const key of ['/registry/pods/a', '/registry/pods/~~~']) assert.ok(key >= '/registry/pods/' && key < end);
  assert.ok(!('/registry/pods0' < end));
  assert.ok('/registry/podsx' >= end);
});

test('keyAfter is the next possible key', () => {
  const next = keyAfter('/a/b');
  assert.ok(next > '/a/b');
  assert.ok(next < '/a/b!' && next < '/a/c');
});

test('checkKey accepts Kubernetes keys and refuses others', () => {
  checkKey('/registry/pods/default/web-1');
  for (const bad of ['', 'has space', 'tab\t', 'ünïcode', 'x'.repeat(5000)]) {
    assert.throws(() => checkKey(bad), BadRequestError);
  }
});
