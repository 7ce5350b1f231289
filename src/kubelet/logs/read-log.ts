import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { parseCriLogLine, type CriLogRecord, type LogStream } from './cri-log-line.js';
import { findTailStartOffset } from './tail-offset.js';

/** What to read (model: kubelet kuberuntime/logs LogOptions, built from v1.PodLogOptions). */
export interface ReadLogOptions {
  /** Only the last N lines of the file (raw lines, as upstream); undefined = all. */
  tailLines?: number;
  /** Skip lines logged before this time (nanoseconds since the epoch). */
  sinceNanos?: bigint;
  /** Prefix each line with its RFC3339Nano time and a space. */
  timestamps: boolean;
  /** Stop after writing this many bytes (the last line may be cut). */
  limitBytes?: number;
  /** Keep streaming new lines while the container runs. */
  follow: boolean;
}

export interface FollowControl {
  /** Whether the container still runs; following ends after the file is drained once it does not. */
  isRunning(): Promise<boolean>;
  /** Aborting stops reading promptly (e.g. the HTTP client went away); the reader then resolves. */
  signal?: AbortSignal;
  /** Upper bound on how long a follower sleeps without a file event before re-checking (default 1 s, as upstream). */
  recheckMs?: number;
}

const CHUNK = 64 * 1024;

/**
 * Copies the CRI log file at `path` to `out` as plain text, applying the options. `P` records are
 * joined with the records that follow on the same stream until an `F` record, and the line takes
 * the first piece's time. Malformed records are skipped. With `follow`, waits for the file to
 * grow (file events, plus a periodic re-check), reopens it when it is replaced (log rotation),
 * and returns once the container no longer runs and the file is drained, when `signal` aborts,
 * or when `out` closes. Honors `out`'s backpressure. Rejects when the file cannot be opened.
 */
export async function readCriLog(path: string, options: ReadLogOptions, out: Writable, control?: FollowControl): Promise<void> {
  const reader = new LogReader(path, options, out, control);
  try {
    await reader.run();
  } finally {
    await reader.close();
  }
}

class LogReader {
  private file: FileHandle | undefined;
  private position = 0;
  private pending: Buffer = Buffer.alloc(0);
  private readonly partials = new Map<LogStream, { first: CriLogRecord; pieces: Buffer[] }>();
  private written = 0;
  private done = false;
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  private changed = false;

  constructor(
    private readonly path: string,
    private readonly options: ReadLogOptions,
    private readonly out: Writable,
    private readonly control: FollowControl | undefined,
  ) {}

  async run(): Promise<void> {
    this.file = await open(this.path, 'r');
    const size = (await this.file.stat()).size;
    this.position = this.options.tailLines === undefined ? 0 : await findTailStartOffset(this.file, size, this.options.tailLines);
    const signal = this.control?.signal;
    const onStop = (): void => this.stop();
    signal?.addEventListener('abort', onStop, { once: true });
    this.out.once('close', onStop);
    try {
      if (signal?.aborted) return;
      if (this.options.follow) this.startWatching();
      // Whether the container ran at the last check: once it does not, the next EOF ends a follow.
      let running = this.options.follow;
      const buf = Buffer.allocUnsafe(CHUNK);
      while (!this.done) {
        const { bytesRead } = await this.file.read(buf, 0, CHUNK, this.position);
        if (this.done) break;
        if (bytesRead > 0) {
          this.position += bytesRead;
          await this.consume(buf.subarray(0, bytesRead));
          continue;
        }
        if (!running) break;
        running = await this.isRunning();
        if (!running || this.done) continue; // drain what was written before it stopped
        await this.waitForChange();
        if (!this.done) await this.reopenIfReplaced();
      }
      // An unterminated last record is still a record once reading ends for good.
      if (!this.done && this.pending.length > 0) await this.emitRecord(this.pending);
      if (!this.done) await this.flushPartials();
    } finally {
      signal?.removeEventListener('abort', onStop);
      this.out.off('close', onStop);
    }
  }

