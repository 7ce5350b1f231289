import type { FieldSet } from './field-set.js';
import type { TypeNode } from './type-node.js';
import { compare, toFieldSet } from './walk.js';

/**
 * kubectl's client-side apply annotation, as the apiserver's lastAppliedManager and
 * lastAppliedUpdater treat it when `kubectl apply --server-side` (manager `kubectl`) takes over
 * an object that was applied client-side.
 */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manager whose applies keep the annotation in step (upstream: only kubectl's default). */
export const KUBECTL_MANAGER = 'kubectl';

type JsonObject = Record<string, unknown>;

function annotations(object: JsonObject): Record<string, string> | undefined {
  return (object['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations;
}

/**
 * Fields an apply may take over without a conflict (upstream allowedConflictsFromLastApplied):
 * those the last client-side apply set and that still have the value it set. Undefined when the
 * object has no (readable) annotation.
 */
export function allowedConflictsFromLastApplied(live: JsonObject, node: TypeNode): FieldSet | undefined {
  const text = annotations(live)?.[LAST_APPLIED];
  if (!text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (lastApplied === null || typeof lastApplied !== 'object' || Array.isArray(lastApplied)) return undefined;
  const same = toFieldSet(lastApplied, node).intersection(toFieldSet(live, node));
  return same.difference(compare(lastApplied, live, node).modified);
}

/**
 * After a kubectl server-side apply, an object that carries the annotation gets it rewritten to
 * the applied configuration (upstream lastAppliedUpdater), so a later client-side apply computes
 * its patch from what was really applied last.
 */
export function syncLastApplied(object: JsonObject, config: JsonObject): void {
  const current = annotations(object);
  if (current?.[LAST_APPLIED] === undefined) return;
  const meta = object['metadata'] as JsonObject;
  const copy = structuredClone(config);
  const copied = copy['metadata'] as { annotations?: Record<string, string> } | undefined;
  if (copied?.annotations) {
    delete copied.annotations[LAST_APPLIED];
    if (Object.keys(copied.annotations).length === 0) delete copied.annotations;
  }
  // A new map: the merged object may share the live object's.
  object['metadata'] = { ...meta, annotations: { ...current, [LAST_APPLIED]: sortedJSON(copy) } };
}

/** JSON with object keys sorted, as Go encodes unstructured objects. */
function sortedJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJSON).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as JsonObject)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJSON(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
