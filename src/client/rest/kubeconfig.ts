import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RestConfig } from './transport.js';

interface Named<T> {
  name?: string;
  [field: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

interface KubeconfigFile {
  clusters?: Named<{ server?: string }>[];
  users?: Named<{ token?: string }>[];
  contexts?: Named<{ cluster?: string; user?: string; namespace?: string }>[];
  'current-context'?: string;
}

/** What a kubeconfig context says about reaching the API: the REST config and default namespace. */
export interface KubeconfigContext {
  config: RestConfig;
  /** The context's namespace, `default` when unset. */
  namespace: string;
}

/**
 * Reads the `context` (default: current-context) of a kubeconfig document: the cluster's server
 * URL and the user's bearer token. Certificates are not supported yet (https servers are refused
 * by the transport). Throws on a context, cluster or user that the document does not define.
 */
export function parseKubeconfig(text: string, context?: string): KubeconfigContext {
  const file = (parse(text) ?? {}) as KubeconfigFile;
  const contextName = context ?? file['current-context'];
  if (!contextName) throw new Error('kubeconfig: no context given and no current-context set');
  const ctx = find(file.contexts, contextName, 'context').context ?? {};
  if (!ctx.cluster) throw new Error(`kubeconfig: context "${contextName}" names no cluster`);
  const cluster = find(file.clusters, ctx.cluster, 'cluster').cluster ?? {};
  if (!cluster.server) throw new Error(`kubeconfig: cluster "${ctx.cluster}" has no server`);
  const user = ctx.user ? (find(file.users, ctx.user, 'user').user ?? {}) : {};
  const config: RestConfig = { server: cluster.server };
  if (user.token) config.bearerToken = user.token;
  return { config, namespace: ctx.namespace || 'default' };
}

/** `parseKubeconfig` of a file. */
export function loadKubeconfig(path: string, context?: string): KubeconfigContext {
  return parseKubeconfig(readFileSync(path, 'utf8'), context);
}

function find<T>(entries: Named<T>[] | undefined, name: string, what: string): Named<T> {
  const entry = entries?.find((e) => e.name === name);
  if (!entry) throw new Error(`kubeconfig: ${what} "${name}" not found`);
  return entry;
}
