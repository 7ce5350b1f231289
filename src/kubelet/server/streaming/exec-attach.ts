import type { IncomingMessage } from 'node:http';
import type { Duplex, Writable } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { errorMessage } from '../../../util/errors.js';
import type { Logger } from '../../../util/logging.js';
import type { StreamingIO, TerminalSize } from '../../runtime/runtime.js';
import type { KubeletServerHost } from '../host.js';
import { containerIdForStreaming, KubeletRequestError } from '../pod-lookup.js';
import { ChannelConnection, channelProtocol } from './channel-conn.js';
import { internalErrorStatus, nonZeroExitStatus, successStatus, type StreamStatus } from './status.js';
import { AsyncQueue } from './async-queue.js';
import { acceptWebSocket, negotiateProtocol, offeredProtocols, rejectUpgrade } from './websocket-upgrade.js';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;

/** See the comment where it is used. */
const CLIENT_STREAM_SETUP_GRACE_MS = 50;

/** WebSocket subprotocols for exec/attach, preferred first (the client's order decides). */
export const EXEC_PROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v4.base64.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
  'base64.channel.k8s.io',
  '',
] as const;

export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === '1' || v === 'true';
}

/** Query → stream options (model: remotecommand NewOptions: stderr is dropped with a tty). */
export function parseStreamOptions(query: URLSearchParams): StreamOptions {
  const tty = flag(query, 'tty');
  const stdin = flag(query, 'input');
  const stdout = flag(query, 'output');
  const stderr = flag(query, 'error') && !tty;
  if (!stdin && !stdout && !stderr) throw new KubeletRequestError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  return { stdin, stdout, stderr, tty };
}

export type StreamingKind = { kind: 'exec'; command: string[] } | { kind: 'attach' };

/**
 * Serves /exec and /attach over the channel WebSocket protocols (model: kubelet
 * cri/streaming/remotecommand websocket.go + httpstream.go). Validation failures are answered
 * before the upgrade; afterwards the outcome is a Status on the error channel (v4+: JSON; older
 * protocols: the message only, on failure), then a normal close. The runtime call is aborted when
 * the client goes away.
 */
export async function serveExecOrAttach(
  host: KubeletServerHost,
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: { namespace: string; pod: string; container: string },
  query: URLSearchParams,
  what: StreamingKind,
  log: Logger,
): Promise<void> {
  const options = parseStreamOptions(query);
  if (what.kind === 'exec' && what.command.length === 0) {
    throw new KubeletRequestError(400, 'you must specify at least one command for the container');
  }
  const pod = host.getPodByName(target.namespace, target.pod);
  if (!pod) throw new KubeletRequestError(404, 'pod does not exist');
  const containerId = containerIdForStreaming(pod, target.container);
  const offered = offeredProtocols(req);
  const protocol = negotiateProtocol(offered, EXEC_PROTOCOLS);
  if (protocol === undefined) {
    rejectUpgrade(socket, 403, 'Forbidden', `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${EXEC_PROTOCOLS.join(' ')}]`);
    return;
  }
  const ws = await acceptWebSocket(wss, req, socket, head, protocol);
  const conn = new ChannelConnection(ws, channelProtocol(protocol || 'channel.k8s.io'));
  const abort = new AbortController();
  ws.on('close', () => abort.abort());
  ws.on('error', () => abort.abort());

  const resize = new AsyncQueue<TerminalSize>();
  if (options.tty) {
    conn.onChannelMessage(RESIZE, (message) => {
      try {
        const size = JSON.parse(message.toString()) as { Width?: unknown; Height?: unknown };
        if (typeof size.Width === 'number' && typeof size.Height === 'number') resize.push({ width: size.Width, height: size.Height });
      } catch {
        // upstream logs and ignores a resize it cannot decode
      }
    });
  }
  ws.on('close', () => resize.end());
  const io: StreamingIO = { tty: options.tty, resize: options.tty ? resize : undefined };
  if (options.stdin) io.stdin = conn.incoming(STDIN);
  if (options.stdout) io.stdout = conn.outgoing(STDOUT);
  if (options.stderr) io.stderr = conn.outgoing(STDERR);
  // kubectl ≤ 1.32 starts reading before it has registered its streams and drops (and logs, as
  // "Unknown stream id 1, discarding message") what arrives in between (kubernetes/kubernetes#131189,
  // fixed in client-go 1.33). Upstream's CRI round trip hides that window; a local process can
  // print into it, so give the client a moment before anything is sent.
  await new Promise((resolve) => setTimeout(resolve, CLIENT_STREAM_SETUP_GRACE_MS));
  // An empty message on the lowest writable channel tells the client the streams are ready.
  conn.send(options.stdout ? STDOUT : options.stderr ? STDERR : ERROR, Buffer.alloc(0));

  let status: StreamStatus;
  try {
    if (what.kind === 'exec') {
      const exitCode = await host.runtime.exec(containerId, what.command, io, abort.signal);
      status = exitCode === 0 ? successStatus() : nonZeroExitStatus(what.command, exitCode);
    } else {
      await host.runtime.attach(containerId, io, abort.signal);
      status = successStatus();
    }
  } catch (err) {
    const prefix = what.kind === 'exec' ? 'error executing command in container' : 'error attaching to container';
    if (!abort.signal.aborted) log.warn({ err, containerId }, prefix);
    status = internalErrorStatus(`${prefix}: ${errorMessage(err)}`);
  } finally {
    resize.end();
  }
  if (abort.signal.aborted) return;
  await Promise.all([settle(io.stdout), settle(io.stderr)]);
  const v4 = /^v[45]\./.test(protocol);
  if (v4) conn.send(ERROR, Buffer.from(JSON.stringify(status)));
  else if (status.status !== 'Success') conn.send(ERROR, Buffer.from(status.message ?? ''));
  ws.close(1000);
}

/** Resolves once every write already made to `w` was handed to the socket. */
function settle(w: Writable | undefined): Promise<void> {
  if (!w || w.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (): void => {
      if (w.writableLength === 0) {
        w.off('drain', check);
        resolve();
      }
    };
    w.on('drain', check);
    w.write(Buffer.alloc(0), check);
  });
}
