import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { etcdSkipReason, startEtcd } from '../support/etcd-server.js';
import { KtsProcess, runKts } from '../support/kts-process.js';
import { freePorts } from '../support/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'kts-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kts CLI', () => {
  test('kts version names the Kubernetes version it speaks', async () => {
    const result = await runKts(['version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^kts version v\d+\.\d+\.\d+ \(Kubernetes v1\.32\.\d+\)\n$/);
  });

  test('kts --help lists the commands', async () => {
    const result = await runKts(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /server \[options\]/);
    assert.match(result.stdout, /version/);
  });

  test('kts server opens its store, refuses a second server on the data dir, and stops cleanly', async () => {
    const dataDir = join(dir, 'data');
    const [port] = await freePorts(1);
    const server = new KtsProcess(['server', '--disable-agent', '--data-dir', dataDir, '--port', String(port)]);
    try {
      await server.waitForLog(/"msg":"store ready"/);
      assert.ok(existsSync(join(dataDir, 'state.db')));
      const second = await runKts(['server', '--data-dir', dataDir]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`kts: error: data dir .* is in use by another kts server: pid ${server.pid}`));
      assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      const result = await server.stop('SIGTERM');
      assert.equal(result.code, 0, result.stderr);
    }
    assert.ok(!existsSync(join(dataDir, 'kts.lock')), 'the lock is released');
    // A lock left by a killed server does not block the next one.
    const killed = new KtsProcess(['server', '--disable-agent', '--data-dir', dataDir, '--port', String(port)]);
    await killed.waitForLog(/"msg":"store ready"/);
    await killed.stop('SIGKILL');
    const next = new KtsProcess(['server', '--disable-agent', '--data-dir', dataDir, '--port', String(port)]);
    await next.waitForLog(/"msg":"store ready"/);
    assert.equal((await next.stop('SIGINT')).code, 0);
  });

  test('a store file that is not SQLite is a clear error with exit status 1', async () => {
    const bad = join(dir, 'not-a-db');
    writeFileSync(bad, 'hello, I am a text file\n');
    const result = await runKts(['server', '--data-dir', join(dir, 'bad'), '--datastore-endpoint', `sqlite://${bad}`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /kts: error: .*not-a-db is not a SQLite database/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  test('an API port that is taken is a clear error, and the data dir is released', async () => {
    const [port] = await freePorts(1);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const dataDir = join(dir, 'port-taken');
      const result = await runKts(['server', '--disable-agent', '--data-dir', dataDir, '--port', String(port)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`kts: error: cannot serve the API on 127\\.0\\.0\\.1:${port}: the port is in use`));
      assert.ok(!existsSync(join(dataDir, 'kts.lock')));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  test('bad flags and endpoints are refused with a clear message', async () => {
    const badPort = await runKts(['server', '--port', '70000']);
    assert.equal(badPort.code, 1);
    assert.match(badPort.stderr, /--port .* must be a port number/);
    const badScheme = await runKts(['server', '--data-dir', join(dir, 'scheme'), '--datastore-endpoint', 'mysql://x']);
    assert.equal(badScheme.code, 1);
    assert.match(badScheme.stderr, /unsupported datastore endpoint "mysql:\/\/x": use one of memory:\/\/, sqlite:\/\/, etcd:\/\//);
  });

  test('an unreachable etcd is retried with backoff and reported until the server is stopped', async () => {
    const [port] = await freePorts(1);
    const server = new KtsProcess(['server', '--disable-agent', '--data-dir', join(dir, 'etcd'), '--datastore-endpoint', `etcd://127.0.0.1:${port}`]);
    await server.waitForLog(new RegExp(`etcd at .*127\\.0\\.0\\.1:${port}.* is unreachable[^\\n]*retrying`));
    await server.waitForLog(/retrying[\s\S]*retrying/); // more than one attempt
    const result = await server.stop('SIGINT');
    assert.equal(result.code, 0, result.stderr);
  });

  test('kts server runs on a real etcd', { skip: etcdSkipReason() }, async () => {
    const etcd = await startEtcd();
    try {
      const [port] = await freePorts(1);
      const server = new KtsProcess(['server', '--disable-agent', '--data-dir', join(dir, 'on-etcd'), '--port', String(port), '--datastore-endpoint', etcd.endpoint]);
      await server.waitForLog(/"msg":"kts server ready/);
      const result = await server.stop('SIGTERM');
      assert.equal(result.code, 0, result.stderr);
    } finally {
      await etcd.stop();
    }
  });
});
