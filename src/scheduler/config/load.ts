/** The scheduler's configuration from an optional file and command-line overrides. */
import { readFileSync } from 'node:fs';
import type { Registry } from '../framework/registry.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { ConfigError, configFromObject, parseSchedulerConfiguration } from './parse.js';
import { DEFAULT_SCHEDULER_NAME, type SchedulerConfiguration } from './types.js';

export interface SchedulerOverrides {
  /** Path of a KubeSchedulerConfiguration file (YAML or JSON). */
  configFile?: string;
  /**
   * The first profile's schedulerName. A scheduler with a non-default name also takes its own
   * Lease (named after it) unless the file names one, so it does not compete with the default.
   */
  name?: string;
  leaderElect?: boolean;
  registry?: Registry;
}

export function loadSchedulerConfiguration(overrides: SchedulerOverrides = {}): SchedulerConfiguration {
  const registry = overrides.registry ?? inTreeRegistry();
  let config: SchedulerConfiguration;
  let fileNamesLease = false;
  if (overrides.configFile) {
    let text: string;
    try {
      text = readFileSync(overrides.configFile, 'utf8');
    } catch (err) {
      throw new ConfigError('--config', `cannot read ${overrides.configFile}: ${(err as Error).message}`);
    }
    try {
      config = parseSchedulerConfiguration(text, registry);
    } catch (err) {
      throw new Error(`${overrides.configFile}: ${(err as Error).message}`);
    }
    fileNamesLease = /resourceName\s*["']?\s*:/.test(text);
  } else {
    config = configFromObject({}, registry);
  }
  if (overrides.name !== undefined && overrides.name !== '') {
    config.profiles[0]!.schedulerName = overrides.name;
    if (overrides.name !== DEFAULT_SCHEDULER_NAME && !fileNamesLease) config.leaderElection.resourceName = overrides.name;
  }
  if (overrides.leaderElect !== undefined) config.leaderElection.leaderElect = overrides.leaderElect;
  return config;
}
