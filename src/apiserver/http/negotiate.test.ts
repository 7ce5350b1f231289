import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsType, negotiate, parseAccept } from './negotiate.js';

const KUBECTL_GET = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

test('kubectl get prefers a v1 Table, then v1beta1, then plain JSON', () => {
  assert.deepEqual(parseAccept(KUBECTL_GET), [
    { mediaType: 'application/json', params: { as: 'Table', v: 'v1', g: 'meta.k8s.io' }, q: 1 },
    { mediaType: 'application/json', params: { as: 'Table', v: 'v1beta1', g: 'meta.k8s.io' }, q: 1 },
    { mediaType: 'application/json', params: {}, q: 1 },
  ]);
  const table = negotiate(KUBECTL_GET, (r) => r.params['as'] === 'Table' && r.params['v'] === 'v1');
  assert.equal(table?.params['g'], 'meta.k8s.io');
  const plain = negotiate(KUBECTL_GET, (r) => acceptsType(r, 'application/json') && !r.params['as']);
  assert.deepEqual(plain?.params, {});
});

test('aggregated discovery is recognised, and a client without it gets legacy discovery', () => {
  const wantsAggregated = (r: { params: Record<string, string> }): boolean =>
    r.params['g'] === 'apidiscovery.k8s.io' && r.params['v'] === 'v2' && r.params['as'] === 'APIGroupDiscoveryList';
  assert.ok(negotiate(DISCOVERY, wantsAggregated));
  assert.equal(negotiate('application/json, */*', wantsAggregated), undefined);
});

test('q values order ranges; q=0 and empty parts are dropped; no header accepts anything', () => {
  assert.deepEqual(
    parseAccept('text/plain;q=0.5, application/vnd.kubernetes.protobuf, application/json;q=0, ,*/*;q=0.1').map((r) => r.mediaType),
    ['application/vnd.kubernetes.protobuf', 'text/plain', '*/*'],
  );
  assert.deepEqual(parseAccept(undefined), [{ mediaType: '*/*', params: {}, q: 1 }]);
  assert.ok(acceptsType(parseAccept('application/*')[0]!, 'application/json'));
  assert.ok(!acceptsType(parseAccept('text/*')[0]!, 'application/json'));
});
