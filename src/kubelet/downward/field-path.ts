/**
 * Pod fields exposed through the downward API (model: pkg/fieldpath and
 * pkg/apis/core/pods ConvertDownwardAPIFieldLabel). Env vars use `podFieldValue` (which also knows
 * node and status fields); downwardAPI volume files use `extractFieldPathAsString` (metadata only).
 */
import { isQualifiedName } from '../../api/validation/names.js';
import { goQuote } from '../../api/validation/go-quote.js';
import type { PodLike } from '../env/sources.js';

/** Splits `metadata.labels['key']` into its path and subscript (upstream SplitMaybeSubscriptedPath). */
export function splitMaybeSubscriptedPath(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const trimmed = fieldPath.slice(0, -2);
  const open = trimmed.indexOf("['");
  if (open <= 0) return undefined;
  return { path: trimmed.slice(0, open), subscript: trimmed.slice(open + 2) };
}

/** `key="value"` lines sorted by key, values Go-quoted (upstream FormatMap). */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${goQuote(map![key]!)}`)
    .join('\n');
}

/** The metadata fields of a pod by field path (upstream ExtractFieldPathAsString). */
export function extractFieldPathAsString(pod: PodLike, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const sub = splitMaybeSubscriptedPath(fieldPath);
  if (sub) {
    if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') {
      const annotations = sub.path === 'metadata.annotations';
      const errs = isQualifiedName(annotations ? sub.subscript.toLowerCase() : sub.subscript);
      if (errs.length > 0) throw new Error(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
      return (annotations ? meta.annotations : meta.labels)?.[sub.subscript] ?? '';
    }
    throw new Error(`fieldPath ${goQuote(fieldPath)} does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

/** upstream ConvertDownwardAPIFieldLabel for pods: checks the version and the label, maps `spec.host`. */
export function convertDownwardAPIFieldLabel(apiVersion: string, label: string): string {
  if (apiVersion !== 'v1') throw new Error(`unsupported pod version: ${apiVersion}`);
  const sub = splitMaybeSubscriptedPath(label);
  if (sub) {
    if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (SUPPORTED_LABELS.has(label)) return label;
  if (label === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${label}`);
}

const SUPPORTED_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** The node- and runtime-derived values an env fieldRef may read. */
export interface PodRuntimeIPs {
  podIPs: readonly string[];
  hostIPs: readonly string[];
}

/** The value of an env var's fieldRef (upstream kubelet podFieldSelectorRuntimeValue). */
export function podFieldValue(pod: PodLike, apiVersion: string | undefined, fieldPath: string, ips: PodRuntimeIPs): string {
  const path = convertDownwardAPIFieldLabel(apiVersion || 'v1', fieldPath);
  switch (path) {
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return hostIPs(ips)[0]!;
    case 'status.hostIPs':
      return hostIPs(ips).join(',');
    case 'status.podIP':
      return ips.podIPs[0] ?? '';
    case 'status.podIPs':
      return ips.podIPs.join(',');
  }
  return extractFieldPathAsString(pod, path);
}

function hostIPs(ips: PodRuntimeIPs): readonly string[] {
  if (ips.hostIPs.length === 0) throw new Error('host IP unknown; known addresses: []');
  return ips.hostIPs;
}
