/** Measurement primitives shared by benchmarks. */

/** Runs `op` from `concurrency` workers for `durationMs`; returns completed operations per second. */
export async function throughput(concurrency: number, durationMs: number, op: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const deadline = started + durationMs;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await op(worker, i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Milliseconds one call of `fn` takes (best of `runs`, after one warm-up). */
export async function bestTime(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Prints rows as a Markdown table (pasteable into the README). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Progress on stderr, so stdout carries only the results. */
export function progress(message: string): void {
  process.stderr.write(`… ${message}\n`);
}
