/**
 * How API clients started from the command line (`kts sim`, `kts scheduler`) find the API server:
 * `--kubeconfig` (server and token) and/or `--server` (overrides the kubeconfig's server).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadKubeconfig, type RestConfig } from '../../client/rest/index.js';

export interface ApiFlags {
  server?: string;
  kubeconfig?: string;
}

export function addApiFlags(command: Command): Command {
  return command
    .option('--server <url>', 'API server URL, e.g. http://127.0.0.1:6443')
    .option('--kubeconfig <path>', 'kubeconfig to take the server and token from');
}

/**
 * The client config for `flags`, without a client-side rate limit: these components write as fast
 * as their own work allows (the simulator has its own write budget; the scheduler is unthrottled
 * as in upstream's scheduler_perf).
 */
export function apiRestConfig(flags: ApiFlags, userAgent: string): RestConfig {
  if (!flags.server && !flags.kubeconfig) throw new InvalidArgumentError('give --server URL or --kubeconfig path');
  const base: RestConfig = flags.kubeconfig ? loadKubeconfig(flags.kubeconfig).config : { server: flags.server! };
  return { ...base, ...(flags.server ? { server: flags.server } : {}), qps: Infinity, userAgent };
}
