/** KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) as kts uses it, after defaulting. */

export const EXTENSION_POINTS = ['preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind', 'multiPoint'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export interface PluginRef {
  name: string;
  /** Score weight; 0 = unset (1 at run time, or the multiPoint weight). */
  weight: number;
}

export interface PluginSet {
  enabled: PluginRef[];
  disabled: { name: string }[];
}

export type Plugins = Record<ExtensionPoint, PluginSet>;

export interface PluginConfig {
  name: string;
  args: unknown;
}

export interface Profile {
  schedulerName: string;
  /** Overrides the top-level value for this profile (0..100; undefined = unset). */
  percentageOfNodesToScore: number | undefined;
  plugins: Plugins;
  pluginConfig: PluginConfig[];
}

export interface LeaderElectionConfig {
  leaderElect: boolean;
  resourceName: string;
  resourceNamespace: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export interface SchedulerConfiguration {
  profiles: Profile[];
  /** 0 = adaptive (upstream default). */
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  leaderElection: LeaderElectionConfig;
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export function emptyPlugins(): Plugins {
  const out = {} as Plugins;
  for (const point of EXTENSION_POINTS) out[point] = { enabled: [], disabled: [] };
  return out;
}
