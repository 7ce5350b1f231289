import type http from 'node:http';
import type { Watch, WatchEvent } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';
import { WatchDecoder } from './watch-decoder.js';

/**
 * A watch over one streamed HTTP response: events are decoded as bytes arrive and yielded in
 * order; ERROR events are passed through as they are. Iteration ends when the server closes the
 * stream or `stop()` is called; a connection broken mid-stream or a malformed frame is thrown.
 * Iterate once.
 */
export class HttpWatch<T extends KubeObjectLike = KubeObjectLike> implements Watch<T> {
  private stopped = false;

  constructor(private readonly response: http.IncomingMessage) {}

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
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
