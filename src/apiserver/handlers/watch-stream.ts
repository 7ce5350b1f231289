import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../registry/generic/object.js';
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
  /** How an event's object is sent: as is, or as a one-row Table when the client asked for tables. */
  render: (object: KubeObject) => unknown,
  timeoutSeconds: number | undefined,
): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const stop = (): void => watcher.close();
  res.once('close', stop);
  const timer = timeoutSeconds && timeoutSeconds > 0 ? setTimeout(stop, timeoutSeconds * 1000) : undefined;
  try {
    for await (const batch of watcher) {
      const text = batch.map((output) => `${JSON.stringify(frame(output, bookmarkObject, render))}\n`).join('');
      if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve));
      if (res.destroyed) break;
    }
  } finally {
    clearTimeout(timer);
    res.off('close', stop);
    if (!res.destroyed) res.end();
  }
}

function frame(output: WatchOutput<KubeObject>, bookmarkObject: (revision: number, end: boolean) => Record<string, unknown>, render: (object: KubeObject) => unknown): unknown {
  switch (output.type) {
    case 'BOOKMARK':
      return { type: 'BOOKMARK', object: bookmarkObject(output.revision, output.initialEventsEnd === true) };
    case 'ERROR':
      return { type: 'ERROR', object: statusOf(output.error) };
    default:
      return { type: output.type, object: render(output.object.object) };
  }
}
