/**
 * upstream slowStartBatch: runs `fn` `count` times in batches of 1, 2, 4, … (starting at
 * `initialBatchSize`), all calls of a batch concurrently, and stops after the first batch with a
 * failure, so a controller that cannot create (quota, admission, bad template) tries once rather
 * than `count` times. Returns how many calls succeeded and the first error, if any.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<unknown>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}
