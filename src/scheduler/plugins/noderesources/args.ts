/** NodeResourcesFitArgs and NodeResourcesBalancedAllocationArgs (kubescheduler.config.k8s.io/v1) with upstream defaults and validation. */
import { argsObject, PluginArgsError } from '../helper/args.js';
import type { ResourceSpec, UtilizationShapePoint } from './scoring.js';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface FitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: { type: ScoringStrategyType; resources: ResourceSpec[]; shape: UtilizationShapePoint[] };
}

export const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new PluginArgsError(field, 'must be a list of strings');
  return value as string[];
}

export function parseResources(value: unknown, field: string): ResourceSpec[] {
  if (value === undefined || value === null) return DEFAULT_RESOURCES;
  if (!Array.isArray(value)) throw new PluginArgsError(field, 'must be a list');
  return value.map((r, i) => {
    const f = `${field}[${i}]`;
    const obj = argsObject(r, f);
    if (typeof obj['name'] !== 'string' || obj['name'] === '') throw new PluginArgsError(`${f}.name`, 'Required value');
    const weight = obj['weight'] ?? 1;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) throw new PluginArgsError(`${f}.weight`, `Invalid value: ${JSON.stringify(weight)}: resource weight of ${obj['name']} should be in a range of [1, 100]`);
    return { name: obj['name'], weight };
  });
}

function parseShape(value: unknown, field: string): UtilizationShapePoint[] {
  if (!Array.isArray(value) || value.length === 0) throw new PluginArgsError(field, 'Required value: at least one point must be specified');
  let last = -1;
  return value.map((p, i) => {
    const f = `${field}[${i}]`;
    const obj = argsObject(p, f);
    const utilization = obj['utilization'];
    const score = obj['score'];
    if (typeof utilization !== 'number' || !Number.isInteger(utilization) || utilization < 0 || utilization > 100) throw new PluginArgsError(`${f}.utilization`, 'Invalid value: utilization values must be in the range [0, 100]');
    if (utilization <= last) throw new PluginArgsError(`${f}.utilization`, 'Invalid value: utilization values must be sorted in increasing order');
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) throw new PluginArgsError(`${f}.score`, 'Invalid value: score values must be in the range [0, 10]');
    last = utilization;
    return { utilization, score };
  });
}

export function parseFitArgs(args: unknown): FitArgs {
  const obj = argsObject(args, 'NodeResourcesFitArgs');
  const strategy = argsObject(obj['scoringStrategy'], 'NodeResourcesFitArgs.scoringStrategy');
  const type = (strategy['type'] ?? 'LeastAllocated') as string;
  if (!['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'].includes(type)) {
    throw new PluginArgsError('NodeResourcesFitArgs.scoringStrategy.type', `Unsupported value: ${JSON.stringify(type)}: supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`);
  }
  const resources = parseResources(strategy['resources'], 'NodeResourcesFitArgs.scoringStrategy.resources');
  let shape: UtilizationShapePoint[] = [];
  if (type === 'RequestedToCapacityRatio') {
    const ratio = argsObject(strategy['requestedToCapacityRatio'], 'NodeResourcesFitArgs.scoringStrategy.requestedToCapacityRatio');
    shape = parseShape(ratio['shape'], 'NodeResourcesFitArgs.scoringStrategy.requestedToCapacityRatio.shape');
  }
  return {
    ignoredResources: stringList(obj['ignoredResources'], 'NodeResourcesFitArgs.ignoredResources'),
    ignoredResourceGroups: stringList(obj['ignoredResourceGroups'], 'NodeResourcesFitArgs.ignoredResourceGroups'),
    scoringStrategy: { type: type as ScoringStrategyType, resources, shape },
  };
}
