/** The parts of a core/v1 Event the event correlator reads and writes. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSource {
  component?: string;
  host?: string;
}

export interface CoreEvent {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; resourceVersion?: string; [field: string]: unknown };
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: EventSource;
  /** RFC 3339, seconds precision (metav1.Time). */
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  /** Normal or Warning. */
  type?: string;
  /** Go's ReportingController. */
  reportingComponent?: string;
  reportingInstance?: string;
  [field: string]: unknown;
}

/** metav1.Time's wire form: RFC 3339 in UTC with whole seconds. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
