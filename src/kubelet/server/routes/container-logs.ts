import { access } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCriLog } from '../../logs/read-log.js';
import { errorMessage } from '../../../util/errors.js';
import type { KubeletServerHost } from '../host.js';
import { containerIdForLogs, hasContainerSpec, KubeletRequestError } from '../pod-lookup.js';
import { parseContainerLogQuery } from './log-query.js';

/**
 * GET /containerLogs/{namespace}/{pod}/{container} (model: kubelet server.go getContainerLogs and
 * GetKubeletContainerLogs). Streams text/plain; with follow, each write is flushed at once (node
 * writes chunks unbuffered) and the stream ends when the container stops or the client leaves.
 */
export async function serveContainerLogs(
  host: KubeletServerHost,
  req: IncomingMessage,
  res: ServerResponse,
  params: { namespace: string; pod: string; container: string },
  query: URLSearchParams,
): Promise<void> {
  const options = parseContainerLogQuery(query, Date.now());
  const pod = host.getPodByName(params.namespace, params.pod);
  if (!pod) throw new KubeletRequestError(404, `pod "${params.pod}" does not exist`);
  if (!hasContainerSpec(pod, params.container)) {
    throw new KubeletRequestError(404, `container "${params.container}" not found in pod "${params.pod}"`);
  }
  const containerId = containerIdForLogs(pod, params.container, options.previous);
  let logPath: string;
  try {
    logPath = (await host.runtime.containerStatus(containerId)).logPath;
  } catch (err) {
    throw new KubeletRequestError(400, `failed to get container status "${containerId}": ${errorMessage(err)}`);
  }
  try {
    await access(logPath);
  } catch (err) {
    throw new KubeletRequestError(400, `failed to open log file "${logPath}": ${errorMessage(err)}`);
  }
  const abort = new AbortController();
  const onGone = (): void => abort.abort();
  req.once('close', onGone);
  res.once('close', onGone);
  try {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    await readCriLog(logPath, options.read, res, {
      signal: abort.signal,
      isRunning: async () => {
        try {
          return (await host.runtime.containerStatus(containerId)).state === 'running';
        } catch {
          return false;
        }
      },
    });
  } catch (err) {
    // Headers are out: all we can do is end the body with the reason, as upstream's late errors do.
    if (!res.writableEnded && !res.destroyed) res.write(`failed to read log file "${logPath}": ${errorMessage(err)}\n`);
  } finally {
    req.off('close', onGone);
    res.off('close', onGone);
    if (!res.writableEnded) res.end();
  }
}
