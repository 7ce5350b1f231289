/**
 * Writes a container's output to its log file in the CRI format the kubelet's log reader parses:
 * `<RFC3339Nano time> <stdout|stderr> <F|P> <text>\n` (model: containerd `pkg/cri/io/logger.go`).
 * One record per output line (`F`); a line longer than `maxLineBytes` is cut into `P` (partial)
 * records followed by a final `F`. Bytes after the last newline wait for the rest of their line;
 * `flush(stream, 'end')` writes them as an `F` record (the stream ended) and `flush(stream,
 * 'partial')` as a `P` record (the writer goes away but the stream continues elsewhere).
 *
 * Writes are synchronous appends (one `write` per chunk), so what was accepted is on disk before
 * the next chunk is read: a kubelet crash loses at most the unterminated tail held in memory.
 * Not safe for concurrent use by two writers of the same file.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogStream = 'stdout' | 'stderr';

/** containerd's default `max_container_log_line_size`. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;

/** An RFC3339 timestamp with nanosecond digits (UTC), e.g. `2024-05-01T10:00:00.123456789Z`. */
export function criTimestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const wholeMs = Math.floor(epochMs);
  const subMsNanos = Math.floor((epochMs - wholeMs) * 1e6);
  const iso = new Date(wholeMs).toISOString(); // 2024-05-01T10:00:00.123Z
  const nanos = `${iso.slice(20, 23)}${String(subMsNanos).padStart(6, '0')}`;
  return `${iso.slice(0, 19)}.${nanos}Z`;
}

export class CriLogWriter {
  private fd: number | undefined;
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly pendingBytes: Record<LogStream, number> = { stdout: 0, stderr: 0 };

  /** Opens (creating, appending) `path`; its directory is created when missing. */
  constructor(
    readonly path: string,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  /** Appends raw output of `stream`; complete lines become records at once. */
  write(stream: LogStream, chunk: Buffer): void {
    if (this.fd === undefined) return;
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      this.pending[stream].push(chunk.subarray(start, nl));
      this.pendingBytes[stream] += nl - start;
      this.takeLine(stream, 'F', out);
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.pending[stream].push(chunk.subarray(start));
      this.pendingBytes[stream] += chunk.length - start;
      while (this.pendingBytes[stream] >= this.maxLineBytes) this.takePartial(stream, out);
    }
    this.append(out);
  }

  /** Writes the unterminated tail of `stream`, if any: as `F` when the stream ended, else as `P`. */
  flush(stream: LogStream, how: 'end' | 'partial'): void {
    if (this.fd === undefined || this.pendingBytes[stream] === 0) return;
    const out: string[] = [];
    this.takeLine(stream, how === 'end' ? 'F' : 'P', out);
    this.append(out);
  }

  /** Writes a line the runtime itself produced (e.g. the simulated runtime's notice). */
  writeLine(stream: LogStream, text: string): void {
    this.append([`${criTimestamp()} ${stream} F ${text}\n`]);
  }

  /** Flushes both streams' tails as partial records and closes the file. Idempotent. */
  close(how: 'end' | 'partial' = 'partial'): void {
    if (this.fd === undefined) return;
    this.flush('stdout', how);
    this.flush('stderr', how);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private takeLine(stream: LogStream, tag: 'F' | 'P', out: string[]): void {
    const text = Buffer.concat(this.pending[stream]).toString('utf8');
    this.pending[stream] = [];
    this.pendingBytes[stream] = 0;
    out.push(`${criTimestamp()} ${stream} ${tag} ${text}\n`);
  }

  private takePartial(stream: LogStream, out: string[]): void {
    const all = Buffer.concat(this.pending[stream]);
    out.push(`${criTimestamp()} ${stream} P ${all.subarray(0, this.maxLineBytes).toString('utf8')}\n`);
    const rest = all.subarray(this.maxLineBytes);
    this.pending[stream] = rest.length > 0 ? [rest] : [];
    this.pendingBytes[stream] = rest.length;
  }

  private append(lines: string[]): void {
    if (lines.length === 0 || this.fd === undefined) return;
    writeSync(this.fd, lines.join(''));
  }
}
