/**
 * Reads a KubeSchedulerConfiguration (YAML or JSON) into a defaulted SchedulerConfiguration.
 * Invalid input throws ConfigError naming the field, e.g.
 * `profiles[0].plugins.score.enabled[1].weight: Invalid value: 0: must be in the range [1, 100]`.
 *
 * Defaults as upstream v1: one profile `default-scheduler`; each profile's plugins are the
 * default multiPoint set merged with the profile's (disabled names, '*' for all, remove defaults;
 * enabled names replace a default of the same name in place, others are appended);
 * percentageOfNodesToScore 0 (adaptive); backoff 1 s → 10 s; leader election on, Lease
 * kube-system/kube-scheduler, 15 s / 10 s / 2 s.
 */
import { parse as parseYAML } from 'yaml';
import { DEFAULT_MULTI_POINT } from '../plugins/registry.js';
import type { Registry } from '../framework/registry.js';
import { DEFAULT_SCHEDULER_NAME, EXTENSION_POINTS, emptyPlugins, type LeaderElectionConfig, type PluginConfig, type PluginSet, type Plugins, type Profile, type SchedulerConfiguration } from './types.js';

export class ConfigError extends Error {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConfigError';
  }
}

const API_VERSION = 'kubescheduler.config.k8s.io/v1';

type Obj = Record<string, unknown>;

function obj(value: unknown, field: string): Obj {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(field, 'Invalid value: must be an object');
  return value as Obj;
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(field, 'Invalid value: must be a list');
  return value;
}

function str(value: unknown, field: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new ConfigError(field, `Invalid value: ${JSON.stringify(value)}: must be a string`);
  return value;
}

function int(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `Invalid value: ${JSON.stringify(value)}: must be an integer in the range [${min}, ${max}]`);
  }
  return value;
}

/** A Go duration string ("15s", "1m30s", "500ms") in ms. */
function duration(value: unknown, field: string, fallbackMs: number): number {
  if (value === undefined || value === null) return fallbackMs;
  if (typeof value !== 'string') throw new ConfigError(field, `Invalid value: ${JSON.stringify(value)}: must be a duration string`);
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let matched = 0;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * units[m[2]!]!;
    matched += m[0].length;
  }
  if (matched === 0 || matched !== value.length) throw new ConfigError(field, `Invalid value: ${JSON.stringify(value)}: not a valid duration`);
  return total;
}

function pluginSet(value: unknown, field: string): PluginSet {
  const o = obj(value, field);
  const enabled = list(o['enabled'], `${field}.enabled`).map((p, i) => {
    const f = `${field}.enabled[${i}]`;
    const po = obj(p, f);
    const name = str(po['name'], `${f}.name`, '');
    if (!name) throw new ConfigError(`${f}.name`, 'Required value');
    return { name, weight: int(po['weight'], `${f}.weight`, 0, 0, 100) };
  });
  const disabled = list(o['disabled'], `${field}.disabled`).map((p, i) => {
    const f = `${field}.disabled[${i}]`;
    const name = str(obj(p, f)['name'], `${f}.name`, '');
    if (!name) throw new ConfigError(`${f}.name`, 'Required value');
    return { name };
  });
  return { enabled, disabled };
}

/** Upstream mergePluginSet: custom disables and overrides defaults. */
function mergePluginSet(defaults: PluginSet, custom: PluginSet): PluginSet {
  const disabledAll = custom.disabled.some((d) => d.name === '*');
  const disabled = new Set(custom.disabled.map((d) => d.name));
  const customByName = new Map(custom.enabled.map((p) => [p.name, p]));
  const used = new Set<string>();
  const enabled = [];
  if (!disabledAll) {
    for (const p of defaults.enabled) {
      if (disabled.has(p.name)) continue;
      const replacement = customByName.get(p.name);
      enabled.push(replacement ?? p);
      if (replacement) used.add(p.name);
    }
  }
  for (const p of custom.enabled) if (!used.has(p.name)) enabled.push(p);
  return { enabled, disabled: custom.disabled };
}

function defaultPlugins(registry: Registry): Plugins {
  const plugins = emptyPlugins();
  plugins.multiPoint.enabled = DEFAULT_MULTI_POINT.filter((p) => registry.has(p.name)).map((p) => ({ name: p.name, weight: p.weight ?? 0 }));
  return plugins;
}

