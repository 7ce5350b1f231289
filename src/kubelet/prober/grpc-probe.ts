/**
 * The grpc probe action (model: pkg/probe/grpc): one grpc.health.v1.Health/Check call over
 * cleartext HTTP/2 (node:http2) with a hand-encoded HealthCheckRequest, since the protocol needs
 * only one string field in and one enum field out. As upstream's blocking dial, a refused
 * connection is retried until the timeout, which then reports that the service could not be
 * reached in time.
 */
import http2 from 'node:http2';
import { KUBERNETES_VERSION } from '../../util/version.js';
import { goDuration, goQuote, joinHostPort } from '../go-format.js';
import type { ActionResult } from './types.js';

const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];
const UNIMPLEMENTED = 12;
const DEADLINE_EXCEEDED = 4;
/** Pause between connection attempts (grpc-go's first backoff step is 1 s). */
const RECONNECT_DELAY_MS = 1000;

/** Checks `service` ('' = the server overall) at host:port within `timeoutMs`. Never throws. */
export async function runGrpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<ActionResult> {
  const addr = joinHostPort(host, port);
  const deadline = Date.now() + timeoutMs;
  const session = await connectUntil(addr, deadline);
  if (!session) {
    return { outcome: 'failure', output: `timeout: failed to connect service ${goQuote(addr)} within ${goDuration(timeoutMs)}: context deadline exceeded` };
  }
  try {
    const reply = await check(session, addr, service, deadline);
    if (reply.kind === 'timeout') return { outcome: 'failure', output: `timeout: health rpc did not complete within ${goDuration(timeoutMs)}` };
    if (reply.kind === 'error') {
      if (reply.code === UNIMPLEMENTED) {
        return { outcome: 'failure', output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${reply.message}` };
      }
      const name = CODE_NAMES[reply.code] ?? `Code(${reply.code})`;
      return { outcome: 'failure', output: `error: health rpc probe failed: rpc error: code = ${name} desc = ${reply.message}` };
    }
    if (reply.status !== 1) {
      const name = SERVING_STATUS[reply.status] ?? String(reply.status);
      return { outcome: 'failure', output: `service unhealthy (responded with ${goQuote(name)})` };
    }
    return { outcome: 'success', output: 'service healthy' };
  } finally {
    session.destroy();
  }
}

/** An HTTP/2 session to addr, retrying refused connections until `deadline`; undefined if none came up. */
async function connectUntil(addr: string, deadline: number): Promise<http2.ClientHttp2Session | undefined> {
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return undefined;
    const session = await connectOnce(addr, remaining);
    if (session) return session;
    const pause = Math.min(RECONNECT_DELAY_MS, deadline - Date.now());
    if (pause <= 0) return undefined;
    await new Promise((r) => setTimeout(r, pause));
  }
}

function connectOnce(addr: string, withinMs: number): Promise<http2.ClientHttp2Session | undefined> {
  return new Promise((resolve) => {
    const session = http2.connect(`http://${addr}`);
    const timer = setTimeout(() => settle(undefined), withinMs);
    let settled = false;
    function settle(result: http2.ClientHttp2Session | undefined): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!result) session.destroy();
      resolve(result);
    }
    session.once('connect', () => settle(session));
    session.once('error', () => settle(undefined));
    session.once('close', () => settle(undefined));
  });
}

type CheckReply =
  | { kind: 'ok'; status: number }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'timeout' };

