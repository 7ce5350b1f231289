/**
 * Pod start cost of the process runtime: runPodSandbox, createContainer, startContainer (until the
 * command runs) for N pods one after another, then teardown. Prints p50/p99 per phase.
 * Run: node dist/bench/process-runtime-start.js [N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerConfig, sandboxConfig } from '../src/kubelet/runtime/harness.js';
import { ProcessRuntime } from '../src/kubelet/runtime/process/process-runtime.js';

const n = Number(process.argv[2] ?? 30);
const root = mkdtempSync(join(tmpdir(), 'kts-bench-rt-'));
const rt = new ProcessRuntime({ rootDir: root, nodeIP: '127.0.0.1' });
await rt.recover();
const phases: Record<string, number[]> = { sandbox: [], create: [], start: [], total: [], 'bare spawn': [] };
// Warm-up: builds the busybox root filesystem once.
{
  const cfg = sandboxConfig(root, 'warm');
  const sb = await rt.runPodSandbox(cfg);
  await rt.createContainer(sb, containerConfig(cfg, 'c', ['sleep', '3600']));
  await rt.removePodSandbox(sb);
}
for (let i = 0; i < n; i++) {
  const cfg = sandboxConfig(root, `p${i}`);
  const t0 = performance.now();
  const sb = await rt.runPodSandbox(cfg);
  const t1 = performance.now();
  const id = await rt.createContainer(sb, containerConfig(cfg, 'c', ['sleep', '3600']));
  const t2 = performance.now();
  await rt.startContainer(id);
  const t3 = performance.now();
  phases['sandbox']!.push(t1 - t0);
  phases['create']!.push(t2 - t1);
  phases['start']!.push(t3 - t2);
  phases['total']!.push(t3 - t0);
  // Reference in the same run: one bare spawn of busybox sh until its first output line.
  const b0 = performance.now();
  await new Promise<void>((resolve) => {
    const child = spawn('/bin/busybox', ['sh', '-c', 'echo ready'], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => resolve());
  });
  phases['bare spawn']!.push(performance.now() - b0);
}
const pct = (xs: number[], p: number): string => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1);
console.log(`process runtime (${rt.isolation ? 'isolated' : 'unprivileged'}), ${n} pods, ms`);
console.log('phase        p50    p99');
for (const [k, xs] of Object.entries(phases)) console.log(`${k.padEnd(11)} ${pct(xs, 50).padStart(5)} ${pct(xs, 99).padStart(6)}`);
for (const s of await rt.listPodSandboxes()) await rt.removePodSandbox(s.id);
rt.dispose();
rmSync(root, { recursive: true, force: true });
