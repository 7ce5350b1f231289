import { InvalidArgumentError, type Command } from 'commander';
import { loadKubeconfig, RestClient, type RestConfig } from '../../client/rest/index.js';
import { loadSchedulerConfiguration, startScheduler, type SchedulerConfiguration } from '../../scheduler/index.js';
import type { Disposable } from '../../util/lifecycle.js';
import { createLogger } from '../../util/logging.js';
import { runUntilSignal } from '../signals.js';

interface SchedulerFlags {
  server?: string;
  kubeconfig?: string;
  name?: string;
  config?: string;
  leaderElect?: boolean;
}

function parseBool(value: string | boolean): boolean {
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('want true or false');
}

function restConfig(flags: SchedulerFlags): RestConfig {
  if (!flags.server && !flags.kubeconfig) throw new InvalidArgumentError('give --server URL or --kubeconfig path');
  const base: RestConfig = flags.kubeconfig ? loadKubeconfig(flags.kubeconfig).config : { server: flags.server! };
  return { ...base, ...(flags.server ? { server: flags.server } : {}), qps: Infinity, userAgent: 'kts-scheduler' };
}

export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description('run a scheduler (kube-scheduler) against an API server; --name runs one for pods with that spec.schedulerName')
    .option('--server <url>', 'API server URL, e.g. http://127.0.0.1:6443')
    .option('--kubeconfig <path>', 'kubeconfig to take the server and token from')
    .option('--name <schedulerName>', 'the schedulerName of the (first) profile (default: default-scheduler)')
    .option('--config <file>', 'a KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1, YAML or JSON)')
    .option('--leader-elect [bool]', 'run only while holding the Lease (default true)', parseBool)
    .action(async (flags: SchedulerFlags, command: Command) => {
      const logger = createLogger('scheduler');
      let client: RestClient;
      let config: SchedulerConfiguration;
      try {
        config = loadSchedulerConfiguration({ configFile: flags.config, name: flags.name, leaderElect: flags.leaderElect });
        client = new RestClient(restConfig(flags));
      } catch (err) {
        return command.error(`error: ${(err as Error).message}`);
      }
      await runUntilSignal(async (signal) => {
        let scheduler: Disposable | undefined;
        try {
          scheduler = await startScheduler(config, { client, logger }, signal);
          logger.info({ profiles: config.profiles.map((p) => p.schedulerName) }, 'kts scheduler ready');
          if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        } finally {
          await scheduler?.dispose();
          client.close();
          logger.info('kts scheduler stopped');
        }
      });
    });
}
