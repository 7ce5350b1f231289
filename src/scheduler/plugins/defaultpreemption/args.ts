/** DefaultPreemptionArgs: upstream's defaults (10 %, 100) and ValidateDefaultPreemptionArgs. */
import { argsObject, PluginArgsError } from '../helper/args.js';

export interface DefaultPreemptionArgs {
  /** Dry-run at least this percentage of the potential nodes… */
  minCandidateNodesPercentage: number;
  /** …and at least this many (bounded by the number of potential nodes). */
  minCandidateNodesAbsolute: number;
}

export function parseArgs(args: unknown): DefaultPreemptionArgs {
  const obj = argsObject(args, 'DefaultPreemption');
  const percentage = obj['minCandidateNodesPercentage'] ?? 10;
  const absolute = obj['minCandidateNodesAbsolute'] ?? 100;
  if (typeof percentage !== 'number' || !Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
    throw new PluginArgsError('minCandidateNodesPercentage', `Invalid value: ${JSON.stringify(percentage)}: not in valid range [0, 100]`);
  }
  if (typeof absolute !== 'number' || !Number.isInteger(absolute) || absolute < 0) {
    throw new PluginArgsError('minCandidateNodesAbsolute', `Invalid value: ${JSON.stringify(absolute)}: not in valid range [0, inf)`);
  }
  if (percentage === 0 && absolute === 0) {
    throw new PluginArgsError('minCandidateNodesPercentage', 'Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute');
  }
  return { minCandidateNodesPercentage: percentage, minCandidateNodesAbsolute: absolute };
}

/** How many candidates the dry run looks for among `numNodes` potential nodes. */
export function calculateNumCandidates(numNodes: number, args: DefaultPreemptionArgs): number {
  let n = Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  return Math.min(n, numNodes);
}
