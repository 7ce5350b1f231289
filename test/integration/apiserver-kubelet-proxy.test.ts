/**
 * The API server's node-served subresources against a real small HTTP/WebSocket server that
 * plays the kubelet (test/support/fake-kubelet.ts), registered as a Node through the API:
 * `kubectl logs` (plain and followed, streamed), `kubectl exec` (WebSocket v5 tunnel, exit
 * codes), a `ws` client piping bytes both ways, a raw port-forward upgrade, nodes/proxy and
 * pods/proxy with `kubectl get --raw`, and the errors (no node, no port, kubelet down).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { FakeKubelet } from '../support/fake-kubelet.js';
import { useCluster } from '../support/cluster.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { freePorts } from '../support/ports.js';

const node = (name: string, port: number | undefined): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      addresses: [
        { type: 'Hostname', address: `${name}.invalid` },
        { type: 'InternalIP', address: '127.0.0.1' },
      ],
      ...(port === undefined ? {} : { daemonEndpoints: { kubeletEndpoint: { Port: port } } }),
    },
  });

const pod = (name: string, nodeName: string, containers: string[]): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: containers.map((c) => ({ name: c, image: 'busybox:1.36' })) } });

describe('kubelet proxy through the API server', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  let kubelet: FakeKubelet;
  let downPort: number;

  before(async () => {
    kubectl = cluster();
    kubelet = await FakeKubelet.start();
    [downPort] = (await freePorts(1)) as [number];
    for (const manifest of [node('n1', kubelet.port), node('portless', undefined), node('down', downPort)]) await kubectl.ok(['create', '-f', '-'], { stdin: manifest });
    await kubectl.ok(['create', '-f', '-'], { stdin: pod('web', 'n1', ['app']) });
    await kubectl.ok(['create', '-f', '-'], { stdin: pod('duo', 'n1', ['a', 'b']) });
    await kubectl.ok(['create', '-f', '-'], { stdin: pod('ghost', 'n1', ['gone']) });
    await kubectl.ok(['create', '-f', '-'], { stdin: pod('lost', 'nowhere', ['app']) });
    await kubectl.ok(['create', '-f', '-'], { stdin: pod('noport', 'portless', ['app']) });
    await kubectl.ok(['create', '-f', '-'], { stdin: pod('unreachable', 'down', ['app']) });
  });
  after(async () => {
    await kubelet?.dispose();
  });

  const lastSeen = (): string => kubelet.seen.at(-1)?.url ?? '';

  test('kubectl logs reads the kubelet containerLogs path with upstream query names', async () => {
    assert.equal(await kubectl.ok(['logs', 'web']), 'log of default/web/app\n');
    assert.equal(lastSeen(), '/containerLogs/default/web/app');
    assert.equal(await kubectl.ok(['logs', 'duo', '-c', 'b', '--tail=5', '--timestamps', '--limit-bytes=100', '--since=1h']), 'log of default/duo/b\n');
    assert.equal(lastSeen(), '/containerLogs/default/duo/b?limitBytes=100&sinceSeconds=3600&tailLines=5&timestamps=true');
    // The kubelet's own refusal (a text body) reaches kubectl as a Status with its text.
    const previous = await kubectl.run(['logs', 'ghost', '--previous']);
    assert.equal(previous.stderr, 'Error from server (BadRequest): previous terminated container "gone" in pod "ghost" not found\n');
    assert.equal(lastSeen(), '/containerLogs/default/ghost/gone?previous=true');
  });

  test('log errors: options and containers, checked before the kubelet is asked', async () => {
    // kubectl itself defaults to the first container; the server refuses to choose.
    const multi = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/duo/log']);
    assert.equal(multi.stderr, 'Error from server (BadRequest): a container name must be specified for pod duo, choose one of: [a b]\n');
    const wrong = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/duo/log?container=c']);
    assert.equal(wrong.stderr, 'Error from server (BadRequest): container c is not valid for pod duo\n');
    const negative = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/log?tailLines=-1']);
    assert.equal(negative.stderr, 'The PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0\n');
    const limit = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/log?limitBytes=0&sinceSeconds=1&sinceTime=2024-01-01T00:00:00Z']);
    assert.equal(limit.stderr, 'The PodLogOptions "web" is invalid: \n* limitBytes: Invalid value: 0: must be greater than 0\n* : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified\n');
    const notNumber = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/log?tailLines=x']);
    assert.match(notNumber.stderr, /^Error from server \(BadRequest\): strconv.ParseInt: parsing "x": invalid syntax/);
  });

  test('kubectl logs -f streams: the first line arrives while the kubelet keeps the stream open', async () => {
    const follow = kubectl.start(['logs', '-f', 'web']);
    try {
      let stdout = '';
      const firstLine = new Promise<void>((resolve) => follow.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), stdout.includes('first\n') && resolve())));
      await kubelet.followerOpen();
      await firstLine;
      assert.equal(stdout, 'first\n', 'the first chunk reached kubectl before the kubelet ended the stream');
      assert.equal(lastSeen(), '/containerLogs/default/web/app?follow=true');
      kubelet.finishFollow();
      const [code] = (await once(follow, 'close')) as [number];
      assert.equal(code, 0);
      assert.equal(stdout, 'first\nsecond\n');
    } finally {
      follow.kill();
    }
  });

  test('a followed log is aborted at the kubelet when the client goes away', async () => {
    const url = new URL(`${server.url}/api/v1/namespaces/default/pods/web/log?follow=true`);
    const req = request(url);
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain');
    const [chunk] = (await once(res, 'data')) as [Buffer];
    assert.equal(chunk.toString(), 'first\n');
    const closed = kubelet.followClosed;
    req.destroy();
    await closed; // resolves only when the kubelet saw its request end
  });

  test('kubectl exec tunnels the WebSocket to the kubelet: output, stdin and exit codes', async () => {
    assert.equal(await kubectl.ok(['exec', 'web', '--', 'echo', 'hi there']), 'ran echo hi there\n');
    const seen = kubelet.seen.at(-1)!;
    assert.equal(seen.url, '/exec/default/web/app?command=echo&command=hi+there&error=1&output=1');
    assert.equal(seen.headers.upgrade, 'websocket');
    assert.equal(seen.headers.authorization, undefined);
    assert.match(String(seen.headers['sec-websocket-protocol']), /v5\.channel\.k8s\.io/);
    assert.equal(await kubectl.ok(['exec', '-i', 'duo', '-c', 'b', '--', 'cat'], { stdin: 'hello\n' }), 'ran cat\nHELLO\n');
    assert.equal(lastSeen(), '/exec/default/duo/b?command=cat&error=1&input=1&output=1');
    const failed = await kubectl.run(['exec', 'web', '--', 'exit', '3']);
    assert.equal(failed.code, 3);
    assert.match(failed.stderr, /command terminated with exit code 3/);
  });

  test('a ws client pipes bytes both ways through pods/exec', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/web/exec?command=cat&stdin=true&stdout=true`, ['v5.channel.k8s.io']);
    const frames: Buffer[] = [];
    ws.on('message', (data: Buffer) => frames.push(data));
    await once(ws, 'open');
    assert.equal(ws.protocol, 'v5.channel.k8s.io');
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('abc')]));
    ws.send(Buffer.from([255, 0]));
    await once(ws, 'close');
    assert.deepEqual(
      frames.map((f) => `${f[0]}:${f.subarray(1).toString()}`),
      ['1:ran cat\n', '1:ABC', '3:{"metadata":{},"status":"Success"}'],
    );
  });

  test('port-forward: the raw upgrade is tunnelled with the ports as the kubelet port parameter', async () => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /api/v1/namespaces/default/pods/web/portforward?ports=8080 HTTP/1.1\r\nHost: kts\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n\r\nearly');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    while (!received.includes('early')) await once(socket, 'data');
    assert.match(received, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    socket.write('ping');
    while (!received.endsWith('ping')) await once(socket, 'data');
    assert.equal(lastSeen(), '/portForward/default/web?port=8080');
    assert.equal(kubelet.seen.at(-1)!.headers['sec-websocket-protocol'], 'SPDY/3.1+portforward.k8s.io');
    socket.destroy();
  });

  test('an upgrade refused before the tunnel gets an HTTP Status on the raw socket', async () => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /api/v1/namespaces/default/pods/nope/exec?command=ls HTTP/1.1\r\nHost: kts\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    await once(socket, 'end');
    assert.match(received, /^HTTP\/1\.1 404 Not Found\r\n/);
    assert.match(received, /\r\n\r\n\{"kind":"Status","apiVersion":"v1","metadata":\{\},"status":"Failure","message":"pods \\"nope\\" not found","reason":"NotFound"/);
    socket.destroy();
  });

  test('exec without an upgrade is refused as upstream does', async () => {
    const plain = await kubectl.run(['create', '--raw', '/api/v1/namespaces/default/pods/web/exec?command=ls', '-f', '-'], { stdin: '{}' });
    assert.equal(plain.stderr, 'Error from server (BadRequest): Upgrade request required\n');
  });

  test('nodes/proxy reaches the kubelet: healthz, pods, stats/summary', async () => {
    assert.equal(await kubectl.ok(['get', '--raw', '/api/v1/nodes/n1/proxy/healthz']), 'ok');
    assert.equal(JSON.parse(await kubectl.ok(['get', '--raw', '/api/v1/nodes/n1/proxy/pods'])).kind, 'PodList');
    assert.equal(JSON.parse(await kubectl.ok(['get', '--raw', '/api/v1/nodes/n1/proxy/stats/summary?only_cpu_and_memory=true'])).node.nodeName, 'fake');
    assert.equal(lastSeen(), '/stats/summary?only_cpu_and_memory=true');
    assert.equal(kubelet.seen.at(-1)!.headers.host, `127.0.0.1:${kubelet.port}`);
    const missing = await kubectl.run(['get', '--raw', '/api/v1/nodes/n1/proxy/nothing']);
    assert.match(missing.stderr, /NotFound/);
  });

  test('pods/proxy reaches the pod IP and port, path and query kept', async () => {
    await kubectl.ok(['patch', 'pod', 'web', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { podIP: '127.0.0.1', podIPs: [{ ip: '127.0.0.1' }] } })]);
    assert.equal(await kubectl.ok(['get', '--raw', `/api/v1/namespaces/default/pods/web:${kubelet.port}/proxy/healthz?x=1`]), 'ok');
    assert.equal(lastSeen(), '/healthz?x=1');
    const bad = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/ftp:web:21/proxy/']);
    assert.equal(bad.stderr, 'Error from server (BadRequest): invalid pod request "ftp:web:21"\n');
  });

  test('no node, no kubelet port, kubelet down: clear 503s', async () => {
    assert.equal((await kubectl.run(['logs', 'lost'])).stderr, 'Error from server (ServiceUnavailable): node "nowhere" is not registered, so its kubelet cannot be reached\n');
    assert.equal(
      (await kubectl.run(['logs', 'noport'])).stderr,
      'Error from server (ServiceUnavailable): node "portless" reports no kubelet port (status.daemonEndpoints.kubeletEndpoint.Port), so its kubelet cannot be reached\n',
    );
    const refused = `error trying to reach service: dial tcp 127.0.0.1:${downPort}: connect: connection refused`;
    assert.equal((await kubectl.run(['logs', 'unreachable'])).stderr, `Error from server (ServiceUnavailable): ${refused}\n`);
    assert.equal((await kubectl.run(['get', '--raw', '/api/v1/nodes/down/proxy/healthz'])).stderr, `Error from server (ServiceUnavailable): ${refused}\n`);
    const exec = await kubectl.run(['exec', 'unreachable', '--', 'ls']);
    assert.notEqual(exec.code, 0);
    assert.match(exec.stderr, new RegExp(refused.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});
