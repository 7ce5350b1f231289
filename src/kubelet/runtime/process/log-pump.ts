/**
 * Copies a container's stdout/stderr FIFOs into its CRI log and to live listeners (attach).
 * The FIFOs are opened read-only and non-blocking (a `net.Socket` over the fd, so no thread-pool
 * thread blocks on them). EOF comes once every writer is gone: the container (and anything that
 * inherited its output) and the supervisor, which the runtime kills after the container exited.
 * Ownership: the pump owns the log writer and both fds; `close()` releases them and flushes an
 * unterminated line as a partial (`P`) record, since the stream continues after a restart.
 */
import { constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { CriLogWriter, type LogStream } from '../cri-log-writer.js';

export type OutputListener = (stream: LogStream, chunk: Buffer) => void;

export class LogPump {
  private readonly writer: CriLogWriter;
  private readonly sockets: Socket[] = [];
  private readonly listeners = new Set<OutputListener>();
  private readonly endedStreams = new Set<LogStream>();
  private closed = false;
  /** Resolves when both streams reached EOF (or the pump was closed). */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(stateDir: string, logPath: string) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.writer = new CriLogWriter(logPath);
    for (const stream of ['stdout', 'stderr'] as const) {
      const fd = openSync(join(stateDir, stream), constants.O_RDONLY | constants.O_NONBLOCK);
      const socket = new Socket({ fd, readable: true, writable: false });
      socket.on('data', (chunk: Buffer) => {
        this.writer.write(stream, chunk);
        for (const l of this.listeners) l(stream, chunk);
      });
      socket.on('error', () => this.ended(stream));
      socket.on('end', () => this.ended(stream));
      this.sockets.push(socket);
    }
  }

  /** Live output from now on; returns the unsubscribe function. */
  subscribe(listener: OutputListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get finished(): boolean {
    return this.closed || this.endedStreams.size === 2;
  }

  /** Stops reading (kubelet shutdown); output not yet read stays in the FIFOs for the next reader. */
  close(): void {
    for (const s of this.sockets) s.destroy();
    this.writer.close('partial');
    this.closed = true;
    this.resolveDone();
  }

  private ended(stream: LogStream): void {
    if (this.closed || this.endedStreams.has(stream)) return;
    this.endedStreams.add(stream);
    this.writer.flush(stream, 'end');
    if (this.endedStreams.size === 2) {
      this.writer.close('end');
      for (const s of this.sockets) s.destroy();
      this.resolveDone();
    }
  }
}