function check(session: http2.ClientHttp2Session, addr: string, service: string, deadline: number): Promise<CheckReply> {
  return new Promise((resolve) => {
    const remaining = Math.max(1, deadline - Date.now());
    // A session error also fails the stream; ignore it here.
    session.on('error', () => undefined);
    const stream = session.request({
      ':method': 'POST',
      ':path': HEALTH_CHECK_PATH,
      ':scheme': 'http',
      ':authority': addr,
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': `kube-probe/${KUBERNETES_VERSION.major}.${KUBERNETES_VERSION.minor}`,
      'grpc-timeout': `${remaining}m`,
    });
    const timer = setTimeout(() => settle({ kind: 'timeout' }), remaining);
    let settled = false;
    function settle(reply: CheckReply): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve(reply);
    }
    const chunks: Buffer[] = [];
    let httpStatus = 0;
    let grpcStatus: { code: number; message: string } | undefined;
    const readStatus = (headers: http2.IncomingHttpHeaders): void => {
      const raw = headers['grpc-status'];
      if (raw === undefined) return;
      const message = headers['grpc-message'];
      grpcStatus = { code: Number(raw), message: typeof message === 'string' ? decodeGrpcMessage(message) : '' };
    };
    stream.on('response', (headers) => {
      httpStatus = Number(headers[':status']);
      readStatus(headers);
    });
    stream.on('trailers', readStatus);
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err) => settle({ kind: 'error', code: 14, message: err.message }));
    stream.on('close', () => {
      if (httpStatus !== 200 && httpStatus !== 0 && !grpcStatus) {
        settle({ kind: 'error', ...statusFromHttp(httpStatus) });
      } else if (!grpcStatus) {
        settle({ kind: 'error', code: 13, message: 'server closed the stream without sending trailers' });
      } else if (grpcStatus.code === DEADLINE_EXCEEDED) {
        settle({ kind: 'timeout' });
      } else if (grpcStatus.code !== 0) {
        settle({ kind: 'error', ...grpcStatus });
      } else {
        const status = decodeHealthCheckResponse(Buffer.concat(chunks));
        settle(status === undefined ? { kind: 'error', code: 13, message: 'grpc: failed to unmarshal the received message' } : { kind: 'ok', status });
      }
    });
    stream.end(encodeHealthCheckRequest(service));
  });
}

/** A length-prefixed gRPC message holding HealthCheckRequest{service = 1: string}. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const body = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const frame = Buffer.alloc(5);
  frame.writeUInt32BE(body.length, 1);
  return Buffer.concat([frame, body]);
}

/** The `status` (field 1, enum) of a length-prefixed HealthCheckResponse; 0 when absent; undefined when malformed. */
export function decodeHealthCheckResponse(data: Buffer): number | undefined {
  if (data.length < 5 || data[0] !== 0) return undefined;
  const length = data.readUInt32BE(1);
  if (data.length < 5 + length) return undefined;
  const msg = data.subarray(5, 5 + length);
  let status = 0;
  let i = 0;
  while (i < msg.length) {
    const key = readVarint(msg, i);
    if (!key) return undefined;
    i = key.next;
    const field = key.value >>> 3;
    const wire = key.value & 7;
    if (wire === 0) {
      const v = readVarint(msg, i);
      if (!v) return undefined;
      i = v.next;
      if (field === 1) status = v.value;
    } else if (wire === 2) {
      const len = readVarint(msg, i);
      if (!len) return undefined;
      i = len.next + len.value;
    } else if (wire === 1) {
      i += 8;
    } else if (wire === 5) {
      i += 4;
    } else {
      return undefined;
    }
  }
  return i === msg.length ? status : undefined;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

function readVarint(buf: Buffer, start: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = start; i < buf.length && shift < 35; i++) {
    value += (buf[i]! & 0x7f) * 2 ** shift;
    shift += 7;
    if ((buf[i]! & 0x80) === 0) return { value, next: i + 1 };
  }
  return undefined;
}

function decodeGrpcMessage(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** grpc-go's mapping of a non-200 HTTP status to a gRPC code. */
function statusFromHttp(status: number): { code: number; message: string } {
  const code = status === 400 ? 13 : status === 401 ? 16 : status === 403 ? 7 : status === 404 ? 12
    : [429, 502, 503, 504].includes(status) ? 14 : 2;
  return { code, message: `unexpected HTTP status code received from server: ${status}` };
}
