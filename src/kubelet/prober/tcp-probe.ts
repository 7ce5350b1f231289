/** The tcpSocket probe action (model: pkg/probe/tcp DoTCPProbe). */
import { connect } from 'node:net';
import { dialErrorText, dialTimeoutText } from './net-errors.js';
import type { ActionResult } from './types.js';

/**
 * Opens a TCP connection to host:port and closes it at once: success when it connects within
 * `timeoutMs`, failure with Go's dial error text otherwise (`dial tcp …: connect: connection
 * refused`, `dial tcp …: i/o timeout`). Never throws.
 */
export function runTcpProbe(host: string, port: number, timeoutMs: number): Promise<ActionResult> {
  return new Promise((resolve) => {
    const target = { host, port };
    const socket = connect({ host, port });
    const timer = setTimeout(() => done({ outcome: 'failure', output: dialTimeoutText(target) }), timeoutMs);
    let settled = false;
    function done(result: ActionResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    }
    socket.once('connect', () => done({ outcome: 'success', output: '' }));
    socket.once('error', (err) =>
      done({ outcome: 'failure', output: dialErrorText(err, target) ?? `dial tcp ${host}:${port}: ${err.message}` }),
    );
  });
}