  async close(): Promise<void> {
    this.stop();
    this.watcher?.close();
    await this.file?.close();
  }

  private stop(): void {
    this.done = true;
    this.wakeUp();
  }

  private async isRunning(): Promise<boolean> {
    return this.control ? this.control.isRunning() : false;
  }

  private startWatching(): void {
    const name = basename(this.path);
    try {
      // The directory, not the file: it reports writes to the file and its replacement alike.
      this.watcher = watch(dirname(this.path), (_event, filename) => {
        if (filename === null || filename === name) this.wakeUp();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // No file events (e.g. inotify limits): the periodic re-check still follows the file.
    }
  }

  private wakeUp(): void {
    this.changed = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async waitForChange(): Promise<void> {
    if (this.changed) {
      this.changed = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wakeUp(), this.control?.recheckMs ?? 1000);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.changed = false;
  }

  /** After rotation the path names a new file: finish the old one first, then read the new one from its start. */
  private async reopenIfReplaced(): Promise<void> {
    let current;
    try {
      current = await stat(this.path);
    } catch {
      return; // removed and not yet recreated: keep the old handle until the container stops
    }
    const mine = await this.file!.stat();
    if (current.ino === mine.ino && current.dev === mine.dev) return;
    // Drain what is left of the old file before switching.
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await this.file!.read(buf, 0, CHUNK, this.position);
      if (bytesRead === 0 || this.done) break;
      this.position += bytesRead;
      await this.consume(buf.subarray(0, bytesRead));
    }
    if (this.done) return;
    let next: FileHandle;
    try {
      next = await open(this.path, 'r');
    } catch {
      return;
    }
    await this.file!.close();
    this.file = next;
    this.position = 0;
    this.pending = Buffer.alloc(0);
  }

  private async consume(chunk: Buffer): Promise<void> {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const nl = data.indexOf(0x0a);
      if (nl < 0) break;
      await this.emitRecord(data.subarray(0, nl + 1));
      if (this.done) return;
      data = data.subarray(nl + 1);
    }
    this.pending = Buffer.from(data);
  }

  private async emitRecord(line: Buffer): Promise<void> {
    let record: CriLogRecord;
    try {
      record = parseCriLogLine(line);
    } catch {
      return; // upstream logs and skips malformed records
    }
    const open = this.partials.get(record.stream);
    if (record.partial) {
      if (open) open.pieces.push(Buffer.from(record.text));
      else this.partials.set(record.stream, { first: record, pieces: [Buffer.from(record.text)] });
      return;
    }
    if (open) {
      this.partials.delete(record.stream);
      await this.emitLine(open.first, Buffer.concat([...open.pieces, record.text]));
    } else {
      await this.emitLine(record, record.text);
    }
  }

  private async flushPartials(): Promise<void> {
    for (const [stream, open] of [...this.partials]) {
      this.partials.delete(stream);
      await this.emitLine(open.first, Buffer.concat(open.pieces), false);
    }
  }

  private async emitLine(first: CriLogRecord, text: Buffer, newline = true): Promise<void> {
    if (this.options.sinceNanos !== undefined && first.timeNanos < this.options.sinceNanos) return;
    const parts: Buffer[] = [];
    if (this.options.timestamps) parts.push(Buffer.from(first.timeText + ' ', 'latin1'));
    parts.push(text);
    if (newline) parts.push(Buffer.from('\n'));
    let data = Buffer.concat(parts);
    const limit = this.options.limitBytes;
    if (limit !== undefined) {
      const room = limit - this.written;
      if (data.length >= room) {
        data = data.subarray(0, room);
        this.done = true;
      }
    }
    this.written += data.length;
    if (data.length > 0) await writeWithBackpressure(this.out, data);
    if (this.done) this.wakeUp();
  }
}

/** Writes and, when `out` asks to wait, resolves on drain (or when it closes or fails). */
async function writeWithBackpressure(out: Writable, data: Buffer): Promise<void> {
  if (out.destroyed || out.writableEnded) return;
  if (out.write(data)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}
