import { BadRequestError } from '../util/errors.js';

/**
 * Keys are printable ASCII (0x21–0x7e), so that JavaScript string order, SQLite's BINARY collation
 * and etcd's byte order agree and every driver lists keys in the same order. Kubernetes keys
 * (`/registry/<resource>/<namespace>/<name>`) always are.
 */
const KEY_PATTERN = /^[\x21-\x7e]+$/;
export const MAX_KEY_BYTES = 4096;

export function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_BYTES || !KEY_PATTERN.test(key)) {
    throw new BadRequestError(
      `invalid storage key ${JSON.stringify(key.slice(0, 100))}: keys are 1–${MAX_KEY_BYTES} printable ASCII characters without spaces`,
    );
  }
}

/** The smallest key greater than every key starting with `prefix` (etcd's range end). */
export function prefixEnd(prefix: string): string {
  if (prefix === '') return '\x7f';
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** The `startKey` that continues a list after `lastKey` (the next possible key). */
export function keyAfter(lastKey: string): string {
  return `${lastKey}\x00`;
}
