/** `npm run bench -- <name>`: runs one benchmark, or all without a name. */
import { runApiBenchmark } from './api.js';
import { runKubeletBenchmark } from './kubelet.js';
import { runSchedulerBenchmark } from './scheduler.js';
import { runSchedulerCycleBenchmark } from './scheduler-cycle.js';
import { runStartupBenchmark } from './startup.js';
import { runStorageBenchmark } from './storage.js';
import { runWatchCacheBenchmark } from './watchcache.js';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  storage: runStorageBenchmark,
  api: runApiBenchmark,
  watchcache: runWatchCacheBenchmark,
  kubelet: runKubeletBenchmark,
  scheduler: runSchedulerBenchmark,
  'scheduler-cycle': runSchedulerCycleBenchmark,
  startup: runStartupBenchmark,
};

const names = process.argv.slice(2);
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) await BENCHMARKS[name]!();
