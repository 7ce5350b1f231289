import { Buffer } from 'node:buffer';
import { BadRequestError } from '../../util/errors.js';

/**
 * List continuation tokens as upstream encodes them (base64 of
 * `{"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after the prefix>"}`), so clients that
 * inspect them behave the same.
 */
export interface ContinueToken {
  revision: number;
  /** Where the next page starts, relative to the resource's key prefix. */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.revision, start: token.start })).toString('base64');
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (parsed.v === 'meta.k8s.io/v1' && Number.isSafeInteger(parsed.rv) && (parsed.rv as number) > 0 && typeof parsed.start === 'string') {
      return { revision: parsed.rv as number, start: parsed.start };
    }
  } catch {
    // fall through
  }
  throw new BadRequestError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}
