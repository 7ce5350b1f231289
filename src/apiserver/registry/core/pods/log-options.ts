/**
 * PodLogOptions from the query of `pods/{name}/log` (model: the v1 PodLogOptions query
 * conversion and ValidatePodLogOptions, v1.32), and the kubelet query LogLocation builds from
 * them. Unparsable values are 400s; values out of range are 422s worded as upstream.
 */
import { forbidden, invalid as invalidField, type FieldError } from '../../../../api/field-errors.js';
import { BadRequestError } from '../../../../util/errors.js';
import { invalid } from '../../generic/errors.js';

export interface PodLogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** RFC 3339, second precision (as upstream re-formats it for the kubelet). */
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend: boolean;
}

/** upstream Convert_Slice_string_To_bool: absent is false; "0" and "false" are false; anything else (even empty) is true. */
function bool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return !(value === '0' || value.toLowerCase() === 'false');
}

function int64(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw new BadRequestError(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new BadRequestError(`strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`);
  return n;
}

function rfc3339(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new BadRequestError(`parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as RFC 3339`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The options of a log request for pod `name`; 400 for unparsable values, 422 for invalid ones. */
export function parseLogOptions(name: string, query: URLSearchParams): PodLogOptions {
  const options: PodLogOptions = {
    container: query.get('container') ?? '',
    follow: bool(query, 'follow'),
    previous: bool(query, 'previous'),
    timestamps: bool(query, 'timestamps'),
    insecureSkipTLSVerifyBackend: bool(query, 'insecureSkipTLSVerifyBackend'),
  };
  const sinceSeconds = int64(query, 'sinceSeconds');
  const sinceTime = rfc3339(query, 'sinceTime');
  const tailLines = int64(query, 'tailLines');
  const limitBytes = int64(query, 'limitBytes');
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) options.sinceTime = sinceTime;
  if (tailLines !== undefined) options.tailLines = tailLines;
  if (limitBytes !== undefined) options.limitBytes = limitBytes;
  const errors = validateLogOptions(options);
  if (errors.length > 0) throw invalid({ group: '', resource: 'pods', kind: 'PodLogOptions' }, name, errors);
  return options;
}

/** upstream ValidatePodLogOptions. */
export function validateLogOptions(options: PodLogOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0) errors.push(invalidField('tailLines', options.tailLines, 'must be greater than or equal to 0'));
  if (options.limitBytes !== undefined && options.limitBytes < 1) errors.push(invalidField('limitBytes', options.limitBytes, 'must be greater than 0'));
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) errors.push(forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) errors.push(invalidField('sinceSeconds', options.sinceSeconds, 'must be greater than 0'));
  return errors;
}

/** The kubelet's `/containerLogs` query for these options (upstream LogLocation). */
export function kubeletLogQuery(options: PodLogOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (options.follow) params.set('follow', 'true');
  if (options.previous) params.set('previous', 'true');
  if (options.timestamps) params.set('timestamps', 'true');
  if (options.sinceSeconds !== undefined) params.set('sinceSeconds', String(options.sinceSeconds));
  if (options.sinceTime !== undefined) params.set('sinceTime', options.sinceTime);
  if (options.tailLines !== undefined) params.set('tailLines', String(options.tailLines));
  if (options.limitBytes !== undefined) params.set('limitBytes', String(options.limitBytes));
  // url.Values.Encode sorts by key; so does this, for identical URLs.
  params.sort();
  return params;
}
