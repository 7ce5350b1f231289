import { connect } from 'node:net';
import { join } from 'node:path';
import { RestClient } from '../client/rest/index.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { ProcessRuntime } from '../kubelet/runtime/process/process-runtime.js';
import type { Runtime } from '../kubelet/runtime/runtime.js';
import { SimulatedRuntime } from '../kubelet/runtime/simulated/simulated-runtime.js';
import { BadRequestError } from '../util/errors.js';
import { DisposableStore, type Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';

export type RuntimeName = 'process' | 'simulated';
export const RUNTIMES: readonly RuntimeName[] = ['process', 'simulated'];

/** Everything a node agent needs, resolved from flags (`kts agent`, or `kts server`'s own agent). */
export interface AgentConfig {
  /** API server URL, e.g. `http://127.0.0.1:6443`. */
  serverUrl: string;
  /** The kubelet's root (`<data-dir>/agent`): runtime state, pod volumes and logs. */
  rootDir: string;
  nodeName: string;
  /** Default: the local address this machine uses to reach the API server. */
  nodeIP?: string;
  /** Kubelet API port (0: any free port). The kubelet API listens on the node IP. */
  kubeletPort: number;
  runtime: RuntimeName;
  /** A server's own node (control-plane role label). */
  controlPlane: boolean;
}

/**
 * Starts a node agent: picks the node IP, opens the runtime, starts the kubelet. Disposing stops
 * the kubelet and closes the runtime; containers keep running (the next start recovers them).
 */
export async function startAgent(config: AgentConfig, logger: Logger, signal: AbortSignal): Promise<Disposable> {
  const owned = new DisposableStore();
  try {
    const nodeIP = config.nodeIP ?? (await localAddressTowards(config.serverUrl));
    if (!isLoopback(nodeIP)) {
      logger.warn({ nodeIP }, 'the kubelet API (logs, exec, port-forward) is served without TLS or authentication on a non-loopback address: anyone who can reach it can run commands in pods; keep it on a trusted network');
    }
    const runtime = owned.add(createRuntime(config.runtime, join(config.rootDir, 'runtime'), nodeIP));
    const client = new RestClient({ server: config.serverUrl, qps: 50, burst: 100 });
    owned.add({ dispose: () => client.close() });
    const kubelet = await Kubelet.start(
      { nodeName: config.nodeName, nodeIP, rootDir: config.rootDir, address: nodeIP, port: config.kubeletPort, controlPlane: config.controlPlane },
      { client, runtime, logger },
      signal,
    );
    owned.add(kubelet);
    return owned;
  } catch (err) {
    await owned.dispose();
    throw err;
  }
}

function createRuntime(name: RuntimeName, rootDir: string, nodeIP: string): Runtime & Disposable {
  switch (name) {
    case 'process':
      return new ProcessRuntime({ rootDir, nodeIP });
    case 'simulated':
      return Object.assign(new SimulatedRuntime({ nodeIP }), { dispose: () => undefined });
  }
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.');
}

/** The local address of a TCP connection to the API server: the IP the node is reachable on. */
async function localAddressTowards(serverUrl: string): Promise<string> {
  const url = new URL(serverUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port }, () => {
      const address = socket.localAddress ?? '';
      socket.destroy();
      resolve(address.replace(/^::ffff:/, ''));
    });
    socket.once('error', (err) => reject(new BadRequestError(`cannot reach the API server at ${serverUrl} to find this node's IP (${err.message}); pass --node-ip`)));
  });
}
