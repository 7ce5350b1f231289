import type { Command } from 'commander';
import { RestClient } from '../../client/rest/index.js';
import { defaultSimQps, NodeSimulator } from '../../kubelet/sim/node-simulator.js';
import { createLogger } from '../../util/logging.js';
import { runUntilSignal } from '../signals.js';
import { addApiFlags, apiRestConfig, type ApiFlags } from './api-flags.js';
import { positiveInt, positiveNumber } from './flag-parsers.js';

interface SimFlags extends ApiFlags {
  nodes: number;
  namePrefix: string;
  cpu: number;
  memory: string;
  pods: number;
  qps?: number;
  burst?: number;
  nodeLeaseDurationSeconds?: number;
}

export function registerSim(program: Command): void {
  addApiFlags(
    program
      .command('sim')
      .description('simulate many hollow nodes in one process (like KWOK): Nodes, heartbeat Leases, and pods bound to them reported Running')
      .requiredOption('--nodes <n>', 'how many nodes to simulate', positiveInt),
  )
    .option('--name-prefix <prefix>', 'node names are <prefix><index>', 'sim-')
    .option('--cpu <cores>', 'CPU capacity of each node', positiveInt, 32)
    .option('--memory <quantity>', 'memory capacity of each node', '256Gi')
    .option('--pods <n>', 'pod capacity of each node', positiveInt, 110)
    .option('--qps <n>', 'API writes per second at most (default: twice the heartbeat rate, >= 50)', positiveNumber)
    .option('--burst <n>', 'API write burst (default: qps)', positiveInt)
    .option('--node-lease-duration-seconds <n>', "each node's Lease duration; leases are renewed every quarter of it (default 40)", positiveInt)
    .action(async (flags: SimFlags, command: Command) => {
      const logger = createLogger('sim');
      let client: RestClient;
      let simulator: NodeSimulator;
      const qps = flags.qps ?? defaultSimQps(flags.nodes);
      try {
        client = new RestClient(apiRestConfig(flags, 'kts-sim'));
        simulator = new NodeSimulator({
          client,
          nodes: flags.nodes,
          namePrefix: flags.namePrefix,
          cpu: flags.cpu,
          memory: flags.memory,
          pods: flags.pods,
          qps,
          burst: flags.burst ?? Math.max(1, Math.ceil(qps)),
          leaseDurationSeconds: flags.nodeLeaseDurationSeconds,
          logger,
        });
      } catch (err) {
        return command.error(`error: ${(err as Error).message}`);
      }
      await runUntilSignal(async (signal) => {
        try {
          const started = Date.now();
          logger.info({ nodes: flags.nodes, qps }, `registering ${flags.nodes} simulated nodes`);
          await simulator.start(signal);
          if (!signal.aborted) {
            logger.info({ ms: Date.now() - started }, `kts sim ready: ${flags.nodes} nodes registered; simulating until interrupted`);
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          }
        } finally {
          await simulator.dispose();
          client.close();
          logger.info('kts sim stopped');
        }
      });
    });
}
