import { noop } from 'cockatiel';
import { Etcd3 } from 'etcd3';

/** Deadline for one unary call (reads, writes, lease grants). Watch streams have none. */
export const CALL_TIMEOUT_MS = 10_000;
/** Deadline for the connectivity probe in `open`, so a dead endpoint fails fast per attempt. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Calls run once (cockatiel's no-op policy). etcd3's default global policy retries every failed
 * call up to three times, which is unsafe for writes: a txn whose response was lost may have been
 * applied, and replaying it turns our own create into AlreadyExists (etcd's Go client retries
 * mutations only when the request was never sent). The backend retries idempotent reads itself.
 */
const runOnce = noop;

/**
 * Creates the etcd3 client for `members` (`host:port` each). The channel options keep calls
 * failing fast and recovering fast: reconnect backoff capped at 2 s (gRPC's default grows to
 * 120 s), keepalive pings to notice a silently dead member, and no client-side cap on response size
 * (a watch response may carry many values up to 1.5 MiB each).
 *
 * With one member the per-host circuit breaker is disabled too: it would only add its 5 s
 * half-open delay to recovery. With several, etcd3's default breaker steers calls away from a
 * member that failed three times in a row.
 */
export function createClient(members: string[]): Etcd3 {
  return new Etcd3({
    hosts: members.map((m) => `http://${m}`),
    grpcOptions: {
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 2_000,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.max_receive_message_length': -1,
    },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + CALL_TIMEOUT_MS }),
    faultHandling: members.length === 1 ? { global: runOnce, host: () => runOnce } : { global: runOnce },
  });
}
