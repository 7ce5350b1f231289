import type { KubeObjectLike } from '../object.js';
import type { WatchEvent } from '../lister-watcher.js';

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * Incremental decoder of a watch stream: newline-delimited JSON `{type, object}` frames that may be
 * split across (or packed into) arbitrary chunks, including inside multi-byte UTF-8 characters.
 * `push` returns the events completed by a chunk; `end` checks nothing is left half-sent.
 */
export class WatchDecoder<T extends KubeObjectLike = KubeObjectLike> {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private pending = '';

  push(chunk: Uint8Array): WatchEvent<T>[] {
    this.pending += this.utf8.decode(chunk, { stream: true });
    const events: WatchEvent<T>[] = [];
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      if (line.trim() !== '') events.push(parseEvent<T>(line));
    }
    return events;
  }

  /** Ends the stream: a final frame without newline is accepted, a truncated one is an error. */
  end(): WatchEvent<T>[] {
    const rest = (this.pending + this.utf8.decode()).trim();
    this.pending = '';
    return rest === '' ? [] : [parseEvent<T>(rest)];
  }
}

/** Parses one frame; throws on anything that is not a watch event. */
export function parseEvent<T extends KubeObjectLike>(line: string): WatchEvent<T> {
  let frame: unknown;
  try {
    frame = JSON.parse(line);
  } catch (err) {
    throw new Error(`malformed watch event: ${line.slice(0, 200)}`, { cause: err });
  }
  const event = frame as { type?: unknown; object?: unknown };
  if (
    typeof frame !== 'object' ||
    frame === null ||
    typeof event.type !== 'string' ||
    !EVENT_TYPES.has(event.type) ||
    typeof event.object !== 'object' ||
    event.object === null
  ) {
    throw new Error(`malformed watch event: ${line.slice(0, 200)}`);
  }
  return frame as WatchEvent<T>;
}
