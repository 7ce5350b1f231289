/**
 * Watch fan-out through the API server: many HTTP watchers on one namespace's pods, each its own
 * connection (like one informer per node agent), and the latency from sending a create to each
 * watcher receiving its ADDED event.
 */
import { request, type ClientRequest } from 'node:http';
import { percentile } from './measure.js';

export interface FanOut {
  /** Registers a create about to be sent for `name` (call right before sending it). */
  sent(name: string): void;
  /** Resolves once every watcher has received every registered name, or rejects after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void>;
  /** Latency percentiles (ms) over every (watcher, event) pair so far. */
  latency(): { p50: number; p99: number };
  /** Every (watcher, event) latency so far, ms. */
  readonly samples: readonly number[];
  close(): void;
}

/** Opens `count` watches on `path` (a watch URL with resourceVersion) and resolves once all are connected. */
export async function openWatchers(port: number, path: string, count: number, namePattern: RegExp): Promise<FanOut> {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const received = new Map<string, number>();
  const requests: ClientRequest[] = [];
  let waiting: (() => void) | undefined;
  const expectedTotal = (): number => sentAt.size * count;
  const onName = (name: string): void => {
    const start = sentAt.get(name);
    if (start === undefined) return;
    samples.push(performance.now() - start);
    received.set(name, (received.get(name) ?? 0) + 1);
    if (samples.length >= expectedTotal()) waiting?.();
  };
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          // agent: false — each watcher holds its own socket, as separate clients would.
          const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
            if (res.statusCode !== 200) reject(new Error(`watch answered ${res.statusCode}`));
            resolve();
            let rest = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              const lines = (rest + chunk).split('\n');
              rest = lines.pop()!;
              // Only ADDED events carry a new name; a regex keeps the client's CPU share small.
              for (const line of lines) if (line.startsWith('{"type":"ADDED"')) onName(namePattern.exec(line)?.[1] ?? '');
            });
            res.on('error', () => undefined);
          });
          req.on('error', reject);
          req.end();
          requests.push(req);
        }),
    ),
  );
  return {
    sent: (name) => sentAt.set(name, performance.now()),
    drained: (timeoutMs) =>
      samples.length >= expectedTotal()
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`only ${samples.length} of ${expectedTotal()} watch events arrived`)), timeoutMs);
            waiting = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
    latency: () => ({ p50: percentile(samples, 50), p99: percentile(samples, 99) }),
    samples,
    close: () => {
      for (const req of requests) req.destroy();
    },
  };
}
