import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, runGrpcProbe } from './grpc-probe.js';
import { closedPort } from './servers.testing.js';

/** HealthCheckRequest.service from its protobuf bytes (field 1, length-delimited; short names only). */
function decodeService(bytes: Buffer): { service: string } {
  return { service: bytes.length >= 2 && bytes[0] === 0x0a ? bytes.subarray(2, 2 + bytes[1]!).toString('utf8') : '' };
}

const STATUS: Record<string, number> = { '': 1, web: 1, db: 2 };

async function startServer(withHealth: boolean): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  if (withHealth) {
    server.addService(
      {
        Check: {
          path: '/grpc.health.v1.Health/Check',
          requestStream: false,
          responseStream: false,
          requestSerialize: (v: { service: string }) => Buffer.from(v.service),
          requestDeserialize: decodeService,
          responseSerialize: (status: number) => (status === 0 ? Buffer.alloc(0) : Buffer.from([0x08, status])),
          responseDeserialize: (b: Buffer) => b[1] ?? 0,
        },
      },
      {
        Check: (call: grpc.ServerUnaryCall<{ service: string }, number>, callback: grpc.sendUnaryData<number>) => {
          const status = STATUS[call.request.service];
          if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
          else callback(null, status);
        },
      },
    );
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}

describe('grpc probe against a real gRPC server (grpc-js)', () => {
  let health: { port: number; server: grpc.Server };
  let bare: { port: number; server: grpc.Server };
  before(async () => {
    health = await startServer(true);
    bare = await startServer(false);
  });
  after(() => {
    health.server.forceShutdown();
    bare.server.forceShutdown();
  });

  test('SERVING succeeds', async () => {
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, '', 2000), { outcome: 'success', output: 'service healthy' });
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, 'web', 2000), { outcome: 'success', output: 'service healthy' });
  });

  test('NOT_SERVING fails with the status name', async () => {
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, 'db', 2000), {
      outcome: 'failure',
      output: 'service unhealthy (responded with "NOT_SERVING")',
    });
  });

  test('an RPC error fails with the gRPC status', async () => {
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, 'nope', 2000), {
      outcome: 'failure',
      output: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service',
    });
  });

  test('a server without the health service fails as Unimplemented', async () => {
    const result = await runGrpcProbe('127.0.0.1', bare.port, '', 2000);
    assert.equal(result.outcome, 'failure');
    assert.match(result.output, /^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\): /);
  });
});

test('nothing listening: the connection is retried until the timeout', async () => {
  const port = await closedPort();
  assert.deepEqual(await runGrpcProbe('127.0.0.1', port, '', 300), {
    outcome: 'failure',
    output: `timeout: failed to connect service "127.0.0.1:${port}" within 300ms: context deadline exceeded`,
  });
});

test('request and response framing', () => {
  assert.deepEqual([...encodeHealthCheckRequest('')], [0, 0, 0, 0, 0]);
  assert.deepEqual([...encodeHealthCheckRequest('web')], [0, 0, 0, 0, 5, 0x0a, 3, 0x77, 0x65, 0x62]);
  assert.equal(decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 2, 0x08, 2])), 2);
  assert.equal(decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 0])), 0);
  assert.equal(decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 9, 0x08])), undefined);
});
