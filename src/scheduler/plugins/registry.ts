/**
 * The in-tree plugins (model: pkg/scheduler/framework/plugins/registry.go) and the default
 * profile's plugin list (model: apis/config/v1/default_plugins.go, v1.32, without the volume
 * plugins kts does not implement).
 */
import { registryOf, type PluginModule, type Registry } from '../framework/registry.js';
import * as defaultBinder from './defaultbinder/index.js';
import * as defaultPreemption from './defaultpreemption/index.js';
import * as imageLocality from './imagelocality/index.js';
import * as interPodAffinity from './interpodaffinity/index.js';
import * as nodeAffinity from './nodeaffinity/index.js';
import * as nodeName from './nodename/index.js';
import * as nodePorts from './nodeports/index.js';
import * as balancedAllocation from './noderesources/balanced-allocation.js';
import * as nodeResourcesFit from './noderesources/fit.js';
import * as nodeUnschedulable from './nodeunschedulable/index.js';
import * as podTopologySpread from './podtopologyspread/index.js';
import * as prioritySort from './prioritysort/index.js';
import * as schedulingGates from './schedulinggates/index.js';
import * as taintToleration from './tainttoleration/index.js';

export const IN_TREE_PLUGINS: readonly PluginModule[] = [
  schedulingGates,
  prioritySort,
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  balancedAllocation,
  imageLocality,
  defaultBinder,
  podTopologySpread,
  interPodAffinity,
  defaultPreemption,
];

export function inTreeRegistry(): Registry {
  return registryOf(IN_TREE_PLUGINS);
}

export interface DefaultPlugin {
  name: string;
  /** Score weight (only for plugins with Score). */
  weight?: number;
}

/**
 * The default profile's multiPoint plugins in upstream's order and weights. Names missing from
 * the registry are left out of the default profile (so plugins still being written join it as
 * soon as they are registered); explicitly configured unknown names are errors.
 */
export const DEFAULT_MULTI_POINT: readonly DefaultPlugin[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];
