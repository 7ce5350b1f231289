/** The involved-object reference of an event (model: client-go's tools/reference.GetReference). */
import type { KubeObjectLike } from '../object.js';
import type { ObjectReference } from './types.js';

/**
 * The reference to `object`: an ObjectReference as is, or kind, namespace, name, uid, apiVersion
 * and resourceVersion of an API object. Throws when the object lacks its kind or apiVersion
 * (upstream would look them up in its scheme; a TypeScript client has none).
 */
export function referenceTo(object: KubeObjectLike | ObjectReference): ObjectReference {
  if (!isApiObject(object)) return { ...object };
  const { kind, apiVersion, metadata } = object;
  if (!kind || !apiVersion) throw new Error(`the object ${metadata.name ?? ''} has no kind or apiVersion`);
  const ref: ObjectReference = { kind, apiVersion };
  if (metadata.namespace) ref.namespace = metadata.namespace;
  if (metadata.name) ref.name = metadata.name;
  if (metadata.uid) ref.uid = metadata.uid;
  if (metadata.resourceVersion) ref.resourceVersion = metadata.resourceVersion;
  return ref;
}

function isApiObject(object: KubeObjectLike | ObjectReference): object is KubeObjectLike {
  return typeof (object as KubeObjectLike).metadata === 'object' && (object as KubeObjectLike).metadata !== null;
}
