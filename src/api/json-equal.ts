import { isDeepStrictEqual } from 'node:util';

/** `value` as its JSON round trip: undefined members dropped, undefined and null read as null. */
export function asJSON(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

/**
 * Whether two values serialize to the same JSON, ignoring key order: absent and undefined fields
 * compare equal, as they do once stored. The one equality the registry and validation use for
 * "did this change" and "field is immutable".
 */
export function sameJSON(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(asJSON(a), asJSON(b));
}
