import type { KubeObject } from './object.js';

/**
 * How objects are kept in the store: JSON without `metadata.resourceVersion`, which is the
 * store's revision and is stamped on every object read. The one codec for every writer and
 * reader of registry keys (the generic store, storage-level updates such as pods' binding, and
 * registry code reading another resource's objects).
 */
export function encodeStored(object: KubeObject): Uint8Array {
  if (object.metadata.resourceVersion === undefined) return Buffer.from(JSON.stringify(object)); // creates: nothing to leave out
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return Buffer.from(JSON.stringify({ ...object, metadata }));
}

/** A stored value as an object, with `revision` as its resourceVersion. */
export function decodeStored(value: Uint8Array, revision: number): KubeObject {
  const object = JSON.parse(Buffer.from(value).toString('utf8')) as KubeObject;
  object.metadata.resourceVersion = String(revision);
  return object;
}
