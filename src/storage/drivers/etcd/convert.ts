import type { IEvent, IKeyValue, IResponseHeader } from 'etcd3';
import { ExpiredError } from '../../../util/errors.js';
import type { KeyValue, WatchEvent } from '../../backend.js';

/** Keys are printable ASCII (see keys.ts), so latin1 maps them to etcd's bytes one to one. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/** A zero-copy Buffer view of a value, as the gRPC encoder wants it. */
export function valueBytes(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** etcd3 decodes int64 fields as decimal strings; revisions stay far below 2^53. */
export function revisionOf(header: IResponseHeader): number {
  return Number(header.revision);
}

export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('latin1'),
    // A plain Uint8Array view (not a Buffer), so callers see the same type from every driver.
    value: new Uint8Array(kv.value.buffer, kv.value.byteOffset, kv.value.byteLength),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/**
 * Converts one etcd watch event (requested with prev_kv). A put that created the key is 'create';
 * any other put is 'update'. etcd omits prev_kv when the previous revision was compacted before
 * the event was sent; that is reported as Expired rather than papered over.
 */
export function toWatchEvent(event: IEvent): WatchEvent {
  const kv = toKeyValue(event.kv);
  const revision = kv.modRevision;
  // etcd3 declares the enum names as 'Put' | 'Delete' but decodes the proto names PUT / DELETE.
  const isDelete = String(event.type).toUpperCase() === 'DELETE';
  if (!isDelete && kv.createRevision === revision) return { type: 'create', revision, kv };
  if (!event.prev_kv) {
    throw new ExpiredError(
      `the watch event for ${kv.key} at revision ${revision} lacks the previous value because etcd compacted it; list again to get a current revision`,
    );
  }
  const prev = toKeyValue(event.prev_kv);
  return isDelete ? { type: 'delete', revision, key: kv.key, prev } : { type: 'update', revision, kv, prev };
}
