/** The API server's non-resource endpoints through the real kubectl. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

describe('API server basics through kubectl', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  test('kubectl version reports the server as Kubernetes v1.32', async () => {
    const version = JSON.parse(await kubectl.ok(['version', '-o', 'json'])) as { serverVersion: Record<string, string> };
    assert.equal(version.serverVersion['major'], '1');
    assert.equal(version.serverVersion['minor'], '32');
    assert.match(version.serverVersion['gitVersion']!, /^v1\.32\.\d+\+kts/);
  });

  test('health endpoints answer as upstream does', async () => {
    assert.equal(await kubectl.ok(['get', '--raw', '/healthz']), 'ok');
    assert.equal(await kubectl.ok(['get', '--raw', '/livez']), 'ok');
    assert.equal(await kubectl.ok(['get', '--raw', '/readyz?verbose']), '[+]ping ok\n[+]etcd ok\n[+]shutdown ok\nreadyz check passed\n');
    assert.equal(await kubectl.ok(['get', '--raw', '/readyz/etcd']), 'ok');
  });

  test('/metrics counts requests by verb, resource and code', async () => {
    await kubectl.run(['get', 'configmaps']); // prints "No resources found" on stderr
    const text = await kubectl.ok(['get', '--raw', '/metrics']);
    assert.match(text, /^apiserver_request_total\{verb="LIST",group="",version="v1",resource="configmaps",subresource="",code="200"\} \d+$/m);
    assert.match(text, /^apiserver_request_duration_seconds_bucket\{le="0.1",verb="LIST",group="",version="v1",resource="configmaps"\} \d+$/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
  });

  test('/metrics counts open watches and times store calls', async () => {
    const gauge = /^apiserver_longrunning_requests\{verb="WATCH",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver"\} (\d+)$/m;
    const watch = new AbortController();
    const response = await fetch(`${server.url}/api/v1/namespaces/default/configmaps?watch=true`, { signal: watch.signal });
    assert.equal(response.status, 200);
    assert.equal(gauge.exec(await kubectl.ok(['get', '--raw', '/metrics']))?.[1], '1');
    watch.abort();
    await response.body?.cancel().catch(() => undefined);
    let open: string | undefined;
    for (let i = 0; i < 100 && open !== '0'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      open = gauge.exec(await kubectl.ok(['get', '--raw', '/metrics']))?.[1];
    }
    assert.equal(open, '0');

    await kubectl.ok(['create', 'configmap', 'timed', '--from-literal=a=b']);
    const text = await kubectl.ok(['get', '--raw', '/metrics']);
    assert.match(text, /^etcd_request_duration_seconds_count\{operation="create",type="configmaps"\} [1-9]\d*$/m);
    assert.match(text, /^etcd_request_duration_seconds_bucket\{le="0.025",operation="list",type="namespaces"\} \d+$/m);
    assert.match(text, /^etcd_request_duration_seconds_count\{operation="currentRevision",type="unknown"\} \d+$/m);
    // Watches are not in the latency histogram (they last as long as the client wants).
    assert.doesNotMatch(text, /^apiserver_request_duration_seconds_bucket\{[^}]*verb="WATCH"/m);
  });

  test('an unknown path is a NotFound Status', async () => {
    const result = await kubectl.run(['get', '--raw', '/no/such/path']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error from server \(NotFound\): the server could not find the requested resource/);
    const response = await fetch(`${server.url}/no/such/path`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      code: 404,
    });
  });

  test('a method the endpoint does not serve is refused with 405', async () => {
    const response = await fetch(`${server.url}/version`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.equal(((await response.json()) as { reason: string }).reason, 'MethodNotAllowed');
  });
});
