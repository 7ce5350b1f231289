import type { Command } from 'commander';
import { loadSchedulerConfiguration } from '../../scheduler/index.js';
import { createLogger } from '../../util/logging.js';
import { defaultDatastoreEndpoint, runServer } from '../server.js';
import { runUntilSignal } from '../signals.js';
import { parseAddress, parseList, parsePort } from './flag-parsers.js';
import { addNodeFlags, nodeConfig, type NodeFlags } from './node-flags.js';

interface ServerFlags extends NodeFlags {
  dataDir: string;
  datastoreEndpoint?: string;
  bindAddress: string;
  port: number;
  disableAgent?: boolean;
  disableControllers?: boolean;
  disableScheduler?: boolean;
  controllers: string[];
}

export function registerServer(program: Command): void {
  const command = program
    .command('server')
    .description('run the control plane (store, API server) and a node agent for this machine')
    .option('--data-dir <dir>', 'directory for the store, kubeconfig, agent state and pod logs', './kts-data')
    .option('--datastore-endpoint <url>', 'store: sqlite://<path>, etcd://host:port[,host:port...] or memory:// (default: sqlite://<data-dir>/state.db)')
    .option('--bind-address <ip>', 'address the API server listens on', parseAddress, '127.0.0.1')
    .option('--port <port>', 'port the API server listens on', (v) => parsePort(v), 6443)
    .option('--disable-agent', 'do not run a node agent (kubelet) on this machine')
    .option('--disable-controllers', 'do not run the controller manager')
    .option('--disable-scheduler', 'do not run the scheduler')
    .option('--controllers <list>', "controllers to run: '*' for all, 'name' to enable, '-name' to disable (comma-separated)", parseList, ['*']);
  addNodeFlags(command).action(async (flags: ServerFlags) => {
    const logger = createLogger('server');
    await runUntilSignal((signal) =>
      runServer(
        {
          dataDir: flags.dataDir,
          datastoreEndpoint: flags.datastoreEndpoint ?? defaultDatastoreEndpoint(flags.dataDir),
          bindAddress: flags.bindAddress,
          port: flags.port,
          compactionIntervalMs: 5 * 60 * 1000,
          agent: flags.disableAgent ? undefined : nodeConfig(flags),
          controllers: flags.disableControllers ? undefined : { controllers: flags.controllers },
          scheduler: flags.disableScheduler ? undefined : loadSchedulerConfiguration(),
        },
        logger,
        signal,
      ),
    );
  });
}
