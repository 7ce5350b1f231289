/** `$(VAR)` expansion of a container's command, args and volume subPathExpr (model: kubecontainer helpers). */
import type { ContainerLike } from '../../api/validation/pod/shapes.js';
import type { KeyValue } from '../runtime/runtime.js';
import { expand, mappingFuncFor } from './expansion.js';

function envMap(env: readonly KeyValue[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name, value } of env) map.set(name, value);
  return map;
}

/** upstream ExpandContainerCommandAndArgs: unknown references stay as written. */
export function expandContainerCommandAndArgs(container: ContainerLike, env: readonly KeyValue[]): { command: string[]; args: string[] } {
  const mapping = mappingFuncFor(envMap(env));
  const list = (field: unknown): string[] => (Array.isArray(field) ? field.map((item) => expand(String(item), mapping)) : []);
  return { command: list(container['command']), args: list(container['args']) };
}

/**
 * upstream ExpandContainerVolumeMounts: a subPathExpr whose variables are all defined and
 * non-empty; otherwise `missing value for A, B` (sorted).
 */
export function expandSubPathExpr(subPathExpr: string, env: readonly KeyValue[]): string {
  const vars = envMap(env);
  const missing = new Set<string>();
  const expanded = expand(subPathExpr, (name) => {
    const value = vars.get(name) ?? '';
    if (value === '') missing.add(name);
    return value;
  });
  if (missing.size > 0) throw new Error(`missing value for ${[...missing].sort().join(', ')}`);
  return expanded;
}
