import type { FieldError } from '../../../api/field-errors.js';
import type { KubeObject } from './object.js';

/** What a DELETE asked for (metav1.DeleteOptions, the parts the registry acts on). */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * Per-resource behaviour plugged into the generic store (model: the RESTCreateStrategy,
 * RESTUpdateStrategy and RESTDeleteStrategy of k8s.io/apiserver/pkg/registry/rest). Methods that
 * prepare mutate the object they are given (a private copy); validation returns field errors.
 */
export interface ResourceStrategy {
  /** API group ('' for core), resource (plural) and kind, for keys and error messages. */
  readonly group: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;

  /** The kind's name rule, returning upstream's messages (DNS-1123 subdomain for most kinds). */
  nameRule(name: string): string[];
  /**
   * Upstream's defaulting (the SetDefaults_* functions): fills unset fields of a whole object with
   * their defaults. Runs on every object the store is asked to write (create, update, patch,
   * subresources) before prepare and validation, as upstream defaults on decode.
   */
  applyDefaults?(object: KubeObject): void;
  /** Clears what a client may not set on create (e.g. status). */
  prepareForCreate?(object: KubeObject): void;
  /** Keeps what a client may not change through this endpoint (e.g. status on the main resource). */
  prepareForUpdate?(object: KubeObject, old: KubeObject): void;
  /**
   * Runs after a subresource (status…) computed the object to store: backfills what the
   * subresource's client may leave out (pods: status.qosClass, as upstream's status strategy).
   */
  prepareForSubresourceUpdate?(object: KubeObject, old: KubeObject): void;
  /**
   * Kind-specific validation, on create and update. ObjectMeta (name by `nameRule`, namespace,
   * labels, annotations, finalizers, and their update rules) is validated by the store.
   */
  validate?(object: KubeObject): FieldError[];
  /** Kind-specific rules for creates only (those upstream's create and update validation differ in). */
  validateCreate?(object: KubeObject): FieldError[];
  /** Warnings for a created object (upstream WarningsOnCreate), sent as `Warning` headers. */
  warningsOnCreate?(object: KubeObject): string[];
  /** Kind-specific update rules only (immutable fields…); `validate` runs on updates too. */
  validateUpdate?(object: KubeObject, old: KubeObject): FieldError[];

  /** Whether `metadata.generation` must be bumped: by default, when `spec` changed. */
  specChanged?(object: KubeObject, old: KubeObject): boolean;
  /** Seconds of graceful deletion (pods); 0 or absent deletes at once. */
  gracePeriodSeconds?(object: KubeObject, options: DeleteOptions): number;
  /** Seconds after which the store drops the object by itself (events: one hour). */
  ttlSeconds?(object: KubeObject): number | undefined;
  /**
   * Whether deletion must wait for something beyond metadata.finalizers (namespaces: their
   * spec.finalizers, which the namespace controller clears once the content is gone).
   */
  deletionPending?(object: KubeObject): boolean;
  /** Marks an object whose deletion has begun but must wait (namespaces: phase Terminating). */
  prepareForDelete?(object: KubeObject): void;
  /** Throws a StatusError when the object may not be deleted at all (system namespaces). */
  admitDelete?(object: KubeObject): void;
}
