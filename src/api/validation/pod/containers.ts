/**
 * Containers and init containers: upstream validateContainers, validateInitContainers and
 * validateContainerCommon (v1.32): names, images, policies, ports, environment, resources,
 * volume mounts, probes and lifecycle hooks.
 */
import { childPath, duplicate, forbidden, indexPath, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { isDNS1123Label } from '../names.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { validateHandler, validateProbe, type ProbeKind } from './handlers.js';
import { validateResourceRequirements } from './resources.js';
import type { ContainerLike, ContainerPortLike, EphemeralContainerLike, VolumeMountLike } from './shapes.js';
import { isValidPortName, isValidPortNum, validateLocalDescendingPath } from './syntax.js';

/** What the containers of one pod spec share while being validated. */
export interface ContainerContext {
  /** Names of the pod's valid volumes. */
  volumes: ReadonlySet<string>;
  /** Container names seen so far (app containers first, then init containers). */
  names: Set<string>;
  /** `hostIP/protocol:hostPort` already taken by a container of the pod. */
  hostPorts: Set<string>;
  gracePeriod: number | undefined;
  hostNetwork: boolean;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MOUNT_PROPAGATION = ['Bidirectional', 'HostToContainer', 'None'];
const PROBES: ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** upstream validateContainers: app containers (at least one). */
export function validateContainers(containers: readonly ContainerLike[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  if (!containers || containers.length === 0) return [required(path, '')];
  const errors: FieldError[] = [];
  containers.forEach((entry, i) => {
    const c: ContainerLike = entry ?? {};
    const at = indexPath(path, i);
    errors.push(...validateCommon(c, at, ctx));
    if (c.lifecycle) errors.push(...validateLifecycle(c, at, ctx));
    for (const kind of PROBES) errors.push(...validateProbe(c[kind], kind, ctx.gracePeriod, childPath(at, kind)));
    if (c.restartPolicy !== undefined) errors.push(forbidden(childPath(at, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return errors;
}

/** upstream validateInitContainers: sidecars (restartPolicy Always) may have probes and hooks. */
export function validateInitContainers(containers: readonly ContainerLike[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  const errors: FieldError[] = [];
  (containers ?? []).forEach((entry, i) => {
    const c: ContainerLike = entry ?? {};
    const at = indexPath(path, i);
    errors.push(...validateCommon(c, at, ctx));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !sidecar) errors.push(notSupported(childPath(at, 'restartPolicy'), c.restartPolicy, ['Always']));
    if (sidecar) {
      if (c.lifecycle) errors.push(...validateLifecycle(c, at, ctx));
      for (const kind of PROBES) errors.push(...validateProbe(c[kind], kind, ctx.gracePeriod, childPath(at, kind)));
    } else {
      for (const field of ['lifecycle', ...PROBES] as const) {
        if (c[field] !== undefined) errors.push(forbidden(childPath(at, field), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errors;
}

function validateLifecycle(c: ContainerLike, at: string, ctx: ContainerContext): FieldError[] {
  const errors: FieldError[] = [];
  const path = childPath(at, 'lifecycle');
  for (const hook of ['postStart', 'preStop'] as const) {
    const handler = c.lifecycle?.[hook];
    if (handler) errors.push(...validateHandler(handler, ctx.gracePeriod, true, childPath(path, hook)));
  }
  return errors;
}

/** Fields an ephemeral container may not set (upstream allowedEphemeralContainerFields), in struct order. */
const NOT_FOR_EPHEMERAL = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

/** Whether a field holds something (Go's non-zero value; `resources: {}` is zero). */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(isSet);
  return value !== '' && value !== 0 && value !== false;
}

/**
 * upstream validateEphemeralContainers: the common checks, names unique among all containers, a
 * target that is one of the pod's other containers, and none of the fields that make a
 * container part of the workload (ports, resources, probes, lifecycle, subPath mounts).
 */
export function validateEphemeralContainers(containers: readonly EphemeralContainerLike[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  const errors: FieldError[] = [];
  (containers ?? []).forEach((entry, i) => {
    const c: EphemeralContainerLike = entry ?? {};
    const at = indexPath(path, i);
    errors.push(...validateCommon(c, at, ctx, 'must be unique among all containers, init containers and ephemeral containers'));
    const target = c.targetContainerName ?? '';
    if (target !== '' && !ctx.names.has(target)) errors.push({ type: 'FieldValueNotFound', field: childPath(at, 'targetContainerName'), value: target, detail: '' });
    for (const field of NOT_FOR_EPHEMERAL) if (isSet(c[field])) errors.push(forbidden(childPath(at, field), 'cannot be set for an Ephemeral Container'));
    (c.volumeMounts ?? []).forEach((mount, j) => {
      const mountPath = indexPath(childPath(at, 'volumeMounts'), j);
      if (mount?.subPath) errors.push(forbidden(childPath(mountPath, 'subPath'), 'cannot be set for an Ephemeral Container'));
      if (mount?.subPathExpr) errors.push(forbidden(childPath(mountPath, 'subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errors;
}

/**
 * upstream validateContainerCommon, with the name checks of the container kind: a repeated name
 * is a Duplicate, or Invalid with `duplicateMessage` (ephemeral containers).
 */
function validateCommon(c: ContainerLike, at: string, ctx: ContainerContext, duplicateMessage?: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = c.name ?? '';
  const namePath = childPath(at, 'name');
  if (name === '') errors.push(required(namePath, ''));
  else {
    for (const msg of isDNS1123Label(name)) errors.push(invalid(namePath, name, msg));
    if (ctx.names.has(name)) errors.push(duplicateMessage ? invalid(namePath, name, duplicateMessage) : duplicate(namePath, name));
    ctx.names.add(name);
  }
  const image = c.image ?? '';
  if (image === '') errors.push(required(childPath(at, 'image'), ''));
  else if (image !== image.trim()) errors.push(invalid(childPath(at, 'image'), image, 'must not have leading or trailing whitespace'));
  errors.push(...validateEnum(c.imagePullPolicy, PULL_POLICIES, childPath(at, 'imagePullPolicy')));
  errors.push(...validateEnum(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, childPath(at, 'terminationMessagePolicy')));
  errors.push(...validatePorts(c.ports, childPath(at, 'ports'), ctx));
  errors.push(...validateEnv(c.env, childPath(at, 'env')));
  errors.push(...validateEnvFrom(c.envFrom, childPath(at, 'envFrom')));
  errors.push(...validateVolumeMounts(c.volumeMounts, childPath(at, 'volumeMounts'), ctx.volumes));
  errors.push(...validateResourceRequirements(c.resources, childPath(at, 'resources')));
  return errors;
}

/** A required enum field (defaulting fills it, so empty means a client cleared it). */
function validateEnum(value: string | undefined, supported: readonly string[], path: string): FieldError[] {
  if (value === undefined || value === '') return [required(path, '')];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

/** upstream validateContainerPorts, AccumulateUniqueHostPorts and validateHostNetwork. */
function validatePorts(ports: readonly ContainerPortLike[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((entry, i) => {
    const port: ContainerPortLike = entry ?? {};
    const at = indexPath(path, i);
    const name = port.name ?? '';
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const msg of msgs) errors.push(invalid(childPath(at, 'name'), name, msg));
      else if (names.has(name)) errors.push(duplicate(childPath(at, 'name'), name));
      else names.add(name);
    }
    const containerPort = port.containerPort ?? 0;
    if (containerPort === 0) errors.push(required(childPath(at, 'containerPort'), ''));
    else for (const msg of isValidPortNum(containerPort)) errors.push(invalid(childPath(at, 'containerPort'), containerPort, msg));
    const hostPort = port.hostPort ?? 0;
    if (hostPort !== 0) for (const msg of isValidPortNum(hostPort)) errors.push(invalid(childPath(at, 'hostPort'), hostPort, msg));
    const protocol = port.protocol ?? '';
    if (protocol === '') errors.push(required(childPath(at, 'protocol'), ''));
    else if (!PROTOCOLS.includes(protocol)) errors.push(notSupported(childPath(at, 'protocol'), protocol, PROTOCOLS));
    if (ctx.hostNetwork && hostPort !== 0 && hostPort !== containerPort) {
      errors.push(invalid(childPath(at, 'containerPort'), containerPort, 'must match `hostPort` when `hostNetwork` is true'));
    }
    if (hostPort !== 0) {
      const key = `${port.hostIP ?? ''}/${protocol}:${hostPort}`;
      if (ctx.hostPorts.has(key)) errors.push(duplicate(childPath(at, 'hostPort'), key));
      ctx.hostPorts.add(key);
    }
  });
  return errors;
}

/** upstream validateVolumeMounts: existing volumes, unique mount paths, relative subPaths. */
function validateVolumeMounts(mounts: readonly VolumeMountLike[] | undefined, path: string, volumes: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const mountPaths = new Set<string>();
  (mounts ?? []).forEach((entry, i) => {
    const mount: VolumeMountLike = entry ?? {};
    const at = indexPath(path, i);
    const name = mount.name ?? '';
    if (name === '') errors.push(required(childPath(at, 'name'), ''));
    if (!volumes.has(name)) errors.push({ type: 'FieldValueNotFound', field: childPath(at, 'name'), value: name, detail: '' });
    const mountPath = mount.mountPath ?? '';
    if (mountPath === '') errors.push(required(childPath(at, 'mountPath'), ''));
    if (mountPaths.has(mountPath)) errors.push(invalid(childPath(at, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    if (mount.subPath) errors.push(...validateLocalDescendingPath(mount.subPath, childPath(at, 'subPath')));
    if (mount.subPath && mount.subPathExpr) errors.push(invalid(childPath(at, 'subPathExpr'), mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    if (mount.mountPropagation !== undefined && !MOUNT_PROPAGATION.includes(mount.mountPropagation)) {
      errors.push(notSupported(childPath(at, 'mountPropagation'), mount.mountPropagation, MOUNT_PROPAGATION));
    }
  });
  return errors;
}
