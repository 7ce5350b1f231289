import { forbidden, invalid, tooLong, type FieldError } from '../field-errors.js';
import { validateLabels } from '../labels/validation.js';
import { isDNS1123Label, isQualifiedName } from './names.js';

/** What ObjectMeta validation reads (a subset of metav1.ObjectMeta). */
export interface MetaForValidation {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
}

/** Upstream's TotalAnnotationSizeLimitB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/**
 * ValidateObjectMeta (k8s.io/apimachinery/pkg/api/validation/objectmeta.go): the name by the
 * resource's rule (`nameRule` returns upstream's messages), the namespace as a DNS-1123 label for
 * namespaced resources, labels, annotation keys and total size, finalizer names.
 */
export function validateObjectMeta(meta: MetaForValidation, namespaced: boolean, nameRule: (name: string) => string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const msg of nameRule(meta.name ?? '')) errors.push(invalid('metadata.name', meta.name ?? '', msg));
  if (namespaced) for (const msg of isDNS1123Label(meta.namespace ?? '')) errors.push(invalid('metadata.namespace', meta.namespace ?? '', msg));
  errors.push(...validateLabels(meta.labels, 'metadata.labels'));
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    for (const msg of isQualifiedName(key.toLowerCase())) errors.push(invalid('metadata.annotations', key, msg));
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) errors.push(tooLong('metadata.annotations', '', TOTAL_ANNOTATION_SIZE_LIMIT));
  (meta.finalizers ?? []).forEach((finalizer, i) => {
    for (const msg of isQualifiedName(finalizer)) errors.push(invalid(`metadata.finalizers[${i}]`, finalizer, msg));
  });
  return errors;
}

/** ValidateObjectMetaUpdate's finalizer rule: an object being deleted gains no new finalizers. */
export function validateObjectMetaUpdate(meta: MetaForValidation, old: MetaForValidation): FieldError[] {
  if (old.deletionTimestamp === undefined) return [];
  const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
  if (added.length === 0) return [];
  return [forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`)];
}
