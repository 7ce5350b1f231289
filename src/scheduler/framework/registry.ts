/**
 * Plugin factories by name (model: framework/runtime/registry.go). Each plugin folder exports
 * `NAME` and `create(args, handle)`; `src/scheduler/plugins/registry.ts` lists the in-tree ones.
 * `args` is the plugin's pluginConfig `args` from the KubeSchedulerConfiguration (undefined when
 * none); a factory validates it and throws an Error naming the bad field.
 */
import type { Handle, Plugin } from './interface.js';

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export interface PluginModule {
  readonly NAME: string;
  readonly create: PluginFactory;
}

export type Registry = ReadonlyMap<string, PluginFactory>;

/** A registry from plugin modules; throws on duplicate names. */
export function registryOf(modules: readonly PluginModule[]): Registry {
  const registry = new Map<string, PluginFactory>();
  for (const mod of modules) {
    if (registry.has(mod.NAME)) throw new Error(`a plugin named ${mod.NAME} already exists`);
    registry.set(mod.NAME, mod.create);
  }
  return registry;
}

/** `a` plus `b`'s plugins; throws when both have a name (upstream Registry.Merge). */
export function mergeRegistries(a: Registry, b: Registry): Registry {
  const merged = new Map(a);
  for (const [name, factory] of b) {
    if (merged.has(name)) throw new Error(`a plugin named ${name} already exists`);
    merged.set(name, factory);
  }
  return merged;
}
