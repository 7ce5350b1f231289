import { hostname } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { RUNTIMES, type AgentConfig, type RuntimeName } from '../agent.js';
import { parseAddress, parsePort } from './flag-parsers.js';

/** The node flags `kts server` (for its own agent) and `kts agent` share. */
export interface NodeFlags {
  nodeName?: string;
  nodeIp?: string;
  kubeletPort: number;
  runtime: RuntimeName;
}

export function addNodeFlags(command: Command): Command {
  return command
    .option('--node-name <name>', 'name of this node (default: the host name)')
    .option('--node-ip <ip>', "the node's IP (default: the local address used to reach the API server)", parseAddress)
    .option('--kubelet-port <port>', 'port of the kubelet API (0: any free port)', (v) => parsePort(v, true), 10250)
    .option('--runtime <name>', `container runtime: ${RUNTIMES.join(' or ')}`, parseRuntime, 'process');
}

export function nodeConfig(flags: NodeFlags): Pick<AgentConfig, 'nodeName' | 'nodeIP' | 'kubeletPort' | 'runtime'> {
  return { nodeName: flags.nodeName ?? hostname().toLowerCase(), nodeIP: flags.nodeIp, kubeletPort: flags.kubeletPort, runtime: flags.runtime };
}

function parseRuntime(value: string): RuntimeName {
  if (!(RUNTIMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of: ${RUNTIMES.join(', ')}`);
  return value as RuntimeName;
}
