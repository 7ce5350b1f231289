import { parseRfc3339Nanos } from '../../logs/cri-log-line.js';
import type { ReadLogOptions } from '../../logs/read-log.js';
import { KubeletRequestError } from '../pod-lookup.js';

/** v1.PodLogOptions as the kubelet receives them on /containerLogs, decoded and validated. */
export interface ContainerLogQuery {
  follow: boolean;
  previous: boolean;
  read: ReadLogOptions;
}

/** Go's strconv.ParseBool. */
function parseBool(name: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(value)) return false;
  throw new KubeletRequestError(400, `invalid value for ${name}: ${JSON.stringify(value)} is not a boolean`);
}

function parseInt64(name: string, value: string): number {
  if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new KubeletRequestError(400, `invalid value for ${name}: ${JSON.stringify(value)} is not an integer`);
  }
  return Number(value);
}

/**
 * Decodes the query (model: kubelet getContainerLogs + ValidatePodLogOptions + kuberuntime
 * logs.NewLogOptions): `tail` is the legacy spelling of `tailLines` (`all` = no limit); decoding
 * errors are 400, semantic errors 422, each naming the parameter. `now` turns sinceSeconds into
 * a time; the later of sinceSeconds and sinceTime wins.
 */
export function parseContainerLogQuery(query: URLSearchParams, now: number): ContainerLogQuery {
  const get = (name: string): string | undefined => query.get(name) ?? undefined;
  let tail = get('tailLines');
  const legacyTail = get('tail');
  if (legacyTail !== undefined && legacyTail !== '') tail = legacyTail === 'all' ? undefined : legacyTail;
  const follow = parseBool('follow', get('follow') ?? '');
  const previous = parseBool('previous', get('previous') ?? '');
  const timestamps = parseBool('timestamps', get('timestamps') ?? '');
  const tailLines = tail === undefined || tail === '' ? undefined : parseInt64('tailLines', tail);
  const limitText = get('limitBytes');
  const limitBytes = limitText === undefined || limitText === '' ? undefined : parseInt64('limitBytes', limitText);
  const sinceSecondsText = get('sinceSeconds');
  const sinceSeconds = sinceSecondsText === undefined || sinceSecondsText === '' ? undefined : parseInt64('sinceSeconds', sinceSecondsText);
  const sinceTimeText = get('sinceTime');
  let sinceTime: bigint | undefined;
  if (sinceTimeText !== undefined && sinceTimeText !== '') {
    sinceTime = parseRfc3339Nanos(sinceTimeText);
    if (sinceTime === undefined) throw new KubeletRequestError(400, `invalid value for sinceTime: ${JSON.stringify(sinceTimeText)} is not an RFC3339 time`);
  }

  if (tailLines !== undefined && tailLines < 0) throw new KubeletRequestError(422, 'tailLines: Invalid value: must be greater than or equal to 0');
  if (limitBytes !== undefined && limitBytes < 1) throw new KubeletRequestError(422, 'limitBytes: Invalid value: must be greater than 0');
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    throw new KubeletRequestError(422, 'sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  }
  if (sinceSeconds !== undefined && sinceSeconds < 1) throw new KubeletRequestError(422, 'sinceSeconds: Invalid value: must be greater than 0');

  let sinceNanos: bigint | undefined;
  if (sinceSeconds !== undefined) sinceNanos = (BigInt(now) - BigInt(sinceSeconds) * 1000n) * 1_000_000n;
  if (sinceTime !== undefined && (sinceNanos === undefined || sinceTime > sinceNanos)) sinceNanos = sinceTime;

  return { follow, previous, read: { follow, timestamps, tailLines, limitBytes, sinceNanos } };
}
