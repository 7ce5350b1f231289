import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `read` until `done` accepts its value (returned), or fails after `timeoutMs` with the
 * last value seen, so a failing test shows what the state was.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = last === undefined ? `error: ${String(lastError)}` : JSON.stringify(last).slice(0, 4000);
      throw new Error(`condition not reached within ${timeoutMs} ms; last seen: ${seen}`);
    }
    await sleep(intervalMs);
  }
}
