import { BadRequestError } from '../../util/errors.js';
import { goString, goTypeName, isObject, type JsonObject } from './json.js';

/**
 * The directives of a strategic merge patch (upstream `strategicpatch` constants), and the errors
 * their misuse gets, worded as upstream words them (all are 400 Bad Request here).
 */
export const PATCH = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const SET_ELEMENT_ORDER = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/** Whether `key` is a directive rather than a field (`$ref` and other `$` field names are fields). */
export function isDirective(key: string): boolean {
  return key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

/** The field a parallel-list directive (`<prefix>/<field>`) is about. */
export function directiveField(key: string, prefix: typeof SET_ELEMENT_ORDER | typeof DELETE_FROM_PRIMITIVE_LIST): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw new BadRequestError(prefix === SET_ELEMENT_ORDER ? 'invalid patch format of setElementOrder list' : 'invalid patch format of primitive list');
  }
  return key.slice(slash + 1);
}

function noMergeKeyError(item: JsonObject, mergeKey: string): BadRequestError {
  return new BadRequestError(`map: ${goString(item)} does not contain declared merge key: ${mergeKey}`);
}

export function badArgTypeError(expected: 'map' | 'list', actual: unknown): BadRequestError {
  return new BadRequestError(`expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`);
}

export function unknownPatchTypeError(directive: unknown, item: JsonObject): BadRequestError {
  return new BadRequestError(`unknown patch type: ${goString(directive)} in map: ${goString(item)}`);
}

/** The merge key's value of a keyed list item; items must be objects carrying the key. */
export function mergeKeyOf(item: unknown, mergeKey: string): unknown {
  if (!isObject(item)) throw badArgTypeError('map', item);
  if (!Object.hasOwn(item, mergeKey)) throw noMergeKeyError(item, mergeKey);
  return item[mergeKey];
}
