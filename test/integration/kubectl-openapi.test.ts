/** OpenAPI v2 (`/openapi/v2`, JSON and gnostic protobuf) through the real kubectl. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

describe('OpenAPI v2 through kubectl', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  test('kubectl explain reads the v2 protobuf document', async () => {
    const data = await kubectl.ok(['explain', '--output=plaintext-openapiv2', 'configmap.data']);
    assert.match(data, /^KIND:\s+ConfigMap$/m);
    assert.match(data, /^VERSION:\s+v1$/m);
    assert.match(data, /^FIELD:\s+data <map\[string\]string>$/m);
    const rules = await kubectl.ok(['explain', '--output=plaintext-openapiv2', 'roles.rules']);
    assert.match(rules, /^VERSION:\s+rbac\.authorization\.k8s\.io\/v1$/m);
    assert.match(rules, /^\s+verbs\t<\[\]string> -required-$/m);
    assert.match(rules, /^\s+apiGroups\t<\[\]string>$/m);
  });

  test('the JSON document answers conditional and compressed requests as upstream', async () => {
    const doc = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v2'])) as { swagger: string; definitions: Record<string, unknown>; paths: Record<string, unknown> };
    assert.equal(doc.swagger, '2.0');
    assert.ok(doc.definitions['io.k8s.api.core.v1.Namespace']);
    assert.ok(doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']);
    const first = await fetch(`${server.url}/openapi/v2`, { headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal(first.headers.get('content-encoding'), 'gzip'); // fetch asks for gzip and inflates
    assert.ok((await first.arrayBuffer()).byteLength > 1000);
    const again = await fetch(`${server.url}/openapi/v2`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });

  test('explain and get still use the v3 documents by default', async () => {
    const out = await kubectl.ok(['explain', 'configmap.data']);
    assert.match(out, /^FIELD: data <map\[string\]string>$/m);
  });
});
