/**
 * The `scale` subresource (autoscaling/v1 Scale) of kinds with replicas, generic over where a
 * kind keeps them (model: the scale REST storages of deployments, replicasets, statefulsets and
 * replicationcontrollers upstream). A Scale shows the parent's identity, `spec.replicas`,
 * `status.replicas` and the selector as a string; an update changes `spec.replicas` alone.
 */
import { invalid as invalidField, type FieldError } from '../../api/field-errors.js';
import { selectorFromSet } from '../../api/labels/selector.js';
import type { LabelSelectorSpec } from '../../api/labels/label-selector.js';
import { tryLabelSelector } from '../../api/validation/workload.js';
import { cloneObject, type KubeObject } from './generic/object.js';
import type { SubresourceDefinition } from './resource-definition.js';

/** Where a kind keeps what its Scale shows. */
export interface ScaleSpec {
  /** Path of the desired replicas (`spec.replicas`). */
  specReplicas: readonly string[];
  /** Path of the observed replicas (`status.replicas`). */
  statusReplicas: readonly string[];
  /** Path of the pod selector, a metav1.LabelSelector or (`map`) a plain label map (RCs). */
  selector: readonly string[];
  selectorKind: 'labelSelector' | 'map';
}

/** The usual layout: spec.replicas, status.replicas, spec.selector as a LabelSelector. */
export const REPLICAS_SCALE: ScaleSpec = { specReplicas: ['spec', 'replicas'], statusReplicas: ['status', 'replicas'], selector: ['spec', 'selector'], selectorKind: 'labelSelector' };

export const SCALE_SUBRESOURCE: SubresourceDefinition = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

export const SCALE_SCHEMA_TYPE = 'k8s.io.api.autoscaling.v1.Scale';

export interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

function at(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The parent's Scale (upstream copies name, namespace, uid, resourceVersion and creationTimestamp). */
export function toScale(object: KubeObject, spec: ScaleSpec): Scale {
  const meta = object.metadata;
  const rawSelector = at(object, spec.selector);
  const selector =
    spec.selectorKind === 'map'
      ? selectorFromSet((rawSelector ?? {}) as Record<string, string>).toString()
      : (tryLabelSelector(rawSelector as LabelSelectorSpec | undefined)?.toString() ?? '');
  const replicas = at(object, spec.specReplicas);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: typeof replicas === 'number' ? { replicas } : {},
    status: { replicas: Number(at(object, spec.statusReplicas) ?? 0), ...(selector ? { selector } : {}) },
  };
}

/** upstream ValidateScale (the object metadata is the parent's and already valid). */
export function validateScale(scale: Scale): FieldError[] {
  const replicas = scale.spec?.replicas ?? 0;
  return replicas < 0 ? [invalidField('spec.replicas', replicas, 'must be greater than or equal to 0')] : [];
}

/** A copy of the parent with `spec.replicas` set from the Scale. */
export function withReplicas(object: KubeObject, spec: ScaleSpec, replicas: number): KubeObject {
  const next = cloneObject(object);
  let holder = next as Record<string, unknown>;
  for (const key of spec.specReplicas.slice(0, -1)) {
    const child = holder[key];
    holder = (child && typeof child === 'object' ? child : (holder[key] = {})) as Record<string, unknown>;
  }
  holder[spec.specReplicas.at(-1)!] = replicas;
  return next;
}
