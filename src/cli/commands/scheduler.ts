import type { Command } from 'commander';
import { RestClient } from '../../client/rest/index.js';
import { loadSchedulerConfiguration, startScheduler, type SchedulerConfiguration } from '../../scheduler/index.js';
import type { Disposable } from '../../util/lifecycle.js';
import { createLogger } from '../../util/logging.js';
import { runUntilSignal } from '../signals.js';
import { addApiFlags, apiRestConfig, type ApiFlags } from './api-flags.js';
import { parseBool } from './flag-parsers.js';

interface SchedulerFlags extends ApiFlags {
  name?: string;
  config?: string;
  leaderElect?: boolean;
}

export function registerScheduler(program: Command): void {
  addApiFlags(
    program
      .command('scheduler')
      .description('run a scheduler (kube-scheduler) against an API server; --name runs one for pods with that spec.schedulerName'),
  )
    .option('--name <schedulerName>', 'the schedulerName of the (first) profile (default: default-scheduler)')
    .option('--config <file>', 'a KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1, YAML or JSON)')
    .option('--leader-elect [bool]', 'run only while holding the Lease (default true)', parseBool)
    .action(async (flags: SchedulerFlags, command: Command) => {
      const logger = createLogger('scheduler');
      let client: RestClient;
      let config: SchedulerConfiguration;
      try {
        config = loadSchedulerConfiguration({ configFile: flags.config, name: flags.name, leaderElect: flags.leaderElect });
        client = new RestClient(apiRestConfig(flags, 'kts-scheduler'));
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
