import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../util/logging.js';
import { startAgent } from '../agent.js';
import { lockDataDir } from '../data-dir-lock.js';
import { runUntilSignal } from '../signals.js';
import { addNodeFlags, nodeConfig, type NodeFlags } from './node-flags.js';

interface AgentFlags extends NodeFlags {
  server: string;
  dataDir: string;
}

export function registerAgent(program: Command): void {
  const command = program
    .command('agent')
    .description('run a node agent (kubelet) that joins the cluster of an API server')
    .requiredOption('--server <url>', 'URL of the API server, e.g. http://127.0.0.1:6443')
    .option('--data-dir <dir>', 'directory for the agent state and pod logs', './kts-agent');
  addNodeFlags(command).action(async (flags: AgentFlags) => {
    const logger = createLogger('kubelet');
    await runUntilSignal(async (signal) => {
      const lock = lockDataDir(flags.dataDir);
      try {
        const agent = await startAgent({ ...nodeConfig(flags), serverUrl: flags.server, rootDir: resolve(flags.dataDir), controlPlane: false }, logger, signal);
        logger.info({ server: flags.server }, 'kts agent ready');
        if (!signal.aborted) await new Promise((done) => signal.addEventListener('abort', done, { once: true }));
        logger.info('shutting down');
        await agent.dispose();
      } finally {
        await lock.dispose();
      }
    });
  });
}
