/**
 * Runs a container's postStart or preStop handler (model: pkg/kubelet/lifecycle/handlers.go):
 * exec through the runtime's ExecSync, httpGet with the probes' client (User-Agent
 * `kube-lifecycle/1.32`; any HTTP answer counts as success, as upstream, which checks no status
 * code), sleep for `seconds`. A failure resolves to upstream's message, which the core logs and
 * turns into `FailedPostStartHook` (then kills the container) or `FailedPreStopHook`; upstream's
 * events say only `PostStartHook failed` / `PreStopHook failed` so that secrets in the output do
 * not leak.
 *
 * Cancellation: `signal` (e.g. the end of the grace period for preStop) ends an httpGet or sleep
 * hook at once and stops waiting for an exec hook (the command itself ends with the container).
 */
import type { ContainerLike, HandlerLike } from '../../api/validation/pod/shapes.js';
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import { podRef, runtimeContainerId } from '../container-ref.js';
import type { ExecRunner } from '../prober/exec-probe.js';
import { formatPod, goQuote, goStrings, joinHostPort } from '../go-format.js';
import { httpGet, HttpGetError, newRequestForHTTPGetAction, type HttpGetRequest } from '../prober/http-get.js';
import { isHttpResponseToHttpsText } from '../prober/net-errors.js';
import type { ProbeEventRecorder } from '../prober/prober.js';
import type { ProbePod } from '../prober/types.js';

export interface HookFailure {
  /** Upstream's message, e.g. `Exec lifecycle hook ([sh -c exit 1]) for Container "c" in Pod "p_ns(uid)" failed - error: …, message: "…"`. */
  message: string;
  error: Error;
}

export interface LifecycleHandlerRunnerOptions {
  runner: ExecRunner;
  /** The pod's IP for httpGet hooks without a host (upstream asks the runtime for the sandbox's IP). */
  podIP(pod: ProbePod): string | undefined | Promise<string | undefined>;
  /** Receives `Warning LifecycleHTTPFallback` when an HTTPS hook got a plain HTTP answer and HTTP worked. */
  recorder: ProbeEventRecorder;
  /** Times sleep hooks. */
  clock?: Clock;
}

export class LifecycleHandlerRunner {
  private readonly clock: Clock;

  constructor(private readonly options: LifecycleHandlerRunnerOptions) {
    this.clock = options.clock ?? realClock;
  }

  /** Runs `handler` for the container `containerID` (`<runtime>://<id>` or the bare id); resolves to undefined on success. */
  async run(containerID: string, pod: ProbePod, container: ContainerLike, handler: HandlerLike, signal?: AbortSignal): Promise<HookFailure | undefined> {
    const where = `for Container ${goQuote(container.name ?? '')} in Pod ${goQuote(formatPod(pod))} failed`;
    if (handler.exec) {
      const command = handler.exec.command ?? [];
      const { error, output } = await this.runExec(runtimeContainerId(containerID), command, signal);
      if (!error) return undefined;
      return { error, message: `Exec lifecycle hook (${goStrings(command)}) ${where} - error: ${error.message}, message: ${goQuote(output)}` };
    }
    if (handler.httpGet) {
      const error = await this.runHttp(pod, container, handler, signal);
      if (!error) return undefined;
      return { error, message: `HTTP lifecycle hook (${handler.httpGet.path ?? ''}) ${where} - error: ${error.message}` };
    }
    if (handler.sleep) {
      const seconds = handler.sleep.seconds ?? 0;
      const error = await this.runSleep(seconds, signal);
      if (!error) return undefined;
      return { error, message: `Sleep lifecycle hook (${seconds}) ${where} - error: ${error.message}` };
    }
    const error = new Error(`invalid handler: ${JSON.stringify(handler)}`);
    return { error, message: `Cannot run handler: ${error.message}` };
  }

  /** ExecSync without a timeout (0, as upstream's RunInContainer for hooks); output is stdout then stderr. */
  private async runExec(id: string, command: string[], signal?: AbortSignal): Promise<{ error?: Error; output: string }> {
    try {
      const result = await abortable(this.options.runner.execSync(id, command, 0), signal);
      const output = Buffer.concat([result.stdout, result.stderr]).toString('utf8');
      if (result.timedOut) return { error: new Error(`command ${goQuote(command.join(' '))} timed out`), output };
      if (result.exitCode !== 0) {
        return { error: new Error(`command '${command.join(' ')}' exited with ${result.exitCode}: ${result.stderr.toString('utf8')}`), output };
      }
      return { output };
    } catch (err) {
      return { error: err instanceof Error ? err : new Error(String(err)), output: '' };
    }
  }

  private async runHttp(pod: ProbePod, container: ContainerLike, handler: HandlerLike, signal?: AbortSignal): Promise<Error | undefined> {
    const action = handler.httpGet!;
    let podIP = action.host ?? '';
    if (!podIP) {
      podIP = (await this.options.podIP(pod)) ?? '';
      if (!podIP) return new Error(`failed to find networking container: pod ${formatPod(pod)} has no IP`);
    }
    let request: HttpGetRequest;
    try {
      request = newRequestForHTTPGetAction(action, container, podIP, 'lifecycle');
    } catch (err) {
      return err as Error;
    }
    const first = await send(request, signal);
    if (!first || !(first instanceof HttpGetError) || !isHttpResponseToHttpsText(first.reason)) return first;
    // An HTTPS hook answered by plain HTTP: retry over HTTP without the Authorization header.
    const headers = new Map(request.headers);
    headers.delete('Authorization');
    const retry: HttpGetRequest = { ...request, scheme: 'http', url: request.url.replace(/^https:/, 'http:'), headers };
    if (await send(retry, signal)) return first;
    this.options.recorder.event(podRef(pod), 'Warning', 'LifecycleHTTPFallback',
      `request to HTTPS lifecycle hook ${joinHostPort(request.host, request.port)} got HTTP response, retry with HTTP succeeded`);
    return undefined;
  }

  private runSleep(seconds: number, signal?: AbortSignal): Promise<Error | undefined> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve(new Error('container terminated before sleep hook finished'));
        return;
      }
      const onAbort = (): void => {
        timer.cancel();
        resolve(new Error('container terminated before sleep hook finished'));
      };
      const timer = this.clock.setTimer(seconds * 1000, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(undefined);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

async function send(request: HttpGetRequest, signal?: AbortSignal): Promise<Error | undefined> {
  try {
    await httpGet(request, signal ? { signal } : {});
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

/** `promise`, or a rejection with `context canceled` once `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new Error('context canceled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('context canceled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
