import type { Duplex } from 'node:stream';
import type { Logger } from '../../../util/logging.js';
import { headerValue } from '../spdy/header-block.js';
import { RstStatus } from '../spdy/frames.js';
import { SpdySession } from '../spdy/session.js';
import type { SpdyStream } from '../spdy/stream.js';
import { forwardingErrorMessage, type PortForwarder } from './forwarder.js';

/** How long the second stream of a pair may take (upstream's streamCreationTimeout default). */
const PAIR_TIMEOUT_MS = 30_000;

interface StreamPair {
  requestId: string;
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/**
 * Serves the `portforward.k8s.io` protocol on a SPDY session (model: kubelet
 * cri/streaming/portforward httpstream.go). For each forwarded connection the client opens an
 * `error` and a `data` stream sharing a `requestid`; once both arrived, the data stream is piped
 * to the port, a failure is written as text on the error stream, and both streams are closed
 * (FIN) afterwards. A stream with bad headers is reset; an incomplete pair times out with a
 * message on its error stream. Returns the session; it ends when the transport does.
 */
export function servePortForwardOverSpdy(transport: Duplex, forward: PortForwarder, sandboxId: string, log: Logger): SpdySession {
  const pairs = new Map<string, StreamPair>();

  const onStream = (stream: SpdyStream): void => {
    const problem = validate(stream);
    if (problem) {
      log.debug({ problem }, 'port-forward stream refused');
      stream.reset(RstStatus.PROTOCOL_ERROR);
      return;
    }
    stream.reply();
    // Clients before kubectl 1.2 sent no request id: upstream pairs by stream id then (error = data - 2).
    const requestId = headerValue(stream.headers, 'requestid') ?? String(headerValue(stream.headers, 'streamtype') === 'error' ? stream.id : stream.id - 2);
    let pair = pairs.get(requestId);
    if (!pair) {
      const fresh: StreamPair = {
        requestId,
        timer: setTimeout(() => {
          pairs.delete(requestId);
          failPair(fresh, `(conn=${sandboxId}, request=${requestId}) timed out waiting for streams`);
        }, PAIR_TIMEOUT_MS),
      };
      fresh.timer.unref();
      pair = fresh;
      pairs.set(requestId, pair);
    }
    const type = headerValue(stream.headers, 'streamtype');
    if (type === 'data') {
      if (pair.data) return failStream(pair, stream, `error processing stream for request ${requestId}: data stream already assigned`);
      pair.data = stream;
    } else {
      if (pair.error) return failStream(pair, stream, `error processing stream for request ${requestId}: error stream already assigned`);
      pair.error = stream;
    }
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(requestId);
      void runPair(pair, forward, sandboxId, log);
    }
  };

  const session = new SpdySession(transport, {
    role: 'server',
    onStream,
    onProtocolError: (err) => log.debug({ err }, 'port-forward SPDY protocol error'),
  });
  session.on('close', () => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
  });
  return session;
}

function validate(stream: SpdyStream): string | undefined {
  const portText = headerValue(stream.headers, 'port');
  if (!portText) return '"port" header is required';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return `unable to parse "${portText}" as a port`;
  if (port < 1) return `port "${portText}" must be > 0`;
  const type = headerValue(stream.headers, 'streamtype');
  if (!type) return '"streamType" header is required';
  if (type !== 'error' && type !== 'data') return `invalid stream type "${type}"`;
  return undefined;
}

async function runPair(pair: StreamPair, forward: PortForwarder, sandboxId: string, log: Logger): Promise<void> {
  const data = pair.data!;
  const error = pair.error!;
  const port = Number(headerValue(data.headers, 'port'));
  try {
    await forward(port, data);
  } catch (err) {
    const message = forwardingErrorMessage(port, sandboxId, err);
    log.debug({ port, err }, 'port-forward failed');
    if (!error.destroyed) error.write(message);
  } finally {
    if (!data.destroyed && !data.writableEnded) data.end();
    if (!error.destroyed && !error.writableEnded) error.end();
  }
}

function failStream(pair: StreamPair, stream: SpdyStream, message: string): void {
  if (pair.error && !pair.error.destroyed) pair.error.write(message);
  stream.end();
}

function failPair(pair: StreamPair, message: string): void {
  if (pair.error && !pair.error.destroyed) pair.error.end(message);
  if (pair.data && !pair.data.destroyed) pair.data.end();
}
