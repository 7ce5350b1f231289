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

/** JSON patch (RFC 6902) with fast-json-patch; a failing operation is a 422 like upstream's. */
export function jsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new BadRequestError('the JSON patch must be an array of operations');
  try {
    return fastJsonPatch.applyPatch(structuredClone(target), patch as fastJsonPatch.Operation[], true, false).newDocument;
  } catch (err) {
    throw new StatusError('Invalid', 422, `the server rejected our request due to an error in our request: ${(err as Error).message.split('\n')[0]}`);
  }
}
