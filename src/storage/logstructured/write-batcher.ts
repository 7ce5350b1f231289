import { BugError, errorMessage, InternalError, ServiceUnavailableError, StatusError } from '../../util/errors.js';
import type { WatchEvent } from '../backend.js';
import { logEventToWatchEvent } from './convert.js';
import { RowKind, type Log, type LogRow } from './log.js';

/**
 * Builds the row for one write, given the revision it would get, after checking the log (inside the
 * transaction, so the check sees every earlier write). Throws a `StatusError` to refuse the write
 * (only that write fails); returns undefined to skip it.
 */
export type Mutation<T extends LogRow | undefined> = (revision: number) => T;

interface Pending {
  build: Mutation<LogRow | undefined>;
  resolve: (row: LogRow | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: writes submitted while the event loop is busy are applied in submission order in
 * one transaction, on the next turn of the loop; each write's promise settles only after that
 * transaction is durable, so an acknowledged write survives a crash. Events of the committed rows
 * are handed to `publish` synchronously after the commit, in revision order.
 */
export class WriteBatcher {
  private pending: Pending[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly log: Log,
    private readonly publish: (events: { key: string; event: WatchEvent }[]) => void,
  ) {}

  submit<T extends LogRow | undefined>(build: Mutation<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ServiceUnavailableError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ build, resolve: resolve as (row: LogRow | undefined) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is pending now and refuses later writes. */
  async drain(): Promise<void> {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.flush();
  }

  private flush(): void {
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: ({ row: LogRow | undefined } | { error: StatusError })[] = [];
    let events: { key: string; event: WatchEvent }[] = [];
    try {
      this.log.transaction(() => {
        outcomes = [];
        events = [];
        for (const write of batch) outcomes.push(this.apply(write, events));
      });
    } catch (err) {
      const failure = new InternalError(`the store failed to commit ${batch.length} write(s): ${errorMessage(err)}`, { cause: err });
      for (const write of batch) write.reject(failure);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) write.reject(outcome.error);
      else write.resolve(outcome.row);
    });
    if (events.length > 0) this.publish(events);
  }

  private apply(write: Pending, events: { key: string; event: WatchEvent }[]): { row: LogRow | undefined } | { error: StatusError } {
    let row: LogRow | undefined;
    try {
      row = write.build(this.log.currentRevision() + 1);
    } catch (err) {
      if (err instanceof StatusError) return { error: err };
      throw err;
    }
    if (!row) return { row };
    const prev = row.kind === RowKind.Create ? undefined : this.log.latest(row.key);
    if (prev && prev.revision !== row.prevRevision) throw new BugError(`${row.key}: prev row ${prev.revision} is not ${row.prevRevision}`);
    this.log.append(row);
    events.push({ key: row.key, event: logEventToWatchEvent({ row, prev }) });
    return { row };
  }
}
