import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { parseListOptions } from './list-options.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);
const cached = (labels: Record<string, string>, fields: Record<string, string>) => ({ key: 'k', revision: 1, object: { metadata: {} }, labels, fields });

test('resourceVersion semantics map to cache reads', () => {
  assert.deepEqual(parseListOptions(q('')).read, { kind: 'latest' });
  assert.deepEqual(parseListOptions(q('resourceVersion=0')).read, { kind: 'any' });
  assert.deepEqual(parseListOptions(q('resourceVersion=42')).read, { kind: 'notOlderThan', revision: 42 });
  assert.equal(parseListOptions(q('resourceVersion=42&resourceVersionMatch=Exact')).exactRevision, 42);
  assert.equal(parseListOptions(q('watch=true&resourceVersion=42')).sinceRevision, 42);
  for (const bad of ['resourceVersion=x', 'resourceVersionMatch=Exact', 'resourceVersion=0&resourceVersionMatch=Exact', 'resourceVersion=1&resourceVersionMatch=Newest', 'limit=-1']) {
    assert.throws(() => parseListOptions(q(bad)), (err: unknown) => err instanceof StatusError && err.code === 400, bad);
  }
});

test('label and field selectors compile into one filter', () => {
  const { filter } = parseListOptions(q('labelSelector=app%3Dweb,tier!%3Ddb&fieldSelector=metadata.name%3Dx'));
  assert.equal(filter(cached({ app: 'web' }, { 'metadata.name': 'x' })), true);
  assert.equal(filter(cached({ app: 'web', tier: 'db' }, { 'metadata.name': 'x' })), false);
  assert.equal(filter(cached({ app: 'web' }, { 'metadata.name': 'y' })), false);
});

test('continue tokens round-trip and reject garbage', () => {
  const token = encodeContinue({ revision: 7, start: 'default/item-05' });
  assert.deepEqual(JSON.parse(Buffer.from(token, 'base64').toString()), { v: 'meta.k8s.io/v1', rv: 7, start: 'default/item-05' });
  assert.deepEqual(decodeContinue(token), { revision: 7, start: 'default/item-05' });
  for (const bad of ['not-base64!', Buffer.from('{"v":"x"}').toString('base64'), '']) {
    assert.throws(() => decodeContinue(bad), (err: unknown) => err instanceof StatusError && err.code === 400);
  }
});

test('field selector labels a resource does not support are refused in upstream words', () => {
  const known = new Set(['metadata.name', 'metadata.namespace', 'spec.nodeName']);
  assert.equal(parseListOptions(q('fieldSelector=spec.nodeName%3Dn1,metadata.name!%3Dx'), { known, ownConversion: true }).filter(cached({}, { 'spec.nodeName': 'n1', 'metadata.name': 'y' })), true);
  const refused = (fieldLabels: { known: Set<string>; ownConversion: boolean }, message: string): void =>
    assert.throws(() => parseListOptions(q('fieldSelector=spec.foo%3Dx'), fieldLabels), (err: unknown) => err instanceof StatusError && err.code === 400 && err.message === message);
  refused({ known, ownConversion: true }, 'field label not supported: spec.foo');
  refused({ known: new Set(['metadata.name', 'metadata.namespace']), ownConversion: false }, '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"');
});
