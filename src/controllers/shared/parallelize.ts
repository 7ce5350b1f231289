/**
 * Runs `fn` over `items` with at most `workers` calls in flight (model: client-go's
 * workqueue.ParallelizeUntil). Resolves when every call settled; a rejected call does not stop the
 * others and is not reported (callers log their own failures inside `fn`).
 */
export async function parallelize<T>(items: readonly T[], workers: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, workers), items.length) }, worker));
}
