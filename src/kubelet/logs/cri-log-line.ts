/**
 * One line of a CRI-format container log file (model: kubelet pkg/kubelet/kuberuntime/logs
 * parseCRILog): `<RFC3339Nano time> <stdout|stderr> <F|P> <text>\n`. A `P` (partial) record is a
 * piece of a longer output line; the pieces up to the next `F` record form the line.
 */

export type LogStream = 'stdout' | 'stderr';

export interface CriLogRecord {
  /** The time exactly as written in the file (RFC3339Nano), echoed by `timestamps`. */
  timeText: string;
  /** Nanoseconds since the Unix epoch. */
  timeNanos: bigint;
  stream: LogStream;
  /** True for a `P` record: the text continues in the next record. */
  partial: boolean;
  /** The text without the record's trailing newline. */
  text: Buffer;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC3339 / RFC3339Nano time to nanoseconds since the epoch; undefined when malformed. */
export function parseRfc3339Nanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const offset = Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6));
    ms -= sign * offset * 60_000;
  }
  const fracNanos = frac ? BigInt(frac.padEnd(9, '0')) : 0n;
  return BigInt(ms) * 1_000_000n + fracNanos;
}

/** Formats nanoseconds since the epoch as RFC3339Nano in UTC (Go's format: trailing zeros dropped). */
export function formatRfc3339Nanos(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const sub = nanos % 1_000_000_000n;
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = sub === 0n ? '' : '.' + sub.toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac}Z`;
}

/**
 * Parses one record (without or with its trailing `\n`). Throws an Error naming the problem for
 * a malformed record; the reader skips those as upstream does.
 */
export function parseCriLogLine(line: Buffer): CriLogRecord {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end--;
  const firstSpace = line.indexOf(0x20);
  if (firstSpace < 0 || firstSpace >= end) throw new Error(`timestamp is not found`);
  const timeText = line.toString('latin1', 0, firstSpace);
  const timeNanos = parseRfc3339Nanos(timeText);
  if (timeNanos === undefined) throw new Error(`unexpected timestamp format "${timeText}"`);
  const streamEnd = line.indexOf(0x20, firstSpace + 1);
  if (streamEnd < 0 || streamEnd >= end) throw new Error('stream type is not found');
  const streamText = line.toString('latin1', firstSpace + 1, streamEnd);
  if (streamText !== 'stdout' && streamText !== 'stderr') throw new Error(`unexpected stream type "${streamText}"`);
  const tagEnd = line.indexOf(0x20, streamEnd + 1);
  let tagText: string;
  let textStart: number;
  if (tagEnd < 0 || tagEnd >= end) {
    // `<time> <stream> <tag>` with empty text and no separating space.
    tagText = line.toString('latin1', streamEnd + 1, end);
    textStart = end;
  } else {
    tagText = line.toString('latin1', streamEnd + 1, tagEnd);
    textStart = tagEnd + 1;
  }
  // Tags are `:`-separated; the first says partial or full (CRI LogTag).
  const tag = tagText.split(':')[0];
  if (tag !== 'F' && tag !== 'P') throw new Error(`unexpected log tag "${tagText}"`);
  return { timeText, timeNanos, stream: streamText, partial: tag === 'P', text: line.subarray(textStart, end) };
}

/** Formats a record the way runtimes write it (used by tests and test runtimes). */
export function formatCriLogLine(time: Date | string, stream: LogStream, text: string, partial = false): string {
  const t = typeof time === 'string' ? time : time.toISOString();
  return `${t} ${stream} ${partial ? 'P' : 'F'} ${text}\n`;
}
