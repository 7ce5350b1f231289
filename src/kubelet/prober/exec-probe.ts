/** The exec probe action (model: pkg/probe/exec and the kubelet's RunInContainer over CRI ExecSync). */
import type { Runtime } from '../runtime/runtime.js';
import { goQuote } from '../go-format.js';
import type { ActionResult } from './types.js';

/** Bytes of combined output kept (upstream maxReadLength). */
export const MAX_EXEC_OUTPUT_BYTES = 10 * 1024;

/** What exec probes need of the runtime. */
export type ExecRunner = Pick<Runtime, 'execSync'>;

/**
 * Runs `command` in the container through ExecSync with `timeoutMs`: exit 0 succeeds, another
 * exit code fails, both with stdout then stderr (at most 10 KiB) as output; a timeout fails with
 * `command "<cmd joined by spaces>" timed out`. Rejects when the runtime cannot run it at all
 * (unknown container, not running), which upstream reports as a probe error.
 */
export async function runExecProbe(runner: ExecRunner, containerId: string, command: string[], timeoutMs: number): Promise<ActionResult> {
  const result = await runner.execSync(containerId, command, timeoutMs);
  if (result.timedOut) return { outcome: 'failure', output: `command ${goQuote(command.join(' '))} timed out` };
  const output = Buffer.concat([result.stdout, result.stderr]).subarray(0, MAX_EXEC_OUTPUT_BYTES).toString('utf8');
  return { outcome: result.exitCode === 0 ? 'success' : 'failure', output };
}
