import { isDeepStrictEqual } from 'node:util';

/** `value` as its JSON round trip: undefined members dropped, undefined and null read as null. */
export function asJSON(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

/**
 * Whether two values serialize to the same JSON, ignoring key order: absent and undefined fields
 * compare equal, as they do once stored. The one equality the registry and validation use for
 * "did this change" and "field is immutable".
 *
 * Same answer as comparing the JSON round trips (`asJSON`) of both, which it falls back to for
 * anything but plain data (class instances, objects with toJSON such as Dates, bigints); plain
 * data (what JSON.parse and spreads make) is compared in place, without serializing: this runs on
 * every update the API server stores.
 */
export function sameJSON(a: unknown, b: unknown): boolean {
  const [x, y] = [isOmitted(a) ? null : a, isOmitted(b) ? null : b];
  const same = compare(x, y);
  return same === UNSURE ? isDeepStrictEqual(asJSON(x), asJSON(y)) : same === SAME;
}

const DIFFERENT = 0;
const SAME = 1;
/** Not plain data: only the round trip knows. */
const UNSURE = 2;
type Outcome = typeof DIFFERENT | typeof SAME | typeof UNSURE;

/** What JSON.stringify drops from an object (and writes as null in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** `a` and `b` as JSON values (never undefined at this level: the caller maps omitted to null). */
function compare(a: unknown, b: unknown): Outcome {
  if (typeof a === 'number' && !Number.isFinite(a)) a = null;
  if (typeof b === 'number' && !Number.isFinite(b)) b = null;
  if (a === b) return typeof a === 'object' && a !== null && !Array.isArray(a) && !isPlainObject(a) ? UNSURE : SAME;
  if (typeof a === 'bigint' || typeof b === 'bigint') return UNSURE;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // Different primitives, or a primitive and an object: only an object serializing to a primitive (toJSON, boxed values) could match.
    if (typeof a === 'object' && a !== null && !Array.isArray(a) && !isPlainObject(a)) return UNSURE;
    if (typeof b === 'object' && b !== null && !Array.isArray(b) && !isPlainObject(b)) return UNSURE;
    return DIFFERENT;
  }
  const aArray = Array.isArray(a);
  const bArray = Array.isArray(b);
  if (aArray && bArray) return compareArrays(a as unknown[], b as unknown[]);
  if (!aArray && !isPlainObject(a)) return UNSURE;
  if (!bArray && !isPlainObject(b)) return UNSURE;
  if (aArray || bArray) return DIFFERENT;
  return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): Outcome {
  if (a.length !== b.length) return DIFFERENT;
  let outcome: Outcome = SAME;
  for (let i = 0; i < a.length; i++) {
    const x = isOmitted(a[i]) ? null : a[i];
    const y = isOmitted(b[i]) ? null : b[i];
    const same = compare(x, y);
    if (same === DIFFERENT) return DIFFERENT;
    if (same === UNSURE) outcome = UNSURE;
  }
  return outcome;
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): Outcome {
  let outcome: Outcome = SAME;
  let count = 0;
  for (const key of Object.keys(a)) {
    const x = a[key];
    if (isOmitted(x)) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(b, key)) return DIFFERENT;
    const y = b[key];
    if (isOmitted(y)) return DIFFERENT;
    const same = compare(x, y);
    if (same === DIFFERENT) return DIFFERENT;
    if (same === UNSURE) outcome = UNSURE;
  }
  for (const key of Object.keys(b)) if (!isOmitted(b[key])) count--;
  return count === 0 ? outcome : DIFFERENT;
}
