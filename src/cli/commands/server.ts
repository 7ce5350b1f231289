import { isIP } from 'node:net';
import { InvalidArgumentError, type Command } from 'commander';
import { createLogger } from '../../util/logging.js';
import { defaultDatastoreEndpoint, runServer } from '../server.js';
import { runUntilSignal } from '../signals.js';

interface ServerFlags {
  dataDir: string;
  datastoreEndpoint?: string;
  bindAddress: string;
  port: number;
}

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('run the control plane (store now; API server, scheduler, controllers and agent as they land)')
    .option('--data-dir <dir>', 'directory for the store, kubeconfig and state', './kts-data')
    .option('--datastore-endpoint <url>', 'store: sqlite://<path>, etcd://host:port[,host:port...] or memory:// (default: sqlite://<data-dir>/state.db)')
    .option('--bind-address <ip>', 'address the API server listens on', parseAddress, '127.0.0.1')
    .option('--port <port>', 'port the API server listens on', parsePort, 6443)
    .action(async (flags: ServerFlags) => {
      const logger = createLogger('server');
      await runUntilSignal((signal) =>
        runServer(
          {
            dataDir: flags.dataDir,
            datastoreEndpoint: flags.datastoreEndpoint ?? defaultDatastoreEndpoint(flags.dataDir),
            bindAddress: flags.bindAddress,
            port: flags.port,
            compactionIntervalMs: 5 * 60 * 1000,
          },
          logger,
          signal,
        ),
      );
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('must be a port number, 1-65535');
  return port;
}

function parseAddress(value: string): string {
  if (isIP(value) === 0) throw new InvalidArgumentError('must be an IPv4 or IPv6 address, e.g. 127.0.0.1 or 0.0.0.0');
  return value;
}
