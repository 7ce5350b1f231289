/**
 * Upstream's pod spec defaulting (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go, v1.32), in
 * place: SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe,
 * SetDefaults_HTTPGetAction, SetDefaults_Volume and the volume sources, SetDefaults_ObjectFieldSelector.
 * Shared by pods and every kind with a pod template, so a Deployment's template reads back as
 * upstream's does. `defaultPod` adds what upstream defaults on Pods only (SetDefaults_Pod).
 * Quantities in resources are rewritten in canonical form, as upstream re-serializes them.
 */
import { quantityFromJSON } from '../quantity/index.js';
import type {
  ContainerLike,
  EnvVarLike,
  HandlerLike,
  PodSpecLike,
  PodTemplateSpecLike,
  ProbeLike,
  ResourceList,
  VolumeLike,
} from '../validation/pod/shapes.js';
import { VOLUME_SOURCES } from '../validation/pod/volumes.js';

/** Mode 0644, upstream's default for files of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_FILE_MODE = 0o644;

/**
 * JSON `null` entries in lists of objects decode to empty objects upstream (Go zero values), so
 * validation reports their missing fields instead of failing on them.
 */
function objects<T>(list: (T | null)[] | null | undefined): T[] | undefined {
  return list === null || list === undefined ? undefined : list.map((item) => item ?? ({} as T));
}

function zeroNullEntries(spec: PodSpecLike): void {
  for (const field of ['containers', 'initContainers', 'ephemeralContainers', 'volumes', 'tolerations', 'imagePullSecrets', 'readinessGates'] as const) {
    const list = objects(spec[field] as unknown[] | null | undefined);
    if (list) spec[field] = list as never;
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const field of ['ports', 'env', 'envFrom', 'volumeMounts'] as const) {
      const list = objects(c[field] as unknown[] | null | undefined);
      if (list) c[field] = list as never;
    }
  }
}

export function defaultPodSpec(spec: PodSpecLike): void {
  zeroNullEntries(spec);
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec['securityContext'] ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  // v1 conversion: the deprecated serviceAccount mirrors serviceAccountName.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) defaultContainer(container);
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
}

export function defaultPodTemplateSpec(template: PodTemplateSpecLike | undefined): void {
  if (template?.spec) defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: requests from limits, enableServiceLinks, host ports on the host network. */
export function defaultPod(spec: PodSpecLike): void {
  defaultPodSpec(spec);
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const resources = container.resources;
    if (!resources?.limits) continue;
    const requests = (resources.requests ??= {});
    for (const [name, value] of Object.entries(resources.limits)) if (!(name in requests)) requests[name] = value;
  }
  if (spec.hostNetwork) {
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      for (const port of container.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
  spec['enableServiceLinks'] ??= true;
}

function defaultContainer(c: ContainerLike): void {
  c.imagePullPolicy ||= imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  c.resources ??= {};
  canonicalize(c.resources.limits);
  canonicalize(c.resources.requests);
  for (const port of c.ports ?? []) port.protocol ||= 'TCP';
  for (const env of c.env ?? []) defaultEnv(env);
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  for (const handler of [c.lifecycle?.postStart, c.lifecycle?.preStop]) if (handler) defaultHandler(handler);
}

/**
 * The tag of an image reference as upstream's ParseImageName reports it: `latest` when the
 * reference has neither tag nor digest, '' when it has only a digest.
 */
export function imageTag(image: string): string {
  const [name = '', digest] = image.split('@', 2);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return digest === undefined ? 'latest' : '';
}

function canonicalize(list: ResourceList | undefined): void {
  for (const [name, value] of Object.entries(list ?? {})) {
    try {
      list![name] = quantityFromJSON(value).toString();
    } catch {
      // Validation reports the bad quantity.
    }
  }
}

function defaultEnv(env: EnvVarLike): void {
  const fieldRef = env.valueFrom?.fieldRef;
  if (fieldRef) fieldRef.apiVersion ||= 'v1';
}

function defaultProbe(probe: ProbeLike): void {
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHandler(probe);
}

function defaultHandler(handler: HandlerLike): void {
  if (handler.httpGet) {
    handler.httpGet.path ||= '/';
    handler.httpGet.scheme ||= 'HTTP';
  }
}

function defaultVolume(volume: VolumeLike): void {
  if (!VOLUME_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null)) volume.emptyDir = {};
  if (volume.hostPath) volume.hostPath.type ??= '';
  if (volume.secret) volume.secret.defaultMode ??= DEFAULT_FILE_MODE;
  if (volume.configMap) volume.configMap.defaultMode ??= DEFAULT_FILE_MODE;
  if (volume.downwardAPI) {
    volume.downwardAPI.defaultMode ??= DEFAULT_FILE_MODE;
    for (const item of volume.downwardAPI.items ?? []) if (item?.fieldRef) item.fieldRef.apiVersion ||= 'v1';
  }
  if (volume.projected) {
    volume.projected.defaultMode ??= DEFAULT_FILE_MODE;
    for (const source of volume.projected.sources ?? []) {
      if (!source) continue;
      if (source.serviceAccountToken) source.serviceAccountToken.expirationSeconds ??= 3600;
      for (const item of source.downwardAPI?.items ?? []) if (item?.fieldRef) item.fieldRef.apiVersion ||= 'v1';
    }
  }
}
