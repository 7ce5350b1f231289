import type http from 'node:http';
import type { Watch, WatchEvent } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';
import { WatchDecoder } from './watch-decoder.js';

/**
 * A watch over one streamed HTTP response: events are decoded as bytes arrive and yielded in
 * order; ERROR events are passed through as they are. Iteration ends when the server closes the
 * stream, `stop()` is called or `signal` aborts; a connection broken mid-stream or a malformed
 * frame is thrown. Iterate once.
 */
export class HttpWatch<T extends KubeObjectLike = KubeObjectLike> implements Watch<T> {
  private stopped = false;
  private readonly onAbort = (): void => this.stop();

  constructor(
    private readonly response: http.IncomingMessage,
    private readonly signal?: AbortSignal,
  ) {
    if (signal?.aborted) this.stop();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.response.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    const decoder = new WatchDecoder<T>();
    try {
      for await (const chunk of this.response) {
        for (const event of decoder.push(chunk as Buffer)) {
          if (this.stopped) return;
          yield event;
        }
        if (this.stopped) return;
      }
      if (!this.response.complete && !this.stopped) throw new Error('watch stream broken off by the server');
      for (const event of decoder.end()) yield event;
    } catch (err) {
      if (this.stopped) return;
      throw err;
    } finally {
      this.stop();
    }
  }
}
