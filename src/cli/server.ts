import { resolve } from 'node:path';
import { BOOTSTRAP_OBJECTS, COMPUTED_RESOURCES, RESOURCES, REVIEW_RESOURCES } from '../apiserver/registry/resources.js';
import { ApiServer } from '../apiserver/server.js';
import { RestClient } from '../client/rest/index.js';
import { startControllerManager, type ControllerManagerConfig } from '../controllers/controller-manager.js';
import { startScheduler, type SchedulerConfiguration } from '../scheduler/index.js';
import { loadOrCreateSigningKey } from '../apiserver/serviceaccount/signing-key.js';
import { TokenIssuer } from '../apiserver/serviceaccount/token-issuer.js';
import type { Backend } from '../storage/backend.js';
import { startCompactor } from '../storage/compactor.js';
import { openBackend } from '../storage/open-backend.js';
import { DisposableStore } from '../util/lifecycle.js';
import { createLogger, type Logger } from '../util/logging.js';
import { startAgent, type AgentConfig } from './agent.js';
import { lockDataDir } from './data-dir-lock.js';
import { writeAdminKubeconfig } from './kubeconfig.js';

/** Everything `kts server` needs, resolved from flags. */
export interface ServerConfig {
  dataDir: string;
  /** e.g. `sqlite:///abs/kts-data/state.db`, `etcd://127.0.0.1:2379`, `memory://`. */
  datastoreEndpoint: string;
  bindAddress: string;
  port: number;
  /** How often store history is compacted (Kubernetes' --etcd-compaction-interval, 5 min). */
  compactionIntervalMs: number;
  /** The server's own node agent; undefined with --disable-agent. */
  agent?: Pick<AgentConfig, 'nodeName' | 'nodeIP' | 'kubeletPort' | 'runtime'>;
  /** The controller manager; undefined with --disable-controllers. */
  controllers?: ControllerManagerConfig;
  /** The scheduler; undefined with --disable-scheduler. */
  scheduler?: SchedulerConfiguration;
}

export function defaultDatastoreEndpoint(dataDir: string): string {
  return `sqlite://${resolve(dataDir, 'state.db')}`;
}

/**
 * Runs the server until `signal` aborts, then stops everything in reverse order. Startup order:
 * 1. lock the data dir (refuses a second server on it);
 * 2. open the store (etcd: retried until reachable or `signal` aborts) while the ServiceAccount
 *    signing key `<dataDir>/service-account.key` is read (or generated once, off the main thread);
 * 3. start background compaction;
 * 4. serve the API and write the admin kubeconfig;
 * 5. start the scheduler and the controller manager (unless disabled), each behind its lease, on a
 *    loopback client;
 * 6. start the local node agent (unless disabled), a client of the API like any other.
 */
export async function runServer(config: ServerConfig, logger: Logger, signal: AbortSignal): Promise<void> {
  const owned = new DisposableStore();
  try {
    const started = Date.now();
    owned.add(lockDataDir(config.dataDir));
    // Read or generated (first start) while the store opens.
    const signingKey = loadOrCreateSigningKey(resolve(config.dataDir, 'service-account.key'));
    signingKey.catch(() => undefined); // awaited below; a failure surfaces there
    logger.info({ endpoint: config.datastoreEndpoint }, 'opening store');
    const store: Backend = owned.add(await openBackend(config.datastoreEndpoint, { logger, signal }));
    logger.info({ revision: await store.currentRevision(), ms: Date.now() - started }, 'store ready');
    owned.add(startCompactor(store, { intervalMs: config.compactionIntervalMs, logger }));
    const serviceAccountTokenIssuer = await TokenIssuer.fromPem(await signingKey);
    const api = owned.add(
      await ApiServer.start({ bindAddress: config.bindAddress, port: config.port, backend: store, logger, resources: RESOURCES, reviews: REVIEW_RESOURCES, computed: COMPUTED_RESOURCES, bootstrap: BOOTSTRAP_OBJECTS, serviceAccountTokenIssuer }),
    );
    const kubeconfig = writeAdminKubeconfig(config.dataDir, api.url);
    const client = new RestClient({ server: api.url, qps: Infinity });
    owned.add({ dispose: () => client.close() });
    // In-process components share one loopback client, without a client-side rate limit (as their own API server's peers).
    if (config.scheduler) owned.add(await startScheduler(config.scheduler, { client, logger: createLogger('scheduler') }, signal));
    if (config.controllers) owned.add(startControllerManager(config.controllers, { client, logger: createLogger('controller-manager') }, signal));
    if (config.agent) {
      owned.add(await startAgent({ ...config.agent, serverUrl: api.url, rootDir: resolve(config.dataDir, 'agent'), controlPlane: true }, createLogger('kubelet'), signal));
    }
    logger.info({ url: api.url, kubeconfig, ms: Date.now() - started }, `kts server ready: export KUBECONFIG=${kubeconfig}`);
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    logger.info('shutting down');
  } finally {
    await owned.dispose();
  }
}
