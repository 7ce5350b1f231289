/**
 * A container's environment (model: kubelet makeEnvironmentVariables).
 *
 * Precedence, lowest first: service variables, then `envFrom` sources in order, then `env` entries
 * in order; a later definition of a name replaces an earlier one. An `env` value is expanded
 * (`$(VAR)`, see expansion.ts) against the variables defined before it, then the service variables.
 *
 * Output order: the service variables no other source replaced (services sorted by name, each in
 * upstream's order), then every envFrom/env name in the order it was first defined. Upstream's
 * order is Go map order (random), so any order is faithful; this one is stable.
 *
 * Errors carry upstream's messages (the kubelet shows them as CreateContainerConfigError):
 * `configmap "x" not found`, `couldn't find key k in ConfigMap ns/x`, `secret "x" not found`,
 * `couldn't find key k in Secret ns/x`; `optional` references that are missing are skipped.
 */
import type { ContainerLike, EnvFromSourceLike } from '../../api/validation/pod/shapes.js';
import { isEnvVarName } from '../../api/validation/pod/syntax.js';
import { isNotFound } from '../../util/errors.js';
import type { KeyValue } from '../runtime/runtime.js';
import { podFieldValue } from '../downward/field-path.js';
import { containerResourceValue, findContainerInPod, withAllocatableLimits } from '../downward/resources.js';
import { expand, mappingFuncFor } from './expansion.js';
import { decodeBase64, entriesOf, getConfigMap, getSecret } from './objects.js';
import { serviceEnvVars, visibleServices } from './service-env.js';
import type { ConfigMapLike, EnvSources, PodLike, SecretLike } from './sources.js';

export const REASON_INVALID_ENV_NAMES = 'InvalidEnvironmentVariableNames';

export async function makeEnvironmentVariables(pod: PodLike, container: ContainerLike, sources: EnvSources): Promise<KeyValue[]> {
  const namespace = pod.metadata?.namespace ?? '';
  const serviceEnv = await serviceEnvironment(pod, namespace, sources);
  const objects = new ObjectCache(sources, namespace);
  const env = new Map<string, string>();

  for (const from of container.envFrom ?? []) await applyEnvFrom(from, objects, namespace, env, sources);

  const mapping = mappingFuncFor(env, serviceEnv);
  for (const ev of container.env ?? []) {
    const name = ev.name ?? '';
    let value = ev.value ?? '';
    if (value !== '') {
      value = expand(value, mapping);
    } else if (ev.valueFrom) {
      const resolved = await valueFrom(ev.valueFrom, pod, container, objects, namespace, sources);
      if (resolved === undefined) continue; // an optional reference that is missing
      value = resolved;
    }
    env.set(name, value);
  }

  const result: KeyValue[] = [];
  for (const [name, value] of serviceEnv) if (!env.has(name)) result.push({ name, value });
  for (const [name, value] of env) result.push({ name, value });
  return result;
}

async function serviceEnvironment(pod: PodLike, namespace: string, sources: EnvSources): Promise<Map<string, string>> {
  const enableServiceLinks = pod.spec?.enableServiceLinks ?? true;
  const own = enableServiceLinks || namespace === 'default' ? await sources.listServices(namespace) : [];
  const defaults = namespace === 'default' ? own : await sources.listServices('default');
  return serviceEnvVars(visibleServices(namespace, enableServiceLinks, own, defaults));
}

async function applyEnvFrom(from: EnvFromSourceLike, objects: ObjectCache, namespace: string, env: Map<string, string>, sources: EnvSources): Promise<void> {
  const prefix = from.prefix ?? '';
  let kind: string;
  let name: string;
  let entries: [string, string][];
  if (from.configMapRef) {
    kind = 'configMap';
    name = from.configMapRef.name ?? '';
    const cm = await objects.configMap(name, optionalOf(from.configMapRef));
    if (!cm) return;
    entries = entriesOf(cm.data);
  } else if (from.secretRef) {
    kind = 'secret';
    name = from.secretRef.name ?? '';
    const secret = await objects.secret(name, optionalOf(from.secretRef));
    if (!secret) return;
    entries = entriesOf(secret.data).map(([k, v]) => [k, decodeBase64(v).toString('utf8')]);
  } else {
    return;
  }
  const invalidKeys: string[] = [];
  for (const [key, value] of entries) {
    const envName = prefix + key;
    if (isEnvVarName(envName).length > 0) invalidKeys.push(envName);
    else env.set(envName, value);
  }
  if (invalidKeys.length > 0) {
    invalidKeys.sort();
    sources.warn?.(
      REASON_INVALID_ENV_NAMES,
      `Keys [${invalidKeys.join(', ')}] from the EnvFrom ${kind} ${namespace}/${name} were skipped since they are considered invalid environment variable names.`,
    );
  }
}

