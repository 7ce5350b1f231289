import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { kubeletStreamQuery } from '../registry/core/pods/streaming.js';
import { kubeletURL, proxiedPath, splitSchemeNamePort } from './connect.js';
import { backendError, forwardHeaders } from './http-proxy.js';
import { kubeletEndpoint } from './kubelet-location.js';
import { unreachable } from './reach-error.js';

const node = (addresses: { type: string; address: string }[], port?: number) => ({
  metadata: { name: 'n1' },
  status: { addresses, ...(port === undefined ? {} : { daemonEndpoints: { kubeletEndpoint: { Port: port } } }) },
});

test('kubeletEndpoint: IPs before names, the reported port; 503s otherwise', () => {
  assert.deepEqual(kubeletEndpoint(node([{ type: 'Hostname', address: 'h' }, { type: 'ExternalIP', address: '1.2.3.4' }, { type: 'InternalIP', address: '10.0.0.1' }], 10250)), { host: '10.0.0.1', port: 10250 });
  assert.deepEqual(kubeletEndpoint(node([{ type: 'Hostname', address: 'h' }], 1)), { host: 'h', port: 1 });
  const unavailable = (message: string) => (err: unknown) => err instanceof StatusError && err.code === 503 && err.message === message;
  assert.throws(() => kubeletEndpoint(node([], 10250)), unavailable('no preferred addresses found; known addresses: []'));
  assert.throws(() => kubeletEndpoint(node([{ type: 'InternalIP', address: '10.0.0.1' }])), unavailable('node "n1" reports no kubelet port (status.daemonEndpoints.kubeletEndpoint.Port), so its kubelet cannot be reached'));
  assert.equal(kubeletURL({ host: 'fd00::1', port: 10250 }, '/pods').toString(), 'http://[fd00::1]:10250/pods');
});

test('splitSchemeNamePort and proxiedPath as upstream', () => {
  assert.deepEqual(splitSchemeNamePort('web'), { scheme: '', name: 'web', port: '' });
  assert.deepEqual(splitSchemeNamePort('web:8080'), { scheme: '', name: 'web', port: '8080' });
  assert.deepEqual(splitSchemeNamePort('https:web:443'), { scheme: 'https', name: 'web', port: '443' });
  for (const bad of ['ftp:web:21', 'a:b:c:d', ':80', 'web:http', 'web:70000']) assert.equal(splitSchemeNamePort(bad), undefined, bad);
  assert.equal(proxiedPath([], '/api/v1/nodes/n/proxy'), '/');
  assert.equal(proxiedPath(['stats', 'summary'], '/api/v1/nodes/n/proxy/stats/summary/?x'), '/stats/summary/');
  assert.equal(proxiedPath(['a b'], '/x/proxy/a%20b'), '/a%20b');
});

test('kubeletStreamQuery: upstream streamParams names', () => {
  assert.equal(kubeletStreamQuery(new URLSearchParams('command=sh&command=-c&stdin=true&stdout=true&stderr=false&tty=1&container=c'), true).toString(), 'command=sh&command=-c&input=1&output=1&tty=1');
  assert.equal(kubeletStreamQuery(new URLSearchParams('command=ls&stdout=true'), false).toString(), 'output=1');
});

test('forwardHeaders: no credentials, no hop-by-hop headers, the backend as Host', () => {
  const target = new URL('http://10.0.0.1:10250/x');
  const headers = forwardHeaders({ host: 'api', authorization: 'Bearer t', connection: 'keep-alive, x-private', 'x-private': '1', 'transfer-encoding': 'chunked', accept: 'text/plain' }, target);
  assert.deepEqual(headers, { accept: 'text/plain', host: '10.0.0.1:10250' });
  assert.deepEqual(forwardHeaders({ connection: 'Upgrade', upgrade: 'websocket' }, target, ['connection', 'upgrade']), { connection: 'Upgrade', upgrade: 'websocket', host: '10.0.0.1:10250' });
});

test('backend errors and dial errors read like upstream', () => {
  assert.equal(backendError(400, 'bad thing\n').message, 'bad thing');
  assert.equal(backendError(500, 'boom').message, 'Internal error occurred: boom');
  assert.equal(backendError(404, '').reason, 'NotFound');
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  assert.equal(unreachable(refused, new URL('http://127.0.0.1:1/')).message, 'error trying to reach service: dial tcp 127.0.0.1:1: connect: connection refused');
  assert.equal(unreachable(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), new URL('http://nohost:1/')).message, 'error trying to reach service: dial tcp: lookup nohost: no such host');
});
