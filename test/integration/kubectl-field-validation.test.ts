/** Duplicate fields under `?fieldValidation` (kubectl sends raw bodies with `--raw`). */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

const body = (name: string): string => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","name":"${name}"},"data":{"a":"1","a":"2"},"bogus":1,"bogus":2}`;

describe('duplicate fields through kubectl', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  test('Strict refuses a body with duplicate fields, listing them after unknown fields', async () => {
    const result = await kubectl.run(['create', '--raw', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', '-f', '-'], { stdin: body('strict') });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'Error from server (BadRequest): strict decoding error: unknown field "bogus", duplicate field "metadata.name", duplicate field "data.a"');
  });

  test('Warn (the default) creates the object with the last values and warns', async () => {
    const result = await kubectl.run(['create', '--raw', '/api/v1/namespaces/default/configmaps', '-f', '-'], { stdin: body('warn') });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, 'Warning: unknown field "bogus"\nWarning: duplicate field "metadata.name"\nWarning: duplicate field "data.a"\n');
    assert.deepEqual((JSON.parse(result.stdout) as { data: unknown }).data, { a: '2' });
  });

  test('Ignore says nothing', async () => {
    const result = await kubectl.run(['create', '--raw', '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', '-f', '-'], { stdin: body('ignore') });
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
  });

  test('YAML bodies report duplicates by line; merge patches by path', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\ndata:\n  a: "1"\n  a: "2"\n';
    const strict = await fetch(`${server.url}/api/v1/namespaces/default/configmaps?fieldValidation=Strict`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml });
    assert.equal(strict.status, 400);
    assert.equal(((await strict.json()) as { message: string }).message, 'strict decoding error: line 7: key "a" already set in map');
    const warn = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml });
    assert.equal(warn.status, 201);
    assert.equal(warn.headers.get('warning'), '299 - "line 7: key \\"a\\" already set in map"');

    const patch = await fetch(`${server.url}/api/v1/namespaces/default/configmaps/yaml?fieldValidation=Strict`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: '{"data":{"b":"1","b":"2"}}',
    });
    assert.equal(patch.status, 400);
    assert.equal(((await patch.json()) as { message: string }).message, 'strict decoding error: duplicate field "data.b"');
  });
});
