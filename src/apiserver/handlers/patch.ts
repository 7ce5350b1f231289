import fastJsonPatch from 'fast-json-patch';
import { BadRequestError, StatusError } from '../../util/errors.js';

/**
 * JSON merge patch (RFC 7386). Hand-written: it is ten lines, and the packages for it are
 * unmaintained.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * JSON patch (RFC 6902) with fast-json-patch. As upstream: a body that is not a list of operations
 * is a 400 with Go's decoding message; an operation that cannot be applied (a failed `test`, a
 * missing path, an unknown op) is the generic 422 of apierrors.NewGenericServerResponse, whose
 * message does not carry the cause, with empty details.
 */
export function jsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new BadRequestError(`json: cannot unmarshal ${goJSONKind(patch)} into Go value of type jsonpatch.Patch`);
  try {
    return fastJsonPatch.applyPatch(structuredClone(target), patch as fastJsonPatch.Operation[], true, false).newDocument;
  } catch (err) {
    throw new StatusError('Invalid', 422, 'the server rejected our request due to an error in our request', { cause: err, details: {} });
  }
}

/** How Go's encoding/json names a JSON value's kind in an UnmarshalTypeError. */
function goJSONKind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // object, string, number
}
