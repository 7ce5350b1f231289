/**
 * The result of running a plugin (model: framework.Status). `null` means Success, as a nil
 * *Status does upstream; plugins return a Status only to say something else. Plugins never throw
 * for "does not fit": they return Unschedulable(AndUnresolvable) with reasons users will read in
 * the FailedScheduling event.
 */
export enum Code {
  /** The plugin ran correctly and found the pod schedulable (a null Status means the same). */
  Success = 0,
  /** An internal error: the pod is retried with backoff, not counted as unschedulable. */
  Error = 1,
  /** The pod does not fit now; preemption might help. */
  Unschedulable = 2,
  /** The pod does not fit and preemption cannot help (e.g. a node selector mismatch). */
  UnschedulableAndUnresolvable = 3,
  /** A Permit plugin asks to wait before binding. */
  Wait = 4,
  /** The plugin has nothing to do for this pod (PreFilter, PreScore, Bind). */
  Skip = 5,
  /** The pod waits for something outside the scheduler (not a failure of this cycle). */
  Pending = 6,
}

const CODE_NAMES = ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip', 'Pending'] as const;

export function codeName(code: Code): string {
  return CODE_NAMES[code] ?? `Code(${code})`;
}

export class Status {
  /** The plugin that returned this status; set by the framework (upstream WithPlugin). */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    readonly error?: Error,
  ) {}

  static error(err: unknown): Status {
    const error = err instanceof Error ? err : new Error(String(err));
    return new Status(Code.Error, [], error);
  }

  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  static skip(): Status {
    return new Status(Code.Skip);
  }

  /** The error's message first (if any), then the reasons (upstream Reasons()). */
  allReasons(): string[] {
    return this.error ? [this.error.message, ...this.reasons] : [...this.reasons];
  }

  /** Reasons joined with ", " (upstream Message()). */
  message(): string {
    return this.allReasons().join(', ');
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending (upstream IsRejected). */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  toString(): string {
    return `${codeName(this.code)}${this.plugin ? ` (${this.plugin})` : ''}: ${this.message()}`;
  }
}

/** The code of `s`, Success for null. */
export function codeOf(s: Status | null | undefined): Code {
  return s ? s.code : Code.Success;
}

export function isSuccess(s: Status | null | undefined): boolean {
  return !s || s.code === Code.Success;
}

export function isSkip(s: Status | null | undefined): boolean {
  return !!s && s.code === Code.Skip;
}

export function isWait(s: Status | null | undefined): boolean {
  return !!s && s.code === Code.Wait;
}

export function isRejected(s: Status | null | undefined): boolean {
  return !!s && s.isRejected();
}

/** The status as an Error (for Error codes) or undefined (upstream AsError). */
export function asError(s: Status | null | undefined): Error | undefined {
  if (!s || s.code === Code.Success || s.isRejected() || s.code === Code.Skip || s.code === Code.Wait) return undefined;
  return s.error ?? new Error(s.message());
}
