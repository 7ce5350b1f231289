import fastJsonPatch from 'fast-json-patch';
import { schemaType } from '../../api/schema/schema.js';
import { BadRequestError, StatusError, UnsupportedMediaTypeError } from '../../util/errors.js';

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

/**
 * Whether `patch` reaches a list that strategic merge treats differently from a merge patch (one
 * with a patch strategy, e.g. containers merged by name). Maps, scalars and atomic lists merge the
 * same way under both.
 */
function touchesStrategicList(typeName: string, patch: unknown): boolean {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return false;
  const type = schemaType(typeName);
  if (!type) return false;
  for (const [key, value] of Object.entries(patch)) {
    const field = type.jsonFields.get(key);
    if (!field || value === null) continue;
    if (field.collection === 'list' && field.patchStrategy) return true;
    if (field.collection === 'list' && 'ref' in field.type && Array.isArray(value) && value.some((v) => touchesStrategicList((field.type as { ref: string }).ref, v))) return true;
    if (field.collection === undefined && 'ref' in field.type && touchesStrategicList(field.type.ref, value)) return true;
    if (field.collection === 'map' && 'ref' in field.type) {
      const ref = field.type.ref;
      if (Object.values(value as Record<string, unknown>).some((v) => touchesStrategicList(ref, v))) return true;
    }
  }
  return false;
}

/**
 * Strategic merge patch. Where the patch only reaches maps, scalars and atomic lists it is exactly
 * a merge patch, which is what this applies (kubectl apply, label, annotate, edit of ConfigMaps,
 * Secrets, Namespaces, metadata…); a patch of a keyed list (containers, ports…) gets 415 until the
 * full algorithm lands.
 */
export function strategicMergePatch(typeName: string, target: unknown, patch: unknown): unknown {
  if (touchesStrategicList(typeName, patch)) {
    throw new UnsupportedMediaTypeError(`strategic merge patch is not supported yet for ${typeName.split('.').pop()}; use --type=merge or --type=json`);
  }
  if (hasDirective(patch)) {
    throw new UnsupportedMediaTypeError('strategic merge patch directives ($patch, $setElementOrder, $retainKeys…) are not supported yet; use --type=merge or --type=json');
  }
  return mergePatch(target, patch);
}

function hasDirective(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDirective);
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.startsWith('$') || hasDirective(v));
}