type ValueFromLike = NonNullable<NonNullable<ContainerLike['env']>[number]['valueFrom']>;

/** The value of a `valueFrom` source, or undefined when an optional source is missing. */
async function valueFrom(
  from: ValueFromLike,
  pod: PodLike,
  container: ContainerLike,
  objects: ObjectCache,
  namespace: string,
  sources: EnvSources,
): Promise<string | undefined> {
  if (from.fieldRef) {
    return podFieldValue(pod, from.fieldRef.apiVersion, from.fieldRef.fieldPath ?? '', sources);
  }
  if (from.resourceFieldRef) {
    return containerResourceValue(from.resourceFieldRef, resourceContainer(pod, container, from.resourceFieldRef.containerName, sources));
  }
  if (from.configMapKeyRef) {
    const { name = '', key = '' } = from.configMapKeyRef;
    const optional = optionalOf(from.configMapKeyRef);
    const cm = await objects.configMap(name, optional);
    if (!cm) return undefined;
    const value = cm.data?.[key];
    if (value !== undefined && Object.hasOwn(cm.data!, key)) return value;
    if (optional) return undefined;
    throw new Error(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
  }
  if (from.secretKeyRef) {
    const { name = '', key = '' } = from.secretKeyRef;
    const optional = optionalOf(from.secretKeyRef);
    const secret = await objects.secret(name, optional);
    if (!secret) return undefined;
    const value = secret.data?.[key];
    if (value !== undefined && Object.hasOwn(secret.data!, key)) return decodeBase64(value).toString('utf8');
    if (optional) return undefined;
    throw new Error(`couldn't find key ${key} in Secret ${namespace}/${name}`);
  }
  return '';
}

/**
 * The container a resourceFieldRef reads, its unset limits defaulted to node allocatable as
 * upstream defaultPodLimitsForDownwardAPI does (which defaults the pod's regular containers and the
 * container being started, not other init containers).
 */
function resourceContainer(pod: PodLike, container: ContainerLike, containerName: string | undefined, sources: EnvSources): ContainerLike {
  if (!containerName) return withAllocatableLimits(container, sources.nodeAllocatable);
  const found = findContainerInPod(pod, containerName);
  return found.init ? found.container : withAllocatableLimits(found.container, sources.nodeAllocatable);
}

function optionalOf(ref: { optional?: boolean }): boolean {
  return ref.optional === true;
}

/** Each ConfigMap and Secret is read once per call, as upstream caches them per pod sync. */
class ObjectCache {
  readonly #configMaps = new Map<string, ConfigMapLike>();
  readonly #secrets = new Map<string, SecretLike>();

  constructor(
    private readonly sources: EnvSources,
    private readonly namespace: string,
  ) {}

  /** The ConfigMap, or undefined when it is missing and the reference optional. */
  async configMap(name: string, optional: boolean): Promise<ConfigMapLike | undefined> {
    const cached = this.#configMaps.get(name);
    if (cached) return cached;
    const cm = await orMissing(getConfigMap(this.sources, this.namespace, name), optional);
    if (cm) this.#configMaps.set(name, cm);
    return cm;
  }

  async secret(name: string, optional: boolean): Promise<SecretLike | undefined> {
    const cached = this.#secrets.get(name);
    if (cached) return cached;
    const secret = await orMissing(getSecret(this.sources, this.namespace, name), optional);
    if (secret) this.#secrets.set(name, secret);
    return secret;
  }
}

async function orMissing<T>(read: Promise<T>, optional: boolean): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (optional && isNotFound(err)) return undefined;
    throw err;
  }
}
