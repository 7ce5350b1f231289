/**
 * Pod template identity: the pod-template-hash a Deployment names and labels its ReplicaSets
 * with (model: pkg/controller controller_utils.go ComputeHash) and the template equality that
 * decides which ReplicaSet is the "new" one (deploymentutil.EqualIgnoreHash).
 *
 * The hash is FNV-32a over the template's canonical JSON (keys sorted, empty values dropped),
 * then, when the deployment has a collisionCount, its 4 little-endian bytes padded to 8 (as
 * upstream), rendered as the decimal of the 32-bit sum through SafeEncodeString's alphabet. Go
 * hashes its own struct dump, so values differ from upstream's; they are stable across processes
 * and restarts, and use upstream's alphabet (no vowels, no confusable characters).
 */
import { isDeepStrictEqual } from 'node:util';
import { POD_TEMPLATE_HASH_LABEL, type PodTemplateSpec } from './types.js';

/** k8s.io/apimachinery/pkg/util/rand's alphanums. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character mapped to SAFE_ALPHABET by its code. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, continuing from `hash`. */
export function fnv32a(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** The pod-template-hash of `template` (without any hash label) and the collision count. */
export function computeHash(template: PodTemplateSpec, collisionCount: number | undefined): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJSON(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

/**
 * EqualIgnoreHash: the templates are semantically equal once their pod-template-hash labels are
 * removed. Semantic as apimachinery's equality: nil and empty maps or lists are equal; null and
 * absent fields are equal.
 */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return isDeepStrictEqual(normalized(withoutHashLabel(a)), normalized(withoutHashLabel(b)));
}

/** A copy of `template` without the pod-template-hash label. */
export function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** A copy of `template` with `pod-template-hash: hash` added to its labels. */
export function withHashLabel(template: PodTemplateSpec, hash: string): PodTemplateSpec {
  const copy = structuredClone(template);
  copy.metadata = { ...(copy.metadata ?? {}), labels: { ...(copy.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  return copy;
}

/** JSON with sorted keys of the normalized value (the hash input). */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(normalized(value) ?? null);
}

/**
 * `value` with null/undefined members, empty objects and empty arrays dropped, recursively, and
 * object keys sorted. Empty objects count as absent because a JSON object may be a Go map (nil
 * and empty are equal) and an empty struct pointer carries nothing a pod template depends on.
 */
function normalized(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => normalized(v) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalized((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