function profile(value: unknown, field: string, registry: Registry): Profile {
  const o = obj(value, field);
  const custom = obj(o['plugins'], `${field}.plugins`);
  const defaults = defaultPlugins(registry);
  const plugins = emptyPlugins();
  for (const point of EXTENSION_POINTS) plugins[point] = mergePluginSet(defaults[point], pluginSet(custom[point], `${field}.plugins.${point}`));
  for (const point of EXTENSION_POINTS) {
    plugins[point].enabled.forEach((p, i) => {
      if (!registry.has(p.name)) throw new ConfigError(`${field}.plugins.${point}.enabled[${i}].name`, `Invalid value: ${JSON.stringify(p.name)}: plugin does not exist`);
    });
  }
  const pluginConfig: PluginConfig[] = list(o['pluginConfig'], `${field}.pluginConfig`).map((c, i) => {
    const f = `${field}.pluginConfig[${i}]`;
    const co = obj(c, f);
    const name = str(co['name'], `${f}.name`, '');
    if (!name) throw new ConfigError(`${f}.name`, 'Required value');
    if (!registry.has(name)) throw new ConfigError(`${f}.name`, `Invalid value: ${JSON.stringify(name)}: plugin does not exist`);
    const args = co['args'];
    if (args !== undefined && args !== null) {
      const ao = obj(args, `${f}.args`);
      const { apiVersion: _v, kind: _k, ...rest } = ao;
      return { name, args: rest };
    }
    return { name, args: undefined };
  });
  const seen = new Set<string>();
  pluginConfig.forEach((c, i) => {
    if (seen.has(c.name)) throw new ConfigError(`${field}.pluginConfig[${i}].name`, `Duplicate value: ${JSON.stringify(c.name)}`);
    seen.add(c.name);
  });
  const pct = o['percentageOfNodesToScore'];
  return {
    schedulerName: str(o['schedulerName'], `${field}.schedulerName`, DEFAULT_SCHEDULER_NAME) || DEFAULT_SCHEDULER_NAME,
    percentageOfNodesToScore: pct === undefined || pct === null ? undefined : int(pct, `${field}.percentageOfNodesToScore`, 0, 0, 100),
    plugins,
    pluginConfig,
  };
}

function leaderElection(value: unknown): LeaderElectionConfig {
  const o = obj(value, 'leaderElection');
  const leaderElect = o['leaderElect'] ?? true;
  if (typeof leaderElect !== 'boolean') throw new ConfigError('leaderElection.leaderElect', 'Invalid value: must be a boolean');
  const config = {
    leaderElect,
    resourceName: str(o['resourceName'], 'leaderElection.resourceName', 'kube-scheduler') || 'kube-scheduler',
    resourceNamespace: str(o['resourceNamespace'], 'leaderElection.resourceNamespace', 'kube-system') || 'kube-system',
    leaseDurationMs: duration(o['leaseDuration'], 'leaderElection.leaseDuration', 15_000),
    renewDeadlineMs: duration(o['renewDeadline'], 'leaderElection.renewDeadline', 10_000),
    retryPeriodMs: duration(o['retryPeriod'], 'leaderElection.retryPeriod', 2_000),
  };
  if (config.leaderElect && config.renewDeadlineMs >= config.leaseDurationMs) throw new ConfigError('leaderElection.leaseDuration', 'Invalid value: leaseDuration must be greater than renewDeadline');
  return config;
}

/** The configuration a file (or nothing) describes; `registry` decides which plugin names exist. */
export function configFromObject(value: unknown, registry: Registry): SchedulerConfiguration {
  const o = obj(value, '<root>');
  if (o['apiVersion'] !== undefined && o['apiVersion'] !== API_VERSION) throw new ConfigError('apiVersion', `Unsupported value: ${JSON.stringify(o['apiVersion'])}: supported values: "${API_VERSION}"`);
  if (o['kind'] !== undefined && o['kind'] !== 'KubeSchedulerConfiguration') throw new ConfigError('kind', `Unsupported value: ${JSON.stringify(o['kind'])}: supported values: "KubeSchedulerConfiguration"`);
  const rawProfiles = list(o['profiles'], 'profiles');
  const profiles = (rawProfiles.length > 0 ? rawProfiles : [{}]).map((p, i) => profile(p, `profiles[${i}]`, registry));
  const names = new Set<string>();
  profiles.forEach((p, i) => {
    if (names.has(p.schedulerName)) throw new ConfigError(`profiles[${i}].schedulerName`, `Duplicate value: ${JSON.stringify(p.schedulerName)}`);
    names.add(p.schedulerName);
  });
  const initial = int(o['podInitialBackoffSeconds'], 'podInitialBackoffSeconds', 1, 1, Number.MAX_SAFE_INTEGER);
  const max = int(o['podMaxBackoffSeconds'], 'podMaxBackoffSeconds', 10, 1, Number.MAX_SAFE_INTEGER);
  if (max < initial) throw new ConfigError('podMaxBackoffSeconds', `Invalid value: ${max}: must be greater than or equal to PodInitialBackoffSeconds`);
  return {
    profiles,
    percentageOfNodesToScore: int(o['percentageOfNodesToScore'], 'percentageOfNodesToScore', 0, 0, 100),
    podInitialBackoffSeconds: initial,
    podMaxBackoffSeconds: max,
    leaderElection: leaderElection(o['leaderElection']),
  };
}

/** Parses YAML or JSON text (JSON is YAML). */
export function parseSchedulerConfiguration(text: string, registry: Registry): SchedulerConfiguration {
  let value: unknown;
  try {
    value = parseYAML(text);
  } catch (err) {
    throw new ConfigError('<file>', `cannot parse: ${(err as Error).message}`);
  }
  return configFromObject(value ?? {}, registry);
}
