import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestInfo } from './request-info.js';

function info(method: string, url: string): Record<string, unknown> {
  const parsed = new URL(url, 'http://x');
  const { path: _path, ...rest } = requestInfo(method, parsed.pathname, parsed.searchParams);
  return rest;
}

const resource = (fields: Record<string, unknown>): Record<string, unknown> => ({
  isResourceRequest: true,
  apiPrefix: 'api',
  apiGroup: '',
  apiVersion: 'v1',
  namespace: '',
  name: '',
  subresource: '',
  parts: [],
  ...fields,
});

test('core and group resource paths, as upstream parses them', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['GET', '/api/v1/pods', resource({ verb: 'list', resource: 'pods' })],
    ['GET', '/api/v1/pods?watch=true', resource({ verb: 'watch', resource: 'pods' })],
    ['GET', '/api/v1/namespaces/default/pods/web', resource({ verb: 'get', namespace: 'default', resource: 'pods', name: 'web' })],
    ['GET', '/api/v1/namespaces/default/pods/web/log', resource({ verb: 'get', namespace: 'default', resource: 'pods', name: 'web', subresource: 'log' })],
    ['POST', '/api/v1/namespaces/default/pods', resource({ verb: 'create', namespace: 'default', resource: 'pods' })],
    ['DELETE', '/api/v1/namespaces/default/pods', resource({ verb: 'deletecollection', namespace: 'default', resource: 'pods' })],
    ['DELETE', '/api/v1/namespaces/default/pods/web', resource({ verb: 'delete', namespace: 'default', resource: 'pods', name: 'web' })],
    ['PATCH', '/apis/apps/v1/namespaces/ns/deployments/d/scale', resource({ verb: 'patch', apiPrefix: 'apis', apiGroup: 'apps', namespace: 'ns', resource: 'deployments', name: 'd', subresource: 'scale' })],
    ['PUT', '/api/v1/namespaces/ns', resource({ verb: 'update', namespace: 'ns', resource: 'namespaces', name: 'ns' })],
    ['PUT', '/api/v1/namespaces/ns/finalize', resource({ verb: 'update', namespace: 'ns', resource: 'namespaces', name: 'ns', subresource: 'finalize' })],
    ['GET', '/api/v1/namespaces', resource({ verb: 'list', resource: 'namespaces' })],
    ['GET', '/api/v1/watch/namespaces/ns/pods', resource({ verb: 'watch', namespace: 'ns', resource: 'pods' })],
    ['GET', '/api/v1/nodes/n1/proxy/stats/summary', resource({ verb: 'get', resource: 'nodes', name: 'n1', subresource: 'proxy', parts: ['stats', 'summary'] })],
  ];
  for (const [method, url, expected] of cases) assert.deepEqual(info(method, url), expected, `${method} ${url}`);
});

test('everything else is a non-resource request', () => {
  for (const url of ['/version', '/healthz', '/api', '/apis', '/apis/apps', '/openapi/v3', '/']) {
    assert.deepEqual(info('GET', url), { isResourceRequest: false, verb: 'get' }, url);
  }
});
