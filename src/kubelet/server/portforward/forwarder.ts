import type { Duplex } from 'node:stream';

/**
 * Forwards one connection: pipes `stream` to `port` in the pod and resolves when either side
 * closed, or rejects with the reason it could not connect. (The server binds this to
 * `runtime.portForward` with the pod's sandbox.)
 */
export type PortForwarder = (port: number, stream: Duplex) => Promise<void>;

/** The message upstream writes on the error stream (pod = sandbox id, uid empty, as from the CRI streaming server). */
export function forwardingErrorMessage(port: number, sandboxId: string, err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err);
  return `error forwarding port ${port} to pod ${sandboxId}, uid : ${reason}`;
}
