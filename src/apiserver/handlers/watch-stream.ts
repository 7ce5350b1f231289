import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../registry/generic/object.js';
import { drained } from '../http/json-list.js';
import { statusOf } from '../http/status.js';
import type { CacheWatcher } from '../watchcache/cache-watcher.js';
import type { WatchOutput } from '../watchcache/types.js';

/**
 * Streams a cache watcher to the client as newline-delimited `{"type":…,"object":…}` events
 * (chunked), until the watcher ends, the client goes away or `timeoutSeconds` pass.
 */
export async function streamWatch(
  res: ServerResponse,
  watcher: CacheWatcher<KubeObject>,
  bookmarkObject: (revision: number, initialEventsEnd: boolean) => Record<string, unknown>,
  /** An event object's JSON encoding: the object as is, or a one-row Table when the client asked for tables. */
  render: (object: KubeObject) => Buffer,
  timeoutSeconds: number | undefined,
): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const stop = (): void => watcher.close();
  res.once('close', stop);
  const timer = timeoutSeconds && timeoutSeconds > 0 ? setTimeout(stop, timeoutSeconds * 1000) : undefined;
  try {
    for await (const batch of watcher) {
      const bytes = Buffer.concat(batch.flatMap((output) => frame(output, bookmarkObject, render)));
      if (!res.write(bytes) && !res.destroyed) await drained(res);
      if (res.destroyed) break;
    }
  } finally {
    clearTimeout(timer);
    res.off('close', stop);
    if (!res.destroyed) res.end();
  }
}

/** One event's JSON line, `{"type":…,"object":…}\n`, as buffers (the object's encoding spliced in as rendered). */
function frame(output: WatchOutput<KubeObject>, bookmarkObject: (revision: number, end: boolean) => Record<string, unknown>, render: (object: KubeObject) => Buffer): Buffer[] {
  switch (output.type) {
    case 'BOOKMARK':
      return [Buffer.from(`${JSON.stringify({ type: 'BOOKMARK', object: bookmarkObject(output.revision, output.initialEventsEnd === true) })}\n`)];
    case 'ERROR':
      return [Buffer.from(`${JSON.stringify({ type: 'ERROR', object: statusOf(output.error) })}\n`)];
    default:
      return [EVENT_START[output.type], render(output.object.object), EVENT_END];
  }
}

const EVENT_START = { ADDED: Buffer.from('{"type":"ADDED","object":'), MODIFIED: Buffer.from('{"type":"MODIFIED","object":'), DELETED: Buffer.from('{"type":"DELETED","object":') };
const EVENT_END = Buffer.from('}\n');
