/** The httpGet probe action (model: pkg/probe/http DoHTTPProbe). */
import { httpGet, HttpGetError, type HttpGetRequest } from './http-get.js';
import type { ActionResult } from './types.js';

/**
 * GETs `request` within `timeoutMs`: 200–299 succeed with the body as output; 300–399 (a redirect
 * to another host, not followed) succeed with a warning; other codes fail with
 * `HTTP probe failed with statuscode: <code>` (never the body, as upstream); transport errors and
 * timeouts fail with Go's error text. Throws only when reading an arrived body fails (upstream
 * reports that as a probe error).
 */
export async function runHttpProbe(request: HttpGetRequest, timeoutMs: number): Promise<ActionResult> {
  let response;
  try {
    response = await httpGet(request, { timeoutMs });
  } catch (err) {
    if (err instanceof HttpGetError && !err.whileReadingBody) return { outcome: 'failure', output: err.message };
    throw err;
  }
  const body = response.body.toString('utf8');
  if (response.statusCode >= 200 && response.statusCode < 400) {
    if (response.statusCode >= 300) return { outcome: 'warning', output: `Probe terminated redirects, Response body: ${body}` };
    return { outcome: 'success', output: body };
  }
  return { outcome: 'failure', output: `HTTP probe failed with statuscode: ${response.statusCode}` };
}
